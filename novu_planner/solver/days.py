"""The exact search for a year's days when taking each series' nearest free day in turn fails.

Each series picks one of its candidate first days (already filtered by
window, weekdays and holidays, nearest first); the editions may not
overlap each other or the editions whose days are fixed. The series are
settled in file order: each takes the earliest candidate in its list that
still lets every later one fit, one CP-SAT solve per series.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ortools.sat.python import cp_model

from novu_planner.errors import TimeLimitError
from novu_planner.schedule.dates import Busy, DateTask
from novu_planner.solver.config import Budget, SolverConfig, new_solver, solve


def search_days(
    tasks: Sequence[DateTask],
    options: list[list[dt.date]],
    busy: Sequence[Busy],
    config: SolverConfig,
    budget: Budget,
) -> list[dt.date] | None:
    """The chosen first days, or None when no choice lets every edition fit.

    A search the time limit cuts short is not a proof that none fits: it is
    `TimeLimitError`, never "no plan is possible".
    """
    model = cp_model.CpModel()
    intervals = [model.new_fixed_size_interval_var(s.toordinal(), (e - s).days + 1, "") for s, e, _ in busy]
    picks = []
    for i, (task, starts) in enumerate(zip(tasks, options, strict=True)):
        chosen = [model.new_bool_var(f"t{i}_{j}") for j in range(len(starts))]
        model.add_exactly_one(chosen)
        for start, var in zip(starts, chosen, strict=True):
            size = task.series.duration_days
            intervals.append(model.new_optional_fixed_size_interval_var(start.toordinal(), size, var, ""))
        picks.append(chosen)
    model.add_no_overlap(intervals)

    out = []
    for starts, chosen in zip(options, picks, strict=True):
        position = sum(j * var for j, var in enumerate(chosen))
        model.minimize(position)
        solver = new_solver(config, budget)
        status = solve(solver, model)
        if status == cp_model.INFEASIBLE:
            return None
        if status != cp_model.OPTIMAL:
            year = starts[0].year
            raise TimeLimitError(
                f"the days of {year} were not settled within the time limit of {config.time_limit:g} s; "
                "try a longer --time-limit"
            )
        best = round(solver.objective_value)
        model.add(position == best)
        out.append(starts[best])
    return out
