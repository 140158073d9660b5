"""Soft rule 4, wishes: the summed weight of the wishes not granted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from novu_planner.rules.base import CostItem, Hosts, SoftRule

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from novu_planner.network.model import Wish
    from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> cp_model.LinearExprT:
    terms: list[cp_model.LinearExprT] = []
    for wish in considered_wishes(m.problem):
        options = wish_options(m, wish)
        if not options:
            terms.append(wish.weight)
            continue
        granted = m.model.new_bool_var(f"wish[{wish.index}]")
        m.model.add_bool_or(options).only_enforce_if(granted)
        # Both ways (granted exactly when one option holds): the minimisation
        # would pick that value anyway, but the tighter link lets CP-SAT
        # prove the wishes level several times faster.
        for option in options:
            m.model.add_implication(option, granted)
        terms.append(wish.weight * (1 - granted))
    return sum(terms)


def considered_wishes(problem: RotationProblem) -> list[Wish]:
    """Wishes for the planned years; the others are warned about, not costed."""
    return [w for w in problem.network.wishes if problem.first <= w.year <= problem.last]


def wish_options(m: RotationModel, wish: Wish) -> list[cp_model.IntVar]:
    """The host variables any of which grants the wish."""
    options = []
    for sp, slot in m.planned_slots():
        if slot.year == wish.year and wish.applies(sp.series.id):
            var = m.hosts.get(slot, wish.city)
            if var is not None:
                options.append(var)
    return options


def recompute(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> int:
    return sum(item.points for item in itemise(problem, hosts, lookahead))


def itemise(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> list[CostItem]:
    """Every wish for a planned year that the hosts do not grant, by its weight."""
    items = []
    for wish in considered_wishes(problem):
        granted = any(
            host == wish.city and year == wish.year and wish.applies(series)
            for (series, year), host in hosts.items()
        )
        if not granted:
            what = f" {wish.series}" if wish.series else ""
            why = f" ({wish.reason})" if wish.reason else ""
            text = (
                f"{wish.entry}: {problem.city(wish.city).name} to host{what} in {wish.year}{why} not granted"
            )
            items.append(CostItem(wish.weight, text))
    return items


def explain(
    problem: RotationProblem, sp: SeriesProblem, slot: Slot, base: str, host: str, hosts: Hosts
) -> str:
    """The chosen host wished to host that year."""
    network = problem.network
    for wish in network.wishes:
        if wish.city == host and wish.year == slot.year and wish.applies(sp.series.id):
            why = f", {wish.reason}" if wish.reason else ""
            return f"{network.city(host).name} wished to host in {slot.year}{why}"
    return ""


RULE = SoftRule(
    "wishes",
    "one point per unit of weight of each wish for a planned year that is not granted",
    build,
    recompute,
    explain=explain,
    itemise=itemise,
)
