"""Hard rule 3: no host in one of its blackout years."""

from __future__ import annotations

from typing import TYPE_CHECKING

from novu_planner.rules.base import HardRule, Hosts, Violation

if TYPE_CHECKING:
    from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> None:
    for blackout in m.network.blackouts:
        for k, year in enumerate(blackout.years):
            for sp in m.problem.series:
                # Look-ahead editions keep blackouts too, so the turns they
                # cost do not depend on how many years are planned.
                slot = sp.modelled(year)
                if slot is None or slot.cancelled or not blackout.applies(sp.series.id):
                    continue
                var = m.hosts.get(slot, blackout.city)
                if var is not None:
                    m.restrict(f"{blackout.entry}.years[{k}] = {year}", m.model.add(var == 0))


def check(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for blackout in problem.network.blackouts:
        for (series, year), host in hosts.items():
            if host == blackout.city and year in blackout.years and blackout.applies(series):
                out.append(Violation(RULE.name, series, year, f"{host} hosts despite {blackout.entry}"))
    return out


def cause(problem: RotationProblem, sp: SeriesProblem, slot: Slot, base: str, host: str, hosts: Hosts) -> str:
    """The base host has a blackout that year."""
    for blackout in problem.network.blackouts_of(base, sp.series.id):
        if slot.year in blackout.years:
            why = blackout.reason or blackout.entry
            return f"{problem.network.city(base).name} cannot host in {slot.year}, {why}"
    return ""


RULE = HardRule("blackout", "nobody hosts in one of its blackout years", build, check, cause)
