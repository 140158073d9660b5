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

from novu_planner.schedule.dates import Busy, DateTask


def search_days(
    tasks: Sequence[DateTask], options: list[list[dt.date]], busy: Sequence[Busy], *, time_limit: float = 10.0
) -> list[dt.date] | None:
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

    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = time_limit
    solver.parameters.num_workers = 1
    out = []
    for starts, chosen in zip(options, picks, strict=True):
        position = sum(j * var for j, var in enumerate(chosen))
        model.minimize(position)
        if solver.solve(model) != cp_model.OPTIMAL:
            return None
        best = round(solver.objective_value)
        model.add(position == best)
        out.append(starts[best])
    return out
