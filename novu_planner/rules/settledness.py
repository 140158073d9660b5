"""Soft rule 2, settledness: a change in an earlier year costs more than one in a later year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from novu_planner.rules.base import CostItem, Hosts, SoftRule

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from novu_planner.rotation.problem import RotationProblem
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> cp_model.LinearExprT:
    terms = []
    for sp in m.problem.series:
        planned = sp.planned
        for i, slot in enumerate(planned):
            if slot.cancelled or slot.base is None:
                continue
            weight = len(planned) - i
            var = m.hosts.get(slot, slot.base)
            terms.append(weight if var is None else weight * (1 - var))
    return sum(terms)


def recompute(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> int:
    return sum(item.points for item in itemise(problem, hosts, lookahead))


def itemise(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> list[CostItem]:
    """Every planned edition not held by its base host, weighted by how early it lies."""
    items = []
    for sp in problem.series:
        planned = sp.planned
        for i, slot in enumerate(planned):
            if slot.cancelled or slot.base is None:
                continue
            host = hosts.get((slot.series, slot.year))
            if host != slot.base:
                weight = len(planned) - i
                now = problem.city(host).name if host else "nobody"
                text = (
                    f"{slot.series} {slot.year}: {now} instead of {problem.city(slot.base).name}, "
                    f"{weight} of {len(planned)} planned editions from there to the last"
                )
                items.append(CostItem(weight, text))
    return items


RULE = SoftRule(
    "settledness",
    "per planned edition not held by its base host, one point per planned edition"
    " from it to the last (itself included)",
    build,
    recompute,
    itemise=itemise,
)
