"""Each town's own feed speaks the town's `language`; calendar.ics speaks the network's (English here)."""

from __future__ import annotations

import dataclasses
import json

import icalendar
import pytest

from novu_planner.exporters.ics import calendar_files
from novu_planner.plans.plan_json import plan_from_json

NOTE = "Lahti and Akureyri swap 2027–28: Lahti cannot host in 2027, town hall renovation"


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(ev["UID"]): ev for ev in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture(scope="module")
def plan(bundled_plan):
    return plan_from_json(json.loads((bundled_plan / "plan.json").read_text(encoding="utf-8")), "plan.json")


@pytest.fixture(scope="module")
def noted(plan):
    """The bundled plan with a departure note on the 2027 youth week, which Randers no longer attends."""
    week = next(e for e in plan.editions if e.year == 2027 and e.delegations and e.host == "lahti")
    changed = dataclasses.replace(week, note=NOTE, withdrawn={"randers": 4})
    editions = [changed if e is week else e for e in plan.editions]
    return dataclasses.replace(plan, editions=editions), changed


def test_lahti_feed_is_in_finnish(bundled_plan):
    events = _events((bundled_plan / "calendars" / "lahti.ics").read_bytes())
    summaries = {str(ev["SUMMARY"]) for ev in events.values()}
    assert "NOVU youth week, isäntänä Lahti" in summaries
    text = "\n".join(str(ev["DESCRIPTION"]) for ev in events.values())
    assert "Isäntä: Lahti (Suomi)" in text
    assert "Valtuuskunnat:" in text and "17 nuorta" in text and "ryhmänjohtajaa" in text
    assert "Host:" not in text and "youths" not in text
    locations = {str(ev["LOCATION"]) for ev in events.values() if "LOCATION" in ev}
    assert "Lahti, Suomi" in locations and "Akureyri, Islanti" in locations


def test_akureyri_feed_is_in_icelandic(bundled_plan):
    events = _events((bundled_plan / "calendars" / "akureyri.ics").read_bytes())
    summaries = {str(ev["SUMMARY"]) for ev in events.values()}
    assert "NOVU youth week – gestgjafi: Akureyri" in summaries
    locations = {str(ev["LOCATION"]) for ev in events.values() if "LOCATION" in ev}
    assert "Akureyri, Ísland" in locations and "Lahti, Finnland" in locations
    text = "\n".join(str(ev["DESCRIPTION"]) for ev in events.values())
    assert "Sendinefndir:" in text and "ungmenni" in text and "fararstjórar" in text


def test_the_network_calendar_stays_english(bundled_plan):
    events = _events((bundled_plan / "calendar.ics").read_bytes())
    summaries = {str(ev["SUMMARY"]) for ev in events.values()}
    assert "NOVU youth week in Lahti" in summaries
    assert any("Host: Akureyri (Iceland)" in str(ev["DESCRIPTION"]) for ev in events.values())


def test_language_changes_the_words_not_the_uid_or_sequence(noted):
    plan, _week = noted
    files = calendar_files(plan)
    assert calendar_files(plan) == files  # the same plan gives the same bytes
    network = _events(files["calendar.ics"])
    for name in ("calendars/lahti.ics", "calendars/akureyri.ics", "calendars/vasteras.ics"):
        for uid, ev in _events(files[name]).items():
            assert int(ev["SEQUENCE"]) == int(network[uid]["SEQUENCE"]), (name, uid)


def test_the_note_and_the_cancellation_are_told_in_the_towns_language(noted):
    plan, week = noted
    files = calendar_files(plan)
    uid = plan.uid(week)
    english = _events(files["calendar.ics"])[uid]
    assert f"Note: {NOTE}" in str(english["DESCRIPTION"])  # as plan.json keeps it
    finnish = str(_events(files["calendars/lahti.ics"])[uid]["DESCRIPTION"])
    assert "Huomautus: " in finnish and "swap" not in finnish and "Lahti ja Akureyri" in finnish
    danish = _events(files["calendars/randers.ics"])[uid]
    assert str(danish["SUMMARY"]) == "Aflyst: NOVU youth week i Lahti"
    assert int(danish["SEQUENCE"]) == 4
    assert "Aflyst for Randers: byens delegation deltager ikke længere" in str(danish["DESCRIPTION"])
    assert "Bemærkning: " in str(danish["DESCRIPTION"])


def test_a_town_page_and_its_calendar_follow_one_language_rule():
    from novu_planner.exporters.i18n import town_language
    from novu_planner.network.model import City

    def city(country: str, language: str | None = None) -> City:
        return City(index=0, id="x", name="X", country=country, timezone="Europe/Oslo", language=language)

    from novu_planner.network.loader import load_network

    network = load_network()
    assert town_language(city("SE")) == "sv"  # no language: its country's
    assert town_language(city("NO", "no")) == "nb"
    assert town_language(city("EE", "et"), network) == "en"  # neither known: the network's (English here)
