"""Each event's text is what icalendar's Event.to_ical writes for the whole event.

The feeds write the lines that do not depend on the language once per event
and skip icalendar's folding for short lines; these tests hold that to
icalendar's own output, in every language, folded lines included.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import icalendar
import pytest

from novu_planner.exporters import ics
from novu_planner.exporters.i18n import LANGUAGES
from novu_planner.plans.plan_json import plan_from_json


@pytest.fixture(scope="module")
def plan(bundled_plan):
    return plan_from_json(json.loads((bundled_plan / "plan.json").read_text(encoding="utf-8")), "plan.json")


def _whole(plan, e, withdrawn_for, lang) -> bytes | None:
    ev = ics._stamped_frame(plan, e, withdrawn_for)
    if ev is None:
        return None
    ev.update(ics._words(plan, e, withdrawn_for, lang))
    return ev.to_ical()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_event_is_icalendars_text(plan, lang):
    built = ics._Built()
    for e in plan.editions:
        assert ics._event_ical(plan, e, None, lang, built) == _whole(plan, e, None, lang)


def test_an_event_cancelled_for_one_town_is_icalendars_text(plan):
    week = next(e for e in plan.editions if e.delegations and e.start is not None)
    city = week.delegations[0].city_id
    gone = dataclasses.replace(week, withdrawn={city: 3})
    built = ics._Built()
    for lang in LANGUAGES:
        assert ics._event_ical(plan, gone, city, lang, built) == _whole(plan, gone, city, lang)


@pytest.mark.parametrize("tail", ["", "å", "\\,", "^", "€", "😀"])
def test_lines_near_the_fold_are_folded_as_icalendar_folds_them(tail):
    for length in range(60, 90):
        ev = icalendar.Event()
        ev.add("summary", "x" * length + tail)
        ev.add("location", "ä" * (length // 2) + tail + ",;")
        for name, value in ev.items():
            assert ics._lines(ev)[name] == ev.content_line(name, value).to_ical() + b"\r\n"


def test_a_network_with_an_organizer_and_nine_towns_is_icalendars_text():
    import novu_planner as n

    network = n.load_network(str(Path(__file__).parent.parent / "schedules" / "storsta-vanortskedjan.toml"))
    plan = n.plan(network, first=2027, years=6, time_limit=60, seed=0)
    assert network.organizer
    built = ics._Built()
    for lang in LANGUAGES:
        for e in plan.editions:
            assert ics._event_ical(plan, e, None, lang, built) == _whole(plan, e, None, lang)
