"""Hard rule 1b: the host is a member of the series, taking part that year, not a guest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from novu_planner.rules.base import HardRule, Hosts, Violation

if TYPE_CHECKING:
    from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> None:
    # Look-ahead editions only get variables for eligible members in the first place.
    for sp, slot in m.planned_slots():
        series = sp.series
        for city_id, var in m.hosts.of(slot).items():
            city = m.network.city(city_id)
            if city.guest:
                m.restrict(f"{city.entry} guest = true", m.model.add(var == 0))
                continue
            if city_id not in series.members:
                m.restrict(f"{series.entry} members", m.model.add(var == 0))
            if city.joined is not None and slot.year < city.joined:
                m.restrict(f"{city.entry} joined = {city.joined}", m.model.add(var == 0))
            if city.left is not None and slot.year > city.left:
                m.restrict(f"{city.entry} left = {city.left}", m.model.add(var == 0))


def check(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for slot in sp.planned:
            host = hosts.get((slot.series, slot.year))
            if host is None or slot.cancelled:
                continue
            city = problem.network.city(host)
            if city.guest:
                out.append(Violation(RULE.name, slot.series, slot.year, f"{host} is a guest"))
            elif host not in sp.series.members:
                out.append(Violation(RULE.name, slot.series, slot.year, f"{host} is not a member"))
            elif not city.active(slot.year):
                out.append(
                    Violation(RULE.name, slot.series, slot.year, f"{host} does not take part that year")
                )
    return out


def cause(problem: RotationProblem, sp: SeriesProblem, slot: Slot, base: str, host: str, hosts: Hosts) -> str:
    """The base host does not take part that year."""
    city = problem.network.city(base)
    if city.active(slot.year):
        return ""
    if city.joined is not None and slot.year < city.joined:
        return f"{city.name} takes part only from {city.joined}"
    return f"{city.name} took part only until {city.left}"


RULE = HardRule(
    "members", "the host is a member of the series, taking part that year, not a guest", build, check, cause
)
