"""Days and delegations for the planned editions, once the hosts are known.

Dates go year by year and, within a year, series by series in file order,
so each edition avoids the days of the editions dated before it. Quotas
go series by series in year order, so places that do not split evenly are
shared out over the whole plan.
"""

from __future__ import annotations

import datetime as dt

from novu_planner.errors import InfeasibleError, TimeLimitError
from novu_planner.network.model import City, Network, Series
from novu_planner.plan.model import DelegationRow, EditionPlan
from novu_planner.rotation.rota import base_rota
from novu_planner.schedule.dates import DateTask, NoDatesError, choose_year, reference_start

DATED_BY_PLAN = ("planned", "fixed", "held")


def taking_part(
    network: Network, series: Series, year: int, host: str | None, order: tuple[str, ...] | None = None
) -> list[tuple[City, str]]:
    """The delegations of an edition: members (in `order` when given), then guests."""
    members = [network.city(c) for c in order or series.members if network.city(c).active(year)]
    guests = [g for g in network.guests_attending(series) if g.active(year)]
    out = [(c, "host" if c.id == host else "member") for c in members]
    return out + [(g, "guest") for g in guests]


def add_dates(network: Network, editions: list[EditionPlan], first: int, last: int) -> None:
    """Days for every edition from `first` to `last` that has a host and none yet.

    Editions that already have days (history, a published plan) stay as they
    are and the new ones keep clear of them.
    """
    by_series = {s.id: s for s in network.series}
    for year in range(first, last + 1):
        this_year = [e for e in editions if e.year == year and e.status != "cancelled"]
        busy = [(e.start, e.end, f"{e.series} {e.year}") for e in this_year if e.start and e.end]
        todo = sorted(
            (e for e in this_year if e.status in DATED_BY_PLAN and e.start is None and e.host is not None),
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
                zone=network.city(e.host).timezone,
            )
            for e in todo
        ]
        try:
            chosen = choose_year(year, tasks, busy, _search)
        except NoDatesError as error:
            raise InfeasibleError(f"no dates can be found for {error}") from None
        for e in todo:
            e.start, e.end = chosen[id(e)]


def _search(tasks, options, busy):
    from novu_planner.solver.days import search_days  # OR-Tools only for a crowded year

    return search_days(tasks, options, busy)


def _dated_before(editions: list[EditionPlan], series_id: str, year: int) -> list[tuple[int, dt.date]]:
    return [(e.year, e.start) for e in editions if e.series == series_id and e.start and e.year < year]


def add_delegations(
    network: Network,
    editions: list[EditionPlan],
    first: int,
    last: int,
    *,
    seed: int = 0,
    time_limit: float = 10.0,
) -> None:
    from novu_planner.solver.quotas import QuotaEdition, QuotaError, allocate

    for series in network.series:
        if series.quota is None:
            continue
        order = base_rota(network, series, first).order
        planned = sorted(
            (
                e
                for e in editions
                if e.series == series.id and first <= e.year <= last and e.status in DATED_BY_PLAN and e.host
            ),
            key=lambda e: e.year,
        )
        inputs = [
            QuotaEdition(
                e.year,
                e.host,
                tuple(
                    (c.id, role, c.population)
                    for c, role in taking_part(network, series, e.year, e.host, order)
                ),
            )
            for e in planned
        ]
        try:
            shares = allocate(series.quota, inputs, time_limit=time_limit, seed=seed, workers=1)
        except QuotaError as error:
            raise TimeLimitError(f"{series.id}: {error}; try a longer --time-limit") from None
        for e, delegations in zip(planned, shares, strict=True):
            e.delegations = tuple(
                DelegationRow(d.city_id, d.role, d.youth, d.leaders, d.officials) for d in delegations
            )
