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
            host = slot.fixed_host
            var = m.hosts.get(slot, host) if host is not None else None
            if var is not None:
                m.restrict(slot.row.entry, m.model.add(var == 1))


def check(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for slot in sp.planned:
            fixed = slot.fixed_host
            host = hosts.get((slot.series, slot.year))
            if fixed is not None and host != fixed:
                message = f"{slot.row.entry} says {fixed}, plan says {host}"
                out.append(Violation(RULE.name, slot.series, slot.year, message))
    return out


def cause(problem: RotationProblem, sp: SeriesProblem, slot: Slot, base: str, host: str, hosts: Hosts) -> str:
    """A history row fixes another host."""
    if slot.fixed_host is None:
        return ""
    return f"{slot.row.entry} fixes {problem.network.city(slot.fixed_host).name} for {slot.year}"


RULE = HardRule("history", "a held or fixed history row decides the host", build, check, cause)
