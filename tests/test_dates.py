"""Which days each edition gets: holidays, windows, weekdays, other series, history."""

from __future__ import annotations

import datetime as dt

import holidays
from click.testing import CliRunner
from schedule_helpers import network_text, plan, planned, table, town

from novu_planner.checks.plan import check_plan
from novu_planner.cli import cli
from novu_planner.network.loader import load_network
from novu_planner.planning.pipeline import PlanOptions, make_plan
from novu_planner.plans.plan_json import plan_to_json


def _days(e: dict) -> list[dt.date]:
    start, end = dt.date.fromisoformat(e["start"]), dt.date.fromisoformat(e["end"])
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _one_series(*history: str, towns=("a", "b", "c"), **fields) -> str:
    fields = {"id": "s", "name": "S", "first_year": 2020, "duration_days": 3, **fields}
    return network_text(*(town(t) for t in towns), table("[[series]]", **fields), *history)


def _row(year: int, host: str, **fields) -> str:
    return table("[[history]]", series="s", year=year, host=host, **fields)


def test_novu_youth_weeks_avoid_every_nordic_holiday_and_the_contact_meeting():
    network = load_network()
    made = make_plan(network, PlanOptions(first=2027, years=10, time_limit=60, seed=0))
    assert check_plan(made, network) == []
    data = plan_to_json(made)
    weeks = planned(data, "youth-week")
    assert len(weeks) == 10
    nordic = {
        day
        for country in ("SE", "NO", "FI", "IS", "DK")
        for day in holidays.country_holidays(
            country,
            years=range(2027, 2037),
            categories=[
                c
                for c in ("public", "de_facto")
                if c in holidays.country_holidays(country).supported_categories
            ],
        )
    }
    for e in weeks:
        days = _days(e)
        assert len(days) == 7
        assert dt.date(e["year"], 6, 20) <= days[0] and days[-1] <= dt.date(e["year"], 7, 10)
        assert not nordic & set(days)
        assert not any(d.month == 6 and d.weekday() == 4 and 19 <= d.day <= 25 for d in days)  # Midsummer Eve
        assert [(d["youth"], d["leaders"]) for d in e["delegations"]] == [(17, 2)] * 5
        assert all((d["officials_min"], d["officials_max"]) == (2, 5) for d in e["delegations"])
    meetings = {e["year"]: set(_days(e)) for e in planned(data, "contact-meeting")}
    for e in weeks:
        assert not meetings[e["year"]] & set(_days(e))


def test_window_over_midsummer_moves_the_edition_past_it():
    # Midsummer Eve and Day 2027 are Friday 25 and Saturday 26 June; a 3-day
    # edition wanted from the 25th can start on the 22nd or the 27th at best,
    # and the 27th is nearer.
    data = plan(_one_series(window=["06-10", "07-20"], preferred_start="06-25"), years=1)
    assert planned(data, "s")[0]["start"] == "2027-06-27"


def test_reference_start_follows_history():
    # The last three dated editions start on 1, 3 and 2 July: the median is 2 July,
    # which wins over preferred_start.
    history = [
        _row(2023, "a", start=dt.date(2023, 7, 1), end=dt.date(2023, 7, 3)),
        _row(2024, "b", start=dt.date(2024, 7, 3), end=dt.date(2024, 7, 5)),
        _row(2025, "c", start=dt.date(2025, 7, 2), end=dt.date(2025, 7, 4)),
        _row(2026, "a"),
    ]
    data = plan(_one_series(*history, preferred_start="06-01"), years=1)
    assert planned(data, "s")[0]["start"] == "2027-07-02"


def test_allowed_weekdays_and_the_earlier_day_on_a_tie():
    # 2027-08-04 is a Wednesday: Monday the 2nd and Friday the 6th are equally
    # near, and the earlier one wins.
    data = plan(_one_series(preferred_start="08-04", start_weekdays=["mon", "fri"]), years=1)
    assert planned(data, "s")[0]["start"] == "2027-08-02"


def test_history_dates_are_kept_even_on_a_holiday():
    fixed = _row(2027, "b", status="fixed", start=dt.date(2027, 6, 25), end=dt.date(2027, 6, 27))
    data = plan(_one_series(fixed, _row(2026, "a")), years=2)
    kept = [e for e in data["editions"] if e["year"] == 2027][0]
    assert (kept["status"], kept["start"], kept["end"]) == ("fixed", "2027-06-25", "2027-06-27")


def test_two_series_in_one_year_never_overlap():
    text = network_text(
        town("a"),
        town("b", "NO"),
        town("c", "DK"),
        table("[[series]]", id="s", name="S", first_year=2027, duration_days=4, window=["08-01", "08-09"]),
        table("[[series]]", id="t", name="T", first_year=2027, duration_days=4, window=["08-01", "08-09"]),
    )
    data = plan(text, years=3)
    for year in (2027, 2028, 2029):
        s, t = (e for e in data["editions"] if e["year"] == year)
        assert not set(_days(s)) & set(_days(t))


def test_a_window_blocked_by_holidays_is_exit_1_naming_the_year(tmp_path):
    # 24-26 December are Christmas Eve, Christmas Day and Boxing Day in Sweden.
    path = tmp_path / "net.toml"
    path.write_text(_one_series(window=["12-24", "12-26"], duration_days=1), encoding="utf-8")
    out = tmp_path / "plan"
    result = CliRunner().invoke(cli, ["plan", str(path), "--out", str(out), "--from", "2027"])
    assert result.exit_code == 1, result.output
    assert "s 2027" in result.output and "2027-12-24–2027-12-26" in result.output
    assert "Christmas Day" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_holidays_of_a_region_count_only_where_a_town_lies_there():
    # Epiphany (6 January) is a public holiday in Bavaria, not in Berlin.
    fields = {"window": ["01-05", "01-09"], "duration_days": 1, "preferred_start": "01-06"}
    berlin = network_text(
        town("a", "DE", subdivision="DE-BE"),
        town("b", "DE", subdivision="DE-BE"),
        table("[[series]]", id="s", name="S", first_year=2027, **fields),
    )
    bavaria = berlin.replace('subdivision = "DE-BE"', 'subdivision = "DE-BY"', 1)
    assert planned(plan(berlin, years=1), "s")[0]["start"] == "2027-01-06"
    assert planned(plan(bavaria, years=1), "s")[0]["start"] == "2027-01-05"


def test_a_history_row_with_only_a_start_lasts_the_series_duration():
    fixed = _row(2027, "b", status="fixed", start=dt.date(2027, 8, 2))
    data = plan(_one_series(fixed, _row(2026, "a"), duration_days=4), years=1)
    edition = [e for e in data["editions"] if e["year"] == 2027][0]
    assert (edition["start"], edition["end"]) == ("2027-08-02", "2027-08-05")


def _two_series(window: list[str], s_days: int, t_days: int, **s_fields) -> str:
    return network_text(
        town("a"),
        town("b"),
        town("c"),
        table(
            "[[series]]", id="s", name="S", first_year=2027, duration_days=s_days, window=window, **s_fields
        ),
        table("[[series]]", id="t", name="T", first_year=2027, duration_days=t_days, window=window),
    )


def test_the_first_series_gives_way_just_enough_for_the_next():
    # s alone would take 3-5 August (its preferred start), leaving t no 4 free
    # days. The nearest start that lets t fit is 2 August (1 day off, and the
    # earlier of 2 and 4 August); t then takes 5-8 August.
    data = plan(_two_series(["08-01", "08-08"], 3, 4, preferred_start="08-03"), years=1)
    days = {e["series"]: (e["start"], e["end"]) for e in data["editions"]}
    assert days == {"s": ("2027-08-02", "2027-08-04"), "t": ("2027-08-05", "2027-08-08")}


def test_series_that_cannot_all_fit_is_exit_1_naming_the_windows(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text(_two_series(["08-01", "08-07"], 4, 4), encoding="utf-8")
    result = CliRunner().invoke(cli, ["plan", str(path), "--out", str(tmp_path / "o"), "--from", "2027"])
    assert result.exit_code == 1, result.output
    assert "2027: the editions of s, t cannot all fit side by side" in result.output
    assert "window 2027-08-01–2027-08-07" in result.output


def test_a_timed_edition_never_starts_at_a_time_a_clock_change_skips():
    # Sweden moves its clocks from 02:00 to 03:00 on Sunday 28 March 2027, so
    # 02:30 does not exist that day; calendar programs would disagree about
    # the meeting. The Sundays a week either side are equally near: the
    # earlier wins.
    fields = {
        "window": ["03-14", "04-10"],
        "duration_days": 1,
        "start_weekdays": ["sun"],
        "preferred_start": "03-28",
        "start_time": "02:30",
        "end_time": "03:30",
    }
    data = plan(_one_series(**fields), years=1)
    assert planned(data, "s")[0]["start"] == "2027-03-21"


def _mondays(window: list[str]) -> list[dt.date]:
    history = _row(2026, "c", start=dt.date(2026, 7, 6))
    text = _one_series(
        history, duration_days=6, window=window, start_weekdays=["mon"], preferred_start="07-01"
    )
    return [dt.date.fromisoformat(e["start"]) for e in planned(plan(text, first=2027, years=10), "s")]


def test_a_weekday_start_creeps_earlier_and_a_narrow_window_pins_it():
    """As docs/network-format.md says: planned editions feed the reference start."""
    wide = _mondays(["06-15", "08-10"])
    assert all(d.weekday() == 0 for d in wide)
    month_days = [(d.month, d.day) for d in wide]
    assert month_days == sorted(month_days, reverse=True) and month_days[-1] < (6, 26)
    # A window with room for one start weekday only: the Monday from 29 June to 5 July.
    narrow = _mondays(["06-29", "07-10"])
    assert all(d.weekday() == 0 and (6, 29) <= (d.month, d.day) <= (7, 5) for d in narrow)
