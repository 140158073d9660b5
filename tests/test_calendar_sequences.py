"""Calendar updates: SEQUENCE goes up only when what a calendar shows changes,
and a town that leaves keeps its published later editions in its feed, cancelled."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

import novu_planner as n
from novu_planner.exporters.ics import calendar_files
from novu_planner.plans.plan_json import plan_from_json

EPOCH_1 = "1795564800"  # 2026-11-25
EPOCH_2 = "1798761600"  # 2027-01-01
SOLVE = {"first": 2027, "time_limit": 30, "seed": 0, "workers": 1}

# Four towns, a yearly youth week with delegations and a timed contact
# meeting every member attends (no quota). `{randers}` is where Randers'
# membership is changed.
CHAIN = """
format = 1

[network]
id = "four-towns"
name = "Four towns"

[[cities]]
id = "vasteras"
name = "Västerås"
country = "SE"
timezone = "Europe/Stockholm"

[[cities]]
id = "alesund"
name = "Ålesund"
country = "NO"
timezone = "Europe/Oslo"

[[cities]]
id = "lahti"
name = "Lahti"
country = "FI"
timezone = "Europe/Helsinki"

[[cities]]
id = "randers"
name = "Randers"
country = "DK"
timezone = "Europe/Copenhagen"
language = "en"  # its calendar in English, as the assertions read it
{randers}

[[series]]
id = "youth-week"
name = "Youth week"
first_year = 2027
order = ["vasteras", "alesund", "lahti", "randers"]
duration_days = 5
window = ["06-20", "07-20"]
preferred_start = "06-27"

[series.quota]
capacity = 40
max = 12

[[series]]
id = "contact-meeting"
name = "Contact meeting"
first_year = 2027
order = ["lahti", "randers", "vasteras", "alesund"]
duration_days = 2
window = ["04-20", "05-31"]
start_weekdays = ["tue", "wed"]
preferred_start = "05-12"
start_time = "09:00"
end_time = "16:00"
distinct_from = ["youth-week"]

[[blackouts]]
city = "vasteras"
years = [2027]
series = "youth-week"
reason = "{reason}"
"""


def chain(reason: str = "new sports hall", randers: str = "") -> n.Network:
    return n.load_network(CHAIN.replace("{reason}", reason).replace("{randers}", randers))


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(ev["UID"]): ev for ev in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def uid_of(plan: n.Plan, series: str, year: int) -> str:
    return next(plan.uid(e) for e in plan.editions if e.key == (series, year))


@pytest.fixture
def first_plan(monkeypatch) -> n.Plan:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_1)
    return n.plan(chain(), years=8, **SOLVE)


def replan(monkeypatch, network: n.Network, previous: n.Plan) -> n.Plan:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2)
    return n.plan(network, years=8, previous=previous, **SOLVE)


def test_a_changed_note_keeps_the_sequence_and_moves_last_modified(first_plan, monkeypatch):
    second = replan(monkeypatch, chain(reason="the sports hall is being rebuilt"), first_plan)
    before = events(calendar_files(first_plan)["calendar.ics"])
    after = events(calendar_files(second)["calendar.ics"])
    swapped = uid_of(first_plan, "youth-week", 2027)  # Västerås' blackout: its note names the reason
    assert "new sports hall" in str(before[swapped]["DESCRIPTION"])
    assert "being rebuilt" in str(after[swapped]["DESCRIPTION"])
    assert after[swapped]["SEQUENCE"] == before[swapped]["SEQUENCE"] == 0
    assert after[swapped].decoded("LAST-MODIFIED") == dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert before[swapped].decoded("LAST-MODIFIED") == dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    untouched = uid_of(first_plan, "youth-week", 2031)
    assert after[untouched]["SEQUENCE"] == 0
    assert after[untouched].decoded("LAST-MODIFIED") == before[untouched].decoded("LAST-MODIFIED")
    assert any("youth-week 2027: note changed" in change for change in second.changes)


def test_a_changed_host_raises_the_sequence(first_plan, monkeypatch):
    text = CHAIN.replace("{reason}", "new sports hall").replace("{randers}", "")
    blackout = '\n[[blackouts]]\ncity = "lahti"\nyears = [2029]\nreason = "elections"\n'
    second = replan(monkeypatch, n.load_network(text + blackout), first_plan)
    old = {e.key: e for e in first_plan.editions}
    moved = [e for e in second.editions if e.key in old and e.host != old[e.key].host and e.start]
    assert moved, "Lahti's blackout moves at least its own 2029 edition"
    after = events(calendar_files(second)["calendar.ics"])
    for e in moved:
        assert after[second.uid(e)]["SEQUENCE"] == old[e.key].sequence + 1
        assert after[second.uid(e)].decoded("LAST-MODIFIED") == dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def test_sequences_survive_plan_json(first_plan, monkeypatch, tmp_path):
    second = replan(monkeypatch, chain(randers="left = 2030"), first_plan)
    second.write(tmp_path / "plan")
    again = n.read_plan(tmp_path / "plan")
    assert again.files() == second.files()
    withdrawn = [e for e in again.editions if e.withdrawn]
    assert withdrawn and all(set(e.withdrawn) == {"randers"} for e in withdrawn)


def test_a_town_that_leaves_keeps_its_later_editions_cancelled_in_its_feed(first_plan, monkeypatch):
    """Scenario 4 of issue 9: Randers leaves after 2030; its office imported its feed."""
    second = replan(monkeypatch, chain(randers="left = 2030"), first_plan)
    old_feed = events(calendar_files(first_plan)["calendars/randers.ics"])
    new_feed = events(calendar_files(second)["calendars/randers.ics"])
    everyone = events(calendar_files(second)["calendar.ics"])
    assert new_feed.keys() == old_feed.keys(), "no event of Randers' feed is dropped"
    later = {uid for uid, ev in old_feed.items() if ev.decoded("DTSTART").year > 2030}
    assert later, "Randers was published with editions after 2030"
    for uid, ev in new_feed.items():
        if uid in later:
            assert ev["STATUS"] == "CANCELLED" and str(ev["SUMMARY"]).startswith("Cancelled:")
            assert "Randers: its delegation no longer takes part" in str(ev["DESCRIPTION"])
            assert ev["SEQUENCE"] > old_feed[uid]["SEQUENCE"]
            assert everyone[uid]["STATUS"] == "CONFIRMED", "the edition itself takes place"
        else:
            assert ev["STATUS"] == "CONFIRMED"
    # The other towns' feeds hold the editions as taking place.
    for uid in later:
        assert events(calendar_files(second)["calendars/lahti.ics"])[uid]["STATUS"] == "CONFIRMED"

    # Planned again against itself: Randers' cancelled copies stay, numbers unchanged. (Their
    # notes may change: what was a departure from the first plan is what the second published.)
    third = replan(monkeypatch, chain(randers="left = 2030"), second)
    kept = events(calendar_files(third)["calendars/randers.ics"])
    assert kept.keys() == new_feed.keys()
    for uid, ev in new_feed.items():
        assert (kept[uid]["STATUS"], kept[uid]["SEQUENCE"]) == (ev["STATUS"], ev["SEQUENCE"])


def test_timed_meetings_are_busy_and_weeks_are_free(first_plan):
    for ev in events(calendar_files(first_plan)["calendar.ics"]).values():
        timed = isinstance(ev.decoded("DTSTART"), dt.datetime)
        assert ev["TRANSP"] == ("OPAQUE" if timed else "TRANSPARENT")


def test_days_note_names_the_holiday_in_the_way(monkeypatch):
    """An Icelandic town's Commerce Day (first Monday of August) moves the August camp."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_1)
    network = n.load_network(
        """
format = 1
[network]
id = "north"
name = "North"
[[cities]]
id = "akureyri"
name = "Akureyri"
country = "IS"
timezone = "Atlantic/Reykjavik"
[[cities]]
id = "tromso"
name = "Tromsø"
country = "NO"
timezone = "Europe/Oslo"
[[series]]
id = "camp"
name = "Camp"
first_year = 2027
order = ["akureyri", "tromso"]
duration_days = 3
window = ["07-20", "08-20"]
preferred_start = "08-01"
"""
    )
    plan = n.plan(network, years=1, **SOLVE)
    camp = plan.editions[0]
    assert camp.start == dt.date(2027, 7, 30)
    assert "not 2027-08-01" in camp.days_note and "Commerce Day (IS) on 2027-08-02" in camp.days_note
    assert plan_from_json(plan.to_json(), "plan.json").editions[0].days_note == camp.days_note


def test_a_plan_written_by_an_earlier_release_is_not_resent_on_upgrade(tmp_path, monkeypatch):
    """Its fingerprints hashed the calendar file; the same plan made again changes no SEQUENCE."""
    import json

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    first = n.plan(n.load_network(), first=2027, time_limit=60)
    first.write(tmp_path / "old")
    path = tmp_path / "old" / "plan.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for edition in data["editions"]:
        calendar = edition["calendar"]
        calendar["fingerprint"] = "0123456789abcdef" if calendar["fingerprint"] else ""
        for key in ("description_fingerprint", "last_modified", "feeds", "withdrawn"):
            calendar.pop(key, None)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")

    again = n.plan(n.load_network(), first=2027, previous=tmp_path / "old", time_limit=60)
    assert [e.sequence for e in again.editions] == [e.sequence for e in first.editions]
    assert again.changes == []
