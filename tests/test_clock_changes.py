"""The days a timed edition avoids for a clock change: found from the zone's offset changes,
the same days as testing every day of the year (the planner's and the checker's own tests)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest

from novu_planner.checks.schedule import _unclear_times
from novu_planner.schedule.dates import clock_change_days

TIMES = tuple(dt.time(h, m) for h, m in [(0, 0), (0, 30), (1, 0), (2, 0), (2, 30), (3, 0), (9, 0), (23, 30)])


def _every_day(year: int, zone: str) -> set[dt.date]:
    tz = zoneinfo.ZoneInfo(zone)
    out = set()
    day = dt.date(year, 1, 1)
    while day.year == year:
        for clock in TIMES:
            local = dt.datetime.combine(day, clock, tzinfo=tz)
            if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
                out.add(day)
        day += dt.timedelta(days=1)
    return out


@pytest.mark.parametrize(
    ("zone", "year"),
    [
        ("Europe/Stockholm", 2027),
        ("Atlantic/Reykjavik", 2027),  # UTC all year: none
        ("America/St_Johns", 2030),  # half-hour offset
        ("Australia/Lord_Howe", 2028),  # a half-hour clock change
        ("Antarctica/Troll", 2027),  # a two-hour clock change
        ("Africa/Casablanca", 2027),  # paused for Ramadan: four changes
        ("Pacific/Apia", 2011),  # skipped 30 December 2011 whole
        ("Europe/Moscow", 2011),  # one change, never back
        ("America/Santiago", 2029),  # southern summer time
    ],
)
def test_the_same_days_as_testing_every_day(zone, year):
    series = SimpleNamespace(times=TIMES)
    expected = _every_day(year, zone)
    assert set(clock_change_days(series, year, zone)) == expected
    assert set(_unclear_times(series, year, zone)) == expected
    if zone == "Pacific/Apia":
        assert dt.date(2011, 12, 30) in expected
