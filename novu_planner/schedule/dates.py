"""Which days an edition runs: the window, the weekdays, the holidays and the other series.

Pure functions over the domain model; the `holidays` package is the one
source of public holidays. No solver is needed: a year has at most a few
hundred candidate start days per series.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from novu_planner.network import holiday_index
from novu_planner.network.model import WEEKDAYS, MonthDay, Series

Place = tuple[str, str | None]  # country, ISO 3166-2 subdivision
Busy = tuple[dt.date, dt.date, str]  # first day, last day, what


class NoDatesError(Exception):
    """No span of days qualifies; the message names the window and what is in the way."""


def month_day_in(year: int, md: MonthDay) -> dt.date:
    month, day = md
    # 29 February in a common year falls back to the 28th.
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day = 28
    return dt.date(year, month, day)


def holidays_in(place: Place, year: int, categories: Sequence[str]) -> dict[dt.date, str]:
    """The place's holidays of the asked categories that the country defines, with names."""
    return dict(_holidays_in(place, year, tuple(categories)))


@functools.cache
def _holidays_in(place: Place, year: int, categories: tuple[str, ...]) -> tuple[tuple[dt.date, str], ...]:
    country, subdivision = place
    # A country that does not define a category (Finland has no de_facto
    # holidays) simply has none of it: asking for it would be an error.
    supported = holiday_index.categories(country)
    wanted = tuple(c for c in categories if c in supported)
    if not wanted:
        return ()
    code = subdivision.partition("-")[2] if subdivision else None
    subdiv = code if code and code in holiday_index.subdivisions(country) else None
    return tuple(holiday_index.holiday_days(country, subdiv, year, wanted, "en_US"))


def blocked_days(
    series: Series, year: int, places: Iterable[Place], zone: str | None = None
) -> dict[dt.date, str]:
    """Every day of `year` the series may not use, with why: its avoided
    holidays, and for a timed series the days its times fall into a clock
    change in the host's zone `zone`."""
    out = clock_change_days(series, year, zone)
    if series.avoid_holidays:
        out.update(_holidays_blocking(series, year, places))
    return out


def clock_change_days(series: Series, year: int, zone: str | None) -> dict[dt.date, str]:
    """Days on which the start or end time does not exist, or exists twice.

    Calendar programs disagree on such times (RFC 5545 says one thing,
    vobject reads another), so no timed edition is put on them.
    """
    times = series.times
    if times is None or zone is None:
        return {}
    tz = zoneinfo.ZoneInfo(zone)
    out = {}
    for day in offset_change_days(zone, year):
        for clock in times:
            local = dt.datetime.combine(day, clock, tzinfo=tz)
            if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
                out[day] = f"clock change at {clock:%H:%M} ({zone})"
    return out


@functools.cache
def offset_change_days(zone: str, year: int) -> tuple[dt.date, ...]:
    """The days of `year` on which some wall-clock time may be skipped or repeated in `zone`.

    Only a change of the zone's UTC offset does that, and only to the wall
    times between the old and the new offset. The offset is read at every
    UTC midnight (a day apart, so every change shows up unless two changes
    undo each other within one day, which no zone in the time zone database
    does); each change gives the local days its gap or overlap can touch.
    A superset, for the callers to test day by day.
    """
    tz = zoneinfo.ZoneInfo(zone)
    first = dt.datetime(year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=2)
    days: set[dt.date] = set()
    before = first.astimezone(tz).utcoffset()
    for i in range(1, 370):
        instant = first + dt.timedelta(days=i)
        after = instant.astimezone(tz).utcoffset()
        if after != before and after is not None and before is not None:
            low = (instant - dt.timedelta(days=1) + min(before, after)).date()
            high = (instant + max(before, after)).date()
            days.update(low + dt.timedelta(days=k) for k in range((high - low).days + 1))
        before = after
    return tuple(sorted(d for d in days if d.year == year))


def _holidays_blocking(series: Series, year: int, places: Iterable[Place]) -> dict[dt.date, str]:
    # day -> holiday name -> the places keeping it: "Ascension Day (DK, FI-16, IS)".
    out: dict[dt.date, dict[str, list[str]]] = {}
    for place in sorted(set(places), key=lambda p: (p[0], p[1] or "")):
        label = place[1] or place[0]
        for day, name in holidays_in(place, year, series.holiday_categories).items():
            out.setdefault(day, {}).setdefault(name, []).append(label)
    return {
        day: ", ".join(f"{name} ({', '.join(dict.fromkeys(labels))})" for name, labels in names.items())
        for day, names in out.items()
    }


def window_of(series: Series, year: int) -> tuple[dt.date, dt.date]:
    if series.window is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first, last = series.window
    return month_day_in(year, first), month_day_in(year, last)


def reference_start(series: Series, dated: Sequence[tuple[int, dt.date]]) -> MonthDay | None:
    """The month-day the series starts near: the median of its last three dated
    editions, else `preferred_start`, else None (the window's start).

    With two dated editions the earlier of the two is the median, in keeping
    with the rule that the earlier day wins a tie.
    """
    last = [start for _, start in sorted(dated)[-3:]]
    if last:
        # Compared as days of a leap year, so 29 February has its place.
        ordinals = sorted(dt.date(2000, d.month, d.day).toordinal() for d in last)
        day = dt.date.fromordinal(ordinals[(len(ordinals) - 1) // 2])  # the lower median
        return day.month, day.day
    return series.preferred_start


def candidates(
    series: Series, year: int, blocked: dict[dt.date, str], reference: MonthDay | None
) -> list[dt.date]:
    """Every allowed first day in `year`, nearest to the reference first (earlier on a tie).

    Overlap with other series is left to the caller: it depends on what they chose.
    """
    low, high = window_of(series, year)
    target = month_day_in(year, reference) if reference else low
    length = dt.timedelta(days=series.duration_days - 1)
    out = []
    day = low
    while day + length <= high:
        if series.start_weekdays is None or day.weekday() in series.start_weekdays:
            span = (day + dt.timedelta(days=i) for i in range(series.duration_days))
            if not any(d in blocked for d in span):
                out.append(day)
        day += dt.timedelta(days=1)
    return sorted(out, key=lambda d: (abs((d - target).days), d))


def overlaps(start: dt.date, end: dt.date, busy: Iterable[Busy]) -> bool:
    return any(start <= b_end and b_start <= end for b_start, b_end, _ in busy)


@dataclass(frozen=True)
class DateTask:
    """One edition to date: its series, the places taking part, its reference start."""

    key: object
    series: Series
    places: tuple[Place, ...]
    reference: MonthDay | None
    zone: str | None = None  # the host's, for a timed series


Search = Callable[[Sequence[DateTask], list[list[dt.date]], Sequence[Busy]], list[dt.date] | None]


def choose_year(
    year: int, tasks: Sequence[DateTask], busy: Sequence[Busy], search: Search | None = None
) -> dict[object, tuple[dt.date, dt.date]]:
    """Dates for every task of one year, none overlapping `busy` or each other.

    Tasks go in the given order and each takes its nearest day that still
    leaves room for the ones after it. Taking each one's nearest free day
    in turn does that whenever it succeeds; only when it does not is
    `search` asked (an exact search over every choice), so no year fails
    that could be solved.
    """
    blocked = [blocked_days(t.series, year, t.places, t.zone) for t in tasks]
    options = []
    for task, days in zip(tasks, blocked, strict=True):
        starts = candidates(task.series, year, days, task.reference)
        if not starts:
            raise NoDatesError(explain(task.series, year, days, busy))
        options.append(starts)

    chosen = _nearest_in_turn(tasks, options, busy)
    if chosen is None and search is not None:
        chosen = search(tasks, options, busy)
    if chosen is None:
        in_the_way = "; ".join(
            _window_and_obstacles(t.series, year, days, busy) for t, days in zip(tasks, blocked, strict=True)
        )
        names = ", ".join(t.series.id for t in tasks)
        raise NoDatesError(f"{year}: the editions of {names} cannot all fit side by side: {in_the_way}")
    return {task.key: (start, _end(task, start)) for task, start in zip(tasks, chosen, strict=True)}


def _end(task: DateTask, start: dt.date) -> dt.date:
    return start + dt.timedelta(days=task.series.duration_days - 1)


def _nearest_in_turn(
    tasks: Sequence[DateTask], options: Sequence[Sequence[dt.date]], busy: Sequence[Busy]
) -> list[dt.date] | None:
    taken = list(busy)
    chosen = []
    for task, starts in zip(tasks, options, strict=True):
        start = next((s for s in starts if not overlaps(s, _end(task, s), taken)), None)
        if start is None:
            return None
        chosen.append(start)
        taken.append((start, _end(task, start), task.series.id))
    return chosen


def _window_and_obstacles(
    series: Series, year: int, blocked: dict[dt.date, str], busy: Sequence[Busy]
) -> str:
    low, high = window_of(series, year)
    in_the_way = [f"{day.isoformat()} {why}" for day, why in sorted(blocked.items()) if low <= day <= high]
    in_the_way += [
        f"{s.isoformat()}–{e.isoformat()} {what}" for s, e, what in sorted(busy) if s <= high and low <= e
    ]
    shown = "; ".join(in_the_way) if in_the_way else "no allowed first day leaves room for the whole edition"
    return f"{series.id} in the window {low.isoformat()}–{high.isoformat()}, in the way: {shown}"


def explain(series: Series, year: int, blocked: dict[dt.date, str], busy: Sequence[Busy]) -> str:
    allowed = series.start_weekdays
    weekdays = "/".join(WEEKDAYS[d] for d in allowed) if allowed is not None else "any day"
    return (
        f"{series.id} {year}: no {series.duration_days}-day span starting on {weekdays} fits: "
        + _window_and_obstacles(series, year, blocked, busy)
    )


def days_note(task: DateTask, year: int, start: dt.date, busy: Sequence[Busy]) -> str:
    """Why the edition does not start on the allowed day nearest its reference start: the
    holidays, clock changes and other editions (`busy`) in the way; "" when it does."""
    nearest = candidates(task.series, year, {}, task.reference)
    if not nearest or nearest[0] == start:
        return ""
    blocked = blocked_days(task.series, year, task.places, task.zone)
    in_the_way: dict[str, None] = {}  # in order, once each
    for first in nearest[: nearest.index(start)] if start in nearest else nearest:
        last = _end(task, first)
        for i in range(task.series.duration_days):
            day = first + dt.timedelta(days=i)
            if day in blocked:
                in_the_way[f"{blocked[day]} on {day.isoformat()}"] = None
        for b_start, b_end, what in busy:
            if first <= b_end and b_start <= last:
                in_the_way[f"{what} on {b_start.isoformat()}–{b_end.isoformat()}"] = None
    if not in_the_way:
        return ""
    low = window_of(task.series, year)[0]
    reference = month_day_in(year, task.reference) if task.reference else low
    return (
        f"starts {start.isoformat()}, not {nearest[0].isoformat()} (the allowed start nearest "
        f"{reference.isoformat()}): in the way, " + "; ".join(in_the_way)
    )
