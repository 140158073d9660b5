"""Hard rule 1a: each edition has exactly one host; a cancelled one has none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from novu_planner.rules.base import HardRule, Hosts, Violation

if TYPE_CHECKING:
    from novu_planner.rotation.problem import RotationProblem
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> None:
    # Look-ahead editions too; a cancelled edition has no host variables.
    for sp in m.problem.series:
        for slot in sp.slots:
            candidates = list(m.hosts.of(slot).values())
            if candidates:
                m.model.add_exactly_one(candidates)


def check(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for slot in sp.planned:
            host = hosts.get((slot.series, slot.year))
            if slot.cancelled and slot.row is not None and host is not None and host != slot.row.host:
                out.append(Violation(RULE.name, slot.series, slot.year, f"cancelled, yet hosted by {host}"))
            if not slot.cancelled and host is None:
                out.append(Violation(RULE.name, slot.series, slot.year, "has no host"))
    return out


RULE = HardRule("one-host", "each edition has exactly one host", build, check)
