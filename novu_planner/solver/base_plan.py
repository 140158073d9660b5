"""When the base rota is itself the optimum, the plan needs no solve.

Every cost is a sum of non-negative terms, and the disruption of a plan
is 0 only when each city's k-th hosting is held exactly at its k-th turn
and every turn inside the modelled editions is held: each city then hosts
at its turns' editions and nowhere else. So the base rota (every planned
and look-ahead edition given its base host) is the one plan of disruption
0. If it keeps every hard rule, it is the optimum of the first level, and
being the only plan there, it is also the optimum of every later level
and what the tie-break picks: exactly what `solve_rotation` would return
after all its solves, costs included (each recomputed as the validator
does). If a wish is left refused, its price needs the solver, so this
answers only when the rota grants every wish.

The network NOVU plans most years is such a case: the youth week and the
contact meeting go round in order and nobody is kept from their turn.
Planning it then loads no OR-Tools at all.
"""

from __future__ import annotations

import dataclasses
import time

from novu_planner.plans.model import WishOutcome
from novu_planner.rotation.problem import RotationProblem, SeriesProblem
from novu_planner.rotation.result import OPTIMAL, RotationResult
from novu_planner.rules import HARD_RULES, SOFT_RULES, wishes


def base_plan(problem: RotationProblem) -> RotationResult | None:
    """The proven optimum when it is the base rota; None when the solver must decide."""
    started = time.monotonic()
    hosts = {
        (slot.series, slot.year): slot.base
        for sp in problem.series
        for slot in sp.planned
        if slot.base is not None
    }
    lookahead = {
        (slot.series, slot.year): slot.base
        for sp in problem.series
        for slot in sp.slots
        if not slot.planned and slot.base is not None
    }
    # The look-ahead editions keep the hard rules in the model too: check
    # them as if planned (a check stricter than the model only sends the
    # network to the solver).
    whole = dataclasses.replace(problem, series=[_all_planned(sp) for sp in problem.series])
    if any(rule.check(whole, {**hosts, **lookahead}) for rule in HARD_RULES):
        return None
    costs = {rule.name: rule.recompute(problem, hosts, lookahead) for rule in SOFT_RULES}
    if costs[SOFT_RULES[0].name] != 0:
        return None  # not reached: the rota holds every turn in place; kept as a guard
    if wishes.itemise(problem, hosts, lookahead):
        return None  # a wish refused: its price takes the solver
    granted = [WishOutcome(w.index, True) for w in wishes.considered_wishes(problem)]
    result = RotationResult(OPTIMAL, costs, hosts, lookahead, granted)
    result.solve_seconds = time.monotonic() - started
    result.stage_seconds = {"base rota": result.solve_seconds}
    return result


def _all_planned(sp: SeriesProblem) -> SeriesProblem:
    return dataclasses.replace(sp, slots=[dataclasses.replace(s, planned=True) for s in sp.slots])
