"""Solve the rotation: strict priority by sequential solves.

The soft rules are minimised one after the other; after each solve the
level's cost is fixed (`cost <= best found`) before the next level is
minimised, so a higher rule is never traded for any amount of a lower
one, whatever the sizes of the costs. A last series of solves picks, year
by year, the host with the earliest city id among the remaining optima, so
the optimum is unique and the same input always gives the same plan.

Every solve runs with a fixed seed and worker count and both a wall-clock
and a deterministic time limit taken from one budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..problem import RotationProblem
from ..result import FEASIBLE, INFEASIBLE, LEVELS, OPTIMAL, UNKNOWN, RotationResult, WishOutcome
from .rotation_model import RotationModel, considered_wishes, tie_break_order, wish_options


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    seed: int = 0
    workers: int = 1


class _Budget:
    """One time limit shared by every solve of a plan."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    @property
    def left(self) -> float:
        return self.deadline - time.monotonic()


def _solve(model: cp_model.CpModel, options: SolveOptions, budget: _Budget, workers: int | None = None):
    solver = cp_model.CpSolver()
    left = max(budget.left, 0.01)
    solver.parameters.max_time_in_seconds = left
    solver.parameters.max_deterministic_time = left
    solver.parameters.random_seed = options.seed
    solver.parameters.num_workers = workers or options.workers
    status = solver.solve(model)
    return status, solver


def _hint(m: RotationModel, solver: cp_model.CpSolver) -> None:
    m.model.clear_hints()
    for var in m.hosts.all():
        m.model.add_hint(var, solver.value(var))


def solve_rotation(problem: RotationProblem, options: SolveOptions | None = None) -> RotationResult:
    options = options or SolveOptions()
    started = time.monotonic()
    budget = _Budget(options.time_limit)
    m = RotationModel(problem)
    proven = True
    solver = None
    for level in LEVELS:
        m.model.minimize(m.costs[level])
        status, solver = _solve(m.model, options, budget)
        if status == cp_model.INFEASIBLE:
            result = RotationResult(INFEASIBLE, conflict=explain_conflict(problem, options))
            result.solve_seconds = time.monotonic() - started
            return result
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return RotationResult(UNKNOWN, solve_seconds=time.monotonic() - started)
        proven &= status == cp_model.OPTIMAL
        m.model.add(m.costs[level] <= round(solver.objective_value))
        _hint(m, solver)

    for _slot, rank in tie_break_order(m):
        if budget.left <= 0:
            proven = False
            break
        m.model.minimize(rank)
        status, next_solver = _solve(m.model, options, budget)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            proven = False
            break
        solver = next_solver
        if status == cp_model.OPTIMAL:
            m.model.add(rank == round(solver.objective_value))
        else:
            proven = False
            m.model.add(rank <= round(solver.objective_value))
        _hint(m, solver)

    hosts: dict[tuple[str, int], str] = {}
    lookahead: dict[tuple[str, int], str] = {}
    for sp in problem.series:
        for slot in sp.slots:
            for city, var in m.hosts.of(slot).items():
                if solver.value(var):
                    (hosts if slot.planned else lookahead)[slot.series, slot.year] = city
    costs = {level: int(solver.value(m.costs[level])) for level in LEVELS}
    result = RotationResult(OPTIMAL if proven else FEASIBLE, costs, hosts, lookahead)
    result.wishes = _wish_outcomes(problem, m, solver, options, budget)
    result.solve_seconds = time.monotonic() - started
    return result


def _wish_outcomes(problem, m: RotationModel, solver, options, budget) -> list[WishOutcome]:
    """Which wishes were granted, and what each refused one would cost."""
    outcomes = []
    for wish in considered_wishes(problem):
        options_now = wish_options(m, wish)
        if any(solver.value(v) for v in options_now):
            outcomes.append(WishOutcome(wish.index, True))
            continue
        outcomes.append(WishOutcome(wish.index, False, _cost_if_granted(problem, wish, options, budget)))
    return outcomes


def _cost_if_granted(problem, wish, options: SolveOptions, budget: _Budget) -> int | None:
    trial = RotationModel(problem)
    choices = wish_options(trial, wish)
    if not choices:
        return None
    trial.model.add_bool_or(choices)
    trial.model.minimize(trial.costs["disruption"])
    status, solver = _solve(trial.model, options, budget)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return round(solver.objective_value)
    return None


def explain_conflict(problem: RotationProblem, options: SolveOptions) -> list[str]:
    """A set of the user's entries that cannot all hold, none of them removable.

    CP-SAT's sufficient assumptions (one worker) give a first conflicting
    set; removing entries one at a time and keeping only those without
    which the rest becomes satisfiable shrinks it to an irreducible one.
    """
    m = RotationModel(problem, explain=True)
    names = {lit.index: name for name, lit in m.assumptions.items()}
    budget = _Budget(max(options.time_limit, 10.0))

    def infeasible(literals) -> list | None:
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
