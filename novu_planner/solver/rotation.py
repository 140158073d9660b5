"""Solve the rotation: strict priority by sequential solves.

The soft rules are minimised one after the other; after each solve the
level's cost is fixed (`cost <= best found`) before the next level is
minimised, so a higher rule is never traded for any amount of a lower
one, whatever the sizes of the costs. A last series of solves picks, year
by year, the host with the earliest city id among the remaining optima
(several years per solve, see `tie_break_chunks`), so the optimum is
unique and the same input always gives the same plan. The disruption is
first minimised under a widening bound that keeps the model small (see
`_least_disruption`).

Every solve runs with a fixed seed and worker count and both a wall-clock
and a deterministic time limit taken from one budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from novu_planner.network.model import Wish
from novu_planner.rotation.problem import RotationProblem
from novu_planner.rotation.result import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, RotationResult, WishOutcome
from novu_planner.rules import LEVELS
from novu_planner.rules.wishes import considered_wishes, wish_options
from novu_planner.solver.config import Budget, BudgetSpent, SolverConfig, new_solver, solve
from novu_planner.solver.rotation_model import RotationModel, tie_break_chunks

# The rotation's options are the run's solver configuration.
SolveOptions = SolverConfig


def _solve(
    model: cp_model.CpModel, options: SolverConfig, budget: Budget, workers: int | None = None
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    # The full LP relaxation bounds the squared disruption well enough to
    # prove optima the default one leaves open for minutes.
    solver = new_solver(options, budget, workers=workers, linearization_level=2)
    status = solve(solver, model)
    return status, solver


def _hint(m: RotationModel, solver: cp_model.CpSolver, solved: RotationModel | None = None) -> None:
    """Start the next solve from the plan just found (in `solved`, by default `m`)."""
    solved = solved or m
    values = {key: solver.value(var) for key, var in solved.hosts.keyed()}
    m.model.clear_hints()
    for key, var in m.hosts.keyed():
        m.model.add_hint(var, values[key])


# The first disruption bound tried, and how much it widens when no plan keeps it.
FIRST_BOUND = 16
WIDEN = 4


def _unpruned_bound(problem: RotationProblem) -> int:
    """A bound from which on no placement is left out of the model."""
    sizes = [max(t.position, sp.size) ** 2 for sp in problem.series for ts in sp.turns.values() for t in ts]
    return max(sizes, default=0)


def _least_disruption(
    problem: RotationProblem,
    options: SolverConfig,
    budget: Budget,
    bound: int | None,
    require: Callable[[RotationModel], bool] | None = None,
) -> tuple[RotationModel, cp_model.CpSolverStatus, cp_model.CpSolver | None]:
    """Minimise the disruption among plans within `bound`, widening it while there is none.

    A plan within the bound is a plan of the unbounded model, and every
    plan of that model cheaper than one found within the bound is within
    it too, so the bounded optimum is the optimum: the bound only spares
    CP-SAT the placements no such plan uses. Only once the unbounded model
    is infeasible are the rules themselves in conflict. The solver is None
    only when `require` rejects the model before any solve.
    """
    while True:
        m = RotationModel(problem, disruption_bound=bound, budget=budget)
        if require is not None and not require(m):
            return m, cp_model.INFEASIBLE, None
        m.model.minimize(m.costs["disruption"])
        status, solver = _solve(m.model, options, budget)
        if status != cp_model.INFEASIBLE or bound is None:
            return m, status, solver
        bound = bound * WIDEN
        if bound >= _unpruned_bound(problem):
            bound = None


def solve_rotation(
    problem: RotationProblem, options: SolverConfig | None = None, budget: Budget | None = None
) -> RotationResult:
    """Hosts for every planned edition, within the run's `budget` (default: `options.time_limit`).

    The budget covers building the models as well as solving them. When it
    runs out before any plan is found, the status is UNKNOWN; after, the
    latest plan found is returned as FEASIBLE (not proven optimal).
    """
    options = options or SolverConfig()
    started = time.monotonic()
    budget = budget or Budget(options.time_limit)
    stages: dict[str, float] = {}
    try:
        found, status, solver = _least_disruption(problem, options, budget, FIRST_BOUND)
    except BudgetSpent:
        return RotationResult(UNKNOWN, solve_seconds=time.monotonic() - started)
    if status == cp_model.INFEASIBLE:
        stages["levels"] = time.monotonic() - started
        result = RotationResult(INFEASIBLE, conflict=explain_conflict(problem, options, budget))
        result.solve_seconds = time.monotonic() - started
        result.stage_seconds = {**stages, "conflict": result.solve_seconds - stages["levels"]}
        return result
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RotationResult(UNKNOWN, solve_seconds=time.monotonic() - started)
    assert solver is not None  # no `require`: the model was solved
    proven = status == cp_model.OPTIMAL
    # The latest plan found, with the model it is a plan of.
    best: tuple[RotationModel, cp_model.CpSolver] = (found, solver)
    try:
        # Fixing the level as the bound itself leaves out every placement that
        # costs more than the optimum: a smaller model for all later solves.
        m = RotationModel(problem, disruption_bound=round(solver.objective_value), budget=budget)
        _hint(m, solver, found)
        for objective, fix in [(m.costs[level], False) for level in LEVELS[1:]] + [
            (rank, True) for rank in tie_break_chunks(m)
        ]:
            budget.check()
            if fix and "levels" not in stages:
                stages["levels"] = time.monotonic() - started
            m.model.minimize(objective)
            status, next_solver = _solve(m.model, options, budget)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                raise BudgetSpent  # this solve ran out of time: keep the plan found before it
            best = (m, next_solver)
            value = round(next_solver.objective_value)
            if status != cp_model.OPTIMAL:
                proven = False
            # A cost level is held at its best; a tie-break rank fixed once proven.
            m.model.add(objective == value if fix and status == cp_model.OPTIMAL else objective <= value)
            _hint(m, next_solver)
    except BudgetSpent:
        proven = False
    stages.setdefault("levels", time.monotonic() - started)

    m, solver = best
    hosts: dict[tuple[str, int], str] = {}
    lookahead: dict[tuple[str, int], str] = {}
    for sp in problem.series:
        for slot in sp.slots:
            for city, var in m.hosts.of(slot).items():
                if solver.value(var):
                    (hosts if slot.planned else lookahead)[slot.series, slot.year] = city
    costs = {level: int(solver.value(m.costs[level])) for level in LEVELS}
    result = RotationResult(OPTIMAL if proven else FEASIBLE, costs, hosts, lookahead)
    stages["tie-break"] = time.monotonic() - started - stages["levels"]
    result.wishes = _wish_outcomes(problem, m, solver, options, budget)
    result.solve_seconds = time.monotonic() - started
    stages["pricing"] = result.solve_seconds - stages["levels"] - stages["tie-break"]
    result.stage_seconds = stages
    return result


def _wish_outcomes(
    problem: RotationProblem,
    m: RotationModel,
    solver: cp_model.CpSolver,
    options: SolverConfig,
    budget: Budget,
) -> list[WishOutcome]:
    """Which wishes were granted, and what each refused one would cost.

    Pricing draws on the run's budget too: once it is spent, the wishes
    left are reported as not priced, never as impossible to grant.
    """
    outcomes = []
    least = int(solver.value(m.costs["disruption"]))
    for wish in considered_wishes(problem):
        options_now = wish_options(m, wish)
        if any(solver.value(v) for v in options_now):
            outcomes.append(WishOutcome(wish.index, True))
        elif budget.spent:
            outcomes.append(WishOutcome(wish.index, False, priced=False))
        else:
            outcomes.append(_cost_if_granted(problem, wish, options, budget, least))
    return outcomes


def _cost_if_granted(
    problem: RotationProblem, wish: Wish, options: SolverConfig, budget: Budget, least: int
) -> WishOutcome:
    def grant(trial: RotationModel) -> bool:
        choices = wish_options(trial, wish)
        if choices:
            trial.model.add_bool_or(choices)
        return bool(choices)

    # Granting a wish never makes the plan less disruptive than the optimum.
    bound = least + FIRST_BOUND
    try:
        _, status, solver = _least_disruption(problem, options, budget, bound, grant)
    except BudgetSpent:
        return WishOutcome(wish.index, False, priced=False)
    if solver is not None and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return WishOutcome(wish.index, False, round(solver.objective_value))
    if solver is None or status == cp_model.INFEASIBLE:
        return WishOutcome(wish.index, False)  # no plan can grant it
    return WishOutcome(wish.index, False, priced=False)  # the time ran out first


def explain_conflict(
    problem: RotationProblem, options: SolverConfig, budget: Budget | None = None
) -> list[str]:
    """A set of the user's entries that cannot all hold, none of them removable.

    CP-SAT's sufficient assumptions (one worker) give a first conflicting
    set; removing entries one at a time and keeping only those without
    which the rest becomes satisfiable shrinks it to an irreducible one.
    """
    # What is left of the run's budget. Should it run out while shrinking,
    # the set found so far still conflicts, though an entry may be spare.
    budget = budget or Budget(options.time_limit)
    try:
        m = RotationModel(problem, explain=True, budget=budget)
    except BudgetSpent:
        return []  # the time ran out before the model was built
    names = {lit.index: name for name, lit in m.assumptions.items()}

    def infeasible(literals: list[cp_model.IntVar]) -> list[cp_model.IntVar] | None:
        m.model.clear_assumptions()
        m.model.add_assumptions(literals)
        status, solver = _solve(m.model, options, budget, workers=1)
        if status != cp_model.INFEASIBLE:
            return None
        core = set(solver.sufficient_assumptions_for_infeasibility())
        return [lit for lit in literals if lit.index in core]

    core = infeasible(list(m.assumptions.values()))
    if core is None:
        return []
    i = 0
    while i < len(core):
        smaller = infeasible(core[:i] + core[i + 1 :])
        if smaller is None:
            i += 1
        else:
            core = smaller if len(smaller) < len(core) - 1 else core[:i] + core[i + 1 :]
    return [names[lit.index] for lit in core]
