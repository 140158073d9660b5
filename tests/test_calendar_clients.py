"""The bundled network's calendars, read by independent parsers and a real CalDAV server."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import vobject
from caldav_helpers import radicale as start_radicale
from click.testing import CliRunner
from conftest import EPOCH, FIXED_2030

from novu_planner.cli import cli
from novu_planner.exporters.ics import caldav_resources
from novu_planner.network.loader import bundled_network_path


@pytest.fixture
def plan_dir(bundled_plan) -> Path:
    return bundled_plan


def calendars(plan_dir: Path) -> list[Path]:
    return [plan_dir / "calendar.ics", *sorted((plan_dir / "calendars").glob("*.ics"))]


def utc(value) -> dt.datetime:
    """An instant in UTC; an all-day date counts from its midnight, as a date."""
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, "no floating times"
        return value.astimezone(dt.UTC)
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def read_icalendar(data: bytes) -> dict[str, tuple]:
    cal = icalendar.Calendar.from_ical(data)
    assert not cal.errors
    out = {}
    for ev in cal.walk("VEVENT"):
        assert not ev.errors
        out[str(ev["UID"])] = (utc(ev.decoded("DTSTART")), utc(ev.decoded("DTEND")))
    return out


def read_vobject(data: bytes) -> dict[str, tuple]:
    cal = vobject.readOne(data.decode("utf-8"), validate=True)
    return {
        ev.uid.value: (utc(ev.dtstart.value), utc(ev.dtend.value)) for ev in cal.contents.get("vevent", [])
    }


def read_ical(data: bytes) -> dict[str, tuple]:
    from ical.calendar_stream import IcsCalendarStream

    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return {ev.uid: (utc(ev.dtstart), utc(ev.dtend)) for ev in cal.events}


def test_every_parser_reads_the_same_instants(plan_dir):
    for path in calendars(plan_dir):
        data = path.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        first = read_icalendar(data)
        assert first, f"{path.name} has events"
        assert read_vobject(data) == first, path.name
        assert read_ical(data) == first, path.name


def test_lines_are_crlf_and_folded_within_75_octets(plan_dir):
    for path in calendars(plan_dir):
        data = path.read_bytes()
        assert b"\n" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # a fold never splits a character


def test_timed_meetings_repeat_daily_in_the_hosts_zone(plan_dir):
    cal = icalendar.Calendar.from_ical((plan_dir / "calendar.ics").read_bytes())
    meetings = [ev for ev in cal.walk("VEVENT") if "contact meeting" in str(ev["SUMMARY"])]
    assert meetings
    for ev in meetings:
        start = ev.decoded("DTSTART")
        assert isinstance(start.tzinfo, zoneinfo.ZoneInfo | dt.tzinfo)
        assert ev["DTSTART"].params["TZID"] == ev["DTEND"].params["TZID"]
        assert ev["DTSTART"].params["TZID"] == str(start.tzinfo)
        assert ev["RRULE"]["FREQ"] == ["DAILY"] and ev["RRULE"]["COUNT"] == [2]
    zones = [tz for tz in cal.walk("VTIMEZONE")]
    assert zones and all("RDATE" not in part for tz in zones for part in tz.subcomponents)


@pytest.fixture
def radicale(tmp_path):
    with start_radicale(tmp_path / "store") as (url, _):
        yield url


@pytest.fixture
def updated_dir(plan_dir, tmp_path, monkeypatch) -> Path:
    """The bundled plan made again after one edition changed, with the first as --previous."""
    network = tmp_path / "novu.toml"
    network.write_text(bundled_network_path().read_text(encoding="utf-8") + FIXED_2030, encoding="utf-8")
    out = tmp_path / "updated"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    args = ["plan", str(network), "--out", str(out), "--previous", str(plan_dir)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_caldav_server_accepts_every_event_once(plan_dir, updated_dir, radicale):
    import caldav

    client = caldav.DAVClient(radicale, username="coordinator", password="-")
    principal = client.principal()
    for path in sorted((plan_dir / "calendars").glob("*.ics")):
        resources = caldav_resources(path.read_bytes())
        assert all(b"METHOD:" not in r for r in resources.values())
        cal = principal.make_calendar(name=path.stem, cal_id=path.stem)
        for resource in resources.values():
            cal.add_event(resource.decode("utf-8"), increase_seqno=False)
        found = cal.search(start=dt.datetime(2027, 1, 1), end=dt.datetime(2037, 1, 1), event=True)
        assert {str(f.icalendar_component["UID"]) for f in found} == set(_planned(resources))
        # Uploading the updated plan replaces events, never duplicates them.
        updated = caldav_resources((updated_dir / "calendars" / path.name).read_bytes())
        for resource in updated.values():
            cal.add_event(resource.decode("utf-8"), increase_seqno=False)
        stored = {str(e.icalendar_component["UID"]): e.icalendar_component for e in cal.events()}
        assert stored.keys() == updated.keys()
        moved = [ev for ev in stored.values() if ev.decoded("DTSTART") == dt.date(2030, 7, 1)]
        assert [ev["SEQUENCE"] for ev in moved] == [1]  # every city sends a delegation in 2030


def _planned(resources: dict[str, bytes]) -> list[str]:
    """UIDs of the events that start from 2027 on."""
    out = []
    for uid, resource in resources.items():
        start = icalendar.Calendar.from_ical(resource).walk("VEVENT")[0].decoded("DTSTART")
        if start.year >= 2027:
            out.append(uid)
    return out
