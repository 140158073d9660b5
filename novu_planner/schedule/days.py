"""Days for the planned editions, once the hosts are known.

Dates go year by year and, within a year, series by series in file order,
so each edition avoids the days of the editions dated before it.
"""

from __future__ import annotations

import datetime as dt

from novu_planner.errors import InfeasibleError
from novu_planner.network.model import Network
from novu_planner.plans.model import TAKES_PLACE, Edition, Status
from novu_planner.schedule.dates import (
    DateTask,
    NoDatesError,
    Search,
    choose_year,
    days_note,
    reference_start,
)
from novu_planner.schedule.participants import taking_part


def add_dates(
    network: Network, editions: list[Edition], first: int, last: int, search: Search | None = None
) -> None:
    """Days for every edition from `first` to `last` that has a host and none yet.

    Editions that already have days (history, a published plan) stay as they
    are and the new ones keep clear of them. `search` is the exact search
    asked when taking each edition's nearest free days in turn fails.
    """
    by_series = {s.id: s for s in network.series}
    for year in range(first, last + 1):
        this_year = [e for e in editions if e.year == year and e.status != Status.CANCELLED]
        busy = [(e.start, e.end, f"{e.series} {e.year}") for e in this_year if e.start and e.end]
        todo = sorted(
            (e for e in this_year if e.status in TAKES_PLACE and e.start is None and e.host is not None),
            key=lambda e: by_series[e.series].index,
        )
        tasks = [
            DateTask(
                key=id(e),
                series=by_series[e.series],
                places=tuple(
                    (c.country, c.subdivision)
                    for c, _ in taking_part(network, by_series[e.series], year, e.host)
                ),
                reference=reference_start(by_series[e.series], _dated_before(editions, e.series, year)),
                zone=network.city(e.host).timezone if e.host else None,
            )
            for e in todo
        ]
        try:
            chosen = choose_year(year, tasks, busy, search)
        except NoDatesError as error:
            raise InfeasibleError(f"no dates can be found for {error}") from None
        for e in todo:
            e.start, e.end = chosen[id(e)]
        for e, task in zip(todo, tasks, strict=True):
            others = busy + [(*chosen[id(o)], f"{o.series} {o.year}") for o in todo if o is not e]
            e.days_note = days_note(task, year, chosen[id(e)][0], others)


def _dated_before(editions: list[Edition], series_id: str, year: int) -> list[tuple[int, dt.date]]:
    return [(e.year, e.start) for e in editions if e.series == series_id and e.start and e.year < year]
