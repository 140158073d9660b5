"""Hard rule 4: with distinct_from, no city hosts both series in one year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from novu_planner.rules.base import HardRule, Hosts, Violation

if TYPE_CHECKING:
    from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> None:
    done: set[frozenset[str]] = set()
    for sp in m.problem.series:
        for other_id in sp.series.distinct_from:
            pair = frozenset((sp.series.id, other_id))
            if pair in done:
                continue
            done.add(pair)
            other = m.problem.of(other_id)
            entry = f"{sp.series.entry} distinct_from {other_id!r}"
            for slot in sp.slots:
                twin = other.modelled(slot.year)
                if slot.cancelled or twin is None or twin.cancelled:
                    continue
                for city_id, var in m.hosts.of(slot).items():
                    var2 = m.hosts.get(twin, city_id)
                    if var2 is not None:
                        m.restrict(entry, m.model.add(var + var2 <= 1))


def check(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for other in sp.series.distinct_from:
            for slot in sp.planned:
                mine, theirs = hosts.get((sp.series.id, slot.year)), hosts.get((other, slot.year))
                if mine is not None and mine == theirs:
                    out.append(Violation(RULE.name, sp.series.id, slot.year, f"{mine} also hosts {other}"))
    return out


def cause(problem: RotationProblem, sp: SeriesProblem, slot: Slot, base: str, host: str, hosts: Hosts) -> str:
    """The base host hosts a series this one is distinct from, that year."""
    network = problem.network
    for other_id in sp.series.distinct_from + tuple(
        s.series.id for s in problem.series if sp.series.id in s.series.distinct_from
    ):
        if hosts.get((other_id, slot.year)) == base:
            other = network.get_series(other_id)
            return f"{network.city(base).name} hosts the {other.name} in {slot.year}"
    return ""


RULE = HardRule(
    "distinct", "with distinct_from, nobody hosts two of those series in one year", build, check, cause
)
