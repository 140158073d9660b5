"""Random networks with quotas and windows: every plan's days and places pass the
validator, or planning stops with exit status 1 naming the year that has no days."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schedule_helpers import COUNTRIES, network_text, plan, table, town

from novu_planner.errors import InfeasibleError

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _month_day(day_of_year: int) -> str:
    import datetime as dt

    d = dt.date(2001, 1, 1) + dt.timedelta(days=day_of_year)
    return f"{d.month:02}-{d.day:02}"


@st.composite
def networks(draw):
    n = draw(st.integers(3, 5))
    towns = []
    for i in range(n):
        country = draw(st.sampled_from(sorted(COUNTRIES)))
        extra = {"population": draw(st.integers(1_000, 500_000))}
        if country == "DE":
            extra["subdivision"] = draw(st.sampled_from(["DE-BY", "DE-BE", "DE-SH"]))
        towns.append(town(f"t{i}", country, **extra))
    if draw(st.booleans()):
        towns.append(town("guest", "DE", guest=True, joined=draw(st.integers(2026, 2030)), population=5_000))
    parts = []
    for k in range(draw(st.integers(1, 2))):
        duration = draw(st.integers(1, 9))
        start = draw(st.integers(0, 330))
        length = draw(st.integers(duration - 1, duration + 25))
        fields = {
            "id": f"s{k}",
            "name": f"S{k}",
            "first_year": 2027,
            "every": draw(st.sampled_from([1, 1, 2])),
            "duration_days": duration,
            "window": [_month_day(start), _month_day(min(start + length, 364))],
        }
        if draw(st.booleans()):
            fields["start_weekdays"] = draw(
                st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True)
            )
        if draw(st.booleans()):
            fields["preferred_start"] = _month_day(start + draw(st.integers(0, length)))
        parts.append(table("[[series]]", **fields))
        if draw(st.integers(0, 3)):
            delegations = n + 1
            low = draw(st.integers(0, 4))
            host_extra = draw(st.integers(0, 3))
            capacity = draw(st.integers(max(1, low * delegations + host_extra), 80))
            quota = {
                "capacity": capacity,
                "method": draw(st.sampled_from(["equal", "population"])),
                "min": low,
                "host_extra": host_extra,
            }
            if draw(st.booleans()):
                quota["max"] = draw(st.integers(max(low, 1), 30))
            if draw(st.booleans()):
                quota["leaders_per"] = draw(st.integers(1, 10))
            parts.append(table("[series.quota]", **quota))
    return network_text(*towns, *parts), draw(st.integers(1, 6))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(networks())
def test_days_and_places_pass_the_validator(case):
    text, years = case
    try:
        plan(text, years=years)  # asserts the validator finds nothing
    except InfeasibleError as error:
        assert error.exit_code == 1
        assert re.search(r"no dates can be found for s\d 20\d\d: ", str(error)), str(error)
