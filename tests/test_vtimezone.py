"""VTIMEZONEs from tzdata rules give zoneinfo's offsets for every hour of a year."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
import vobject

from novu_planner.exporters.vtimezone import vtimezone

ZONES = [
    "Europe/Helsinki",
    "Europe/Oslo",
    "Atlantic/Reykjavik",
    "America/Nuuk",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Atlantic/Faroe",
    "Europe/Mariehamn",
    "Europe/Berlin",
]


def hours(year: int):
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    while moment.year == year:
        yield moment
        moment += dt.timedelta(hours=1)


def readers(zone: str):
    text = vtimezone(zone).to_ical().decode()
    calendar_text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + text
        + f"BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID={zone}:20270101T090000\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    yield "icalendar", icalendar.Calendar.from_ical(calendar_text).walk("VTIMEZONE")[0].to_tz()
    yield "vobject", vobject.readOne(calendar_text).vevent.dtstart.value.tzinfo


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("year", [2027, 2030])
def test_offsets_match_zoneinfo_every_hour(zone, year):
    truth = zoneinfo.ZoneInfo(zone)
    for name, tz in readers(zone):
        wrong = [
            moment
            for moment in hours(year)
            if moment.astimezone(tz).utcoffset() != moment.astimezone(truth).utcoffset()
        ]
        assert not wrong, f"{name} reads {zone} wrong at {wrong[:3]}"


@pytest.mark.parametrize("zone", ZONES)
def test_parts_are_rrule_based_and_stable(zone):
    component = vtimezone(zone)
    parts = component.subcomponents
    assert all("RDATE" not in part for part in parts)
    if zone == "Atlantic/Reykjavik":
        assert [p.name for p in parts] == ["STANDARD"]
    else:
        assert sorted(p.name for p in parts) == ["DAYLIGHT", "STANDARD"]
        assert all("RRULE" in part for part in parts)
    assert component.to_ical() == vtimezone(zone).to_ical()
