"""Hard rule 2: a held or fixed history row decides the host, past the horizon too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from novu_planner.rules.base import HardRule, Hosts, Violation

if TYPE_CHECKING:
    from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> None:
    for sp in m.problem.series:
        for slot in sp.slots:
            row = slot.fixed_row
            if row is None:
                continue
            var = m.hosts.get(slot, row.host)
            if var is not None:
                m.restrict(row.entry, m.model.add(var == 1))


def check(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for slot in sp.planned:
            row = slot.fixed_row
            host = hosts.get((slot.series, slot.year))
            if row is not None and host != row.host:
                message = f"{row.entry} says {row.host}, plan says {host}"
                out.append(Violation(RULE.name, slot.series, slot.year, message))
    return out


def cause(problem: RotationProblem, sp: SeriesProblem, slot: Slot, base: str, host: str, hosts: Hosts) -> str:
    """A history row fixes another host."""
    row = slot.fixed_row
    if row is None:
        return ""
    return f"{row.entry} fixes {problem.network.city(row.host).name} for {slot.year}"


RULE = HardRule("history", "a held or fixed history row decides the host", build, check, cause)
