"""One solver configuration and one time budget for every CP-SAT solve of a run.

The rotation, the days of a crowded year, the places and the conflict
search all draw on the same budget, with the same seed and worker count,
so `--time-limit` bounds the whole run and the same input gives the same
plan.

Nothing here imports OR-Tools until a solver is made: a plan the base
rota settles (see `novu_planner.solver.base_plan`) never loads it.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from novu_planner.errors import InputError

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


@dataclass(frozen=True)
class SolverConfig:
    time_limit: float = 60.0  # seconds, for the whole run
    seed: int = 0
    workers: int = 1
    log: bool = False  # CP-SAT's own search log on stderr
    params: tuple[str, ...] = ()  # NAME=VALUE pairs passed through to CP-SAT


def check_params(params: Sequence[str]) -> None:
    """Refuse, before any solve, a parameter CP-SAT does not know or a value of the wrong type."""
    if not params:
        return  # nothing to check: spare the protobuf parser and the trial solve
    from google.protobuf import text_format
    from ortools.sat import sat_parameters_pb2
    from ortools.sat.python import cp_model

    problems = []
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name.strip():
            problems.append(
                f"--solver-param {param!r}: expected NAME=VALUE, such as max_presolve_iterations=1"
            )
            continue
        try:
            text_format.Merge(_text(param), sat_parameters_pb2.SatParameters())
        except text_format.ParseError as error:
            problems.append(f"--solver-param {param!r}: {error}")
    if problems:
        raise InputError("; ".join(problems))
    # Values CP-SAT reads but refuses (a negative limit, two names for one
    # setting) only show when it solves: try them on an empty model now.
    solve(new_solver(SolverConfig(params=tuple(params)), Budget(1.0)), cp_model.CpModel())


def _text(param: str) -> str:
    name, _, value = param.partition("=")
    return f"{name.strip()}: {value.strip()}"


class Budget:
    """The time left of the run's budget, shared by every solve."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    @property
    def left(self) -> float:
        return self.deadline - time.monotonic()

    @property
    def spent(self) -> bool:
        return self.left <= 0

    def check(self) -> None:
        """Raise `BudgetSpent` once the time is up: long work between solves stops here."""
        if self.spent:
            raise BudgetSpent


class BudgetSpent(Exception):
    """The run's time budget ran out outside a solve (while building a model, say)."""


def new_solver(
    config: SolverConfig,
    budget: Budget,
    *,
    workers: int | None = None,
    work: float | None = None,
    **defaults: object,
) -> cp_model.CpSolver:
    """A solver set up from the run's configuration; `defaults` are a model's own settings,
    which the user's --solver-param can still override.

    With `work`, the solve's deterministic time limit is that fixed amount of
    work rather than the time left: where it binds, the outcome is the same on
    a fast machine as on a slow one (the wall clock still bounds the run)."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    left = max(budget.left, 0.01)
    parameters = solver.parameters
    parameters.max_time_in_seconds = left
    # Deterministic too: a plan cut short by the limit is the same from run to run.
    parameters.max_deterministic_time = left if work is None else max(work, 0.0)
    parameters.random_seed = config.seed
    parameters.num_workers = workers or config.workers
    # Ctrl-C must stop the whole run, not only the solve under way.
    parameters.catch_sigint_signal = False
    if config.log:
        parameters.log_search_progress = True
        parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    for name, value in defaults.items():
        setattr(parameters, name, value)
    for param in config.params:
        parameters.merge_text_format(_text(param))
    # The run's budget holds whatever the parameters say.
    parameters.max_time_in_seconds = min(parameters.max_time_in_seconds, left)
    if work is None:
        parameters.max_deterministic_time = min(parameters.max_deterministic_time, left)
    else:
        parameters.max_deterministic_time = min(parameters.max_deterministic_time, max(work, 0.0))
    return solver


def solve(solver: cp_model.CpSolver, model: cp_model.CpModel) -> Any:
    """Solve, and stop at once on Ctrl-C: the search is stopped and KeyboardInterrupt goes on up.

    CP-SAT runs the search in native code, where Python's own Ctrl-C
    handling cannot reach until the solve ends; so the solve runs on a
    helper thread while this one waits, ready to be interrupted.
    """
    from ortools.sat.python import cp_model

    outcome: list = []

    def run() -> None:
        try:
            outcome.append(solver.solve(model))
        except BaseException as error:  # handed to the waiting thread
            outcome.append(error)

    worker = threading.Thread(target=run, name="cp-sat", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.05)
    except KeyboardInterrupt:
        solver.stop_search()
        worker.join()
        raise
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    if result == cp_model.MODEL_INVALID:
        # Our models are valid by construction: what CP-SAT refuses is a --solver-param.
        raise InputError(f"--solver-param: CP-SAT refuses the parameters: {solver.solution_info()}")
    return result
