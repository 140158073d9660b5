"""Republishing: a changed edition replaces its event, nothing else moves; names
survive every format; a run killed between the renames loses no plan."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import icalendar
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import EPOCH, FIXED_2030

from novu_planner.cli import cli
from novu_planner.exporters.ics import caldav_resources
from novu_planner.network.loader import bundled_network_path
from novu_planner.plans.folder import FAULT_ENV, aside_path


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def invoke(*args: str):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert "Traceback" not in result.output
        return result

    return invoke


def _events(path: Path) -> dict[str, bytes]:
    return caldav_resources(path.read_bytes())


def test_one_changed_edition_changes_exactly_its_event(run, tmp_path):
    out = tmp_path / "plan"
    assert run("plan", "--out", str(out)).exit_code == 0
    before = {p.relative_to(out): _events(p) for p in out.rglob("*.ics")}
    changed = tmp_path / "novu.toml"
    changed.write_text(bundled_network_path().read_text(encoding="utf-8") + FIXED_2030, encoding="utf-8")

    result = run("plan", str(changed), "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert "youth-week 2030" in result.output and "changed since the previous plan" in result.output
    touched = set()
    for name, old in before.items():
        new = _events(out / name)
        assert new.keys() == old.keys(), "an update never adds or drops an event"
        for uid in old:
            if new[uid] != old[uid]:
                touched.add(uid)
                was = icalendar.Calendar.from_ical(old[uid]).walk("VEVENT")[0]
                now = icalendar.Calendar.from_ical(new[uid]).walk("VEVENT")[0]
                assert now["SEQUENCE"] > was["SEQUENCE"]
                assert str(now.decoded("DTSTART")) == "2030-07-01"
    assert len(touched) == 1


def test_a_name_with_separators_and_a_line_break_survives_every_format(run, tmp_path):
    awkward = 'Väst, erås; \\"Norr\\" \\\\ Syd\\nBy'  # TOML escapes: quotes, a backslash, a line break
    expected = 'Väst, erås; "Norr" \\ Syd\nBy'
    text = (
        bundled_network_path().read_text(encoding="utf-8").replace('name = "Västerås"', f'name = "{awkward}"')
    )
    network = tmp_path / "novu.toml"
    network.write_text(text, encoding="utf-8")
    out = tmp_path / "plan"
    assert run("plan", str(network), "--out", str(out)).exit_code == 0

    cal = icalendar.Calendar.from_ical((out / "calendar.ics").read_bytes())
    hosted = [ev for ev in cal.walk("VEVENT") if expected in str(ev["SUMMARY"])]
    assert hosted and all(str(ev["LOCATION"]).startswith(expected + ", ") for ev in hosted)
    assert any(expected in str(ev["DESCRIPTION"]) for ev in cal.walk("VEVENT"))
    # RFC 5545 escaping, read after unfolding: \, \; \\ and \n.
    raw = (out / "calendar.ics").read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    assert 'Väst\\, erås\\; "Norr" \\\\ Syd\\nBy' in raw

    for name in ("rotation.csv", "quotas.csv"):
        frame = pd.read_csv(out / name, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        column = "host" if name == "rotation.csv" else "city"
        assert expected in set(frame[column])
    book = openpyxl.load_workbook(io.BytesIO((out / "plan.xlsx").read_bytes()))
    cells = {c.value for sheet in book for row in sheet.iter_rows() for c in row}
    assert expected in cells


@pytest.mark.parametrize("step", ["built", "set-aside", "moved-in"])
def test_a_run_killed_between_the_renames_loses_no_plan(tmp_path, step):
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "novu_planner", "plan", "--out", str(tmp_path / "plan")]
    subprocess.run(command, env=env, check=True, capture_output=True)
    old = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "plan").rglob("*") if p.is_file()}

    killed = subprocess.run([*command, "--force"], env={**env, FAULT_ENV: step}, capture_output=True)
    assert killed.returncode != 0  # it really died midway
    # Whatever the step, the next command finds a whole plan in place.
    shown = subprocess.run(
        [sys.executable, "-m", "novu_planner", "show", str(tmp_path / "plan")], env=env, capture_output=True
    )
    assert shown.returncode == 0, shown.stderr
    assert not aside_path(tmp_path / "plan").exists()
    now = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "plan").rglob("*") if p.is_file()}
    assert now == old  # the same input: the old plan and the new one are byte for byte the same


def _vevents(path: Path) -> list:
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_uids_follow_the_recipe_and_all_day_ends_are_exclusive(bundled_plan):
    data = json.loads((bundled_plan / "plan.json").read_text(encoding="utf-8"))
    dated = {
        str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:novu-planner:novu:{e['series']}:{e['year']}")): e
        for e in data["editions"]
        if e.get("start")
    }
    events = {str(ev["UID"]): ev for ev in _vevents(bundled_plan / "calendar.ics")}
    assert events.keys() == dated.keys()
    for uid, ev in events.items():
        e = dated[uid]
        assert e["calendar"]["uid"] == uid and ev["SEQUENCE"] == e["calendar"]["sequence"]
        if e["series"] == "youth-week":
            assert ev["DTSTART"].params.get("VALUE") == "DATE"
            last = dt.date.fromisoformat(e["end"])
            assert ev.decoded("DTEND") == last + dt.timedelta(days=1)


def test_an_organizer_makes_publish_feeds(run, tmp_path):
    text = bundled_network_path().read_text(encoding="utf-8")
    with_organizer = text.replace(
        'name = "NOVU – Nordisk', 'organizer = "mailto:novu@example.org"\nname = "NOVU – Nordisk', 1
    )
    network = tmp_path / "novu.toml"
    network.write_text(with_organizer, encoding="utf-8")
    assert run("plan", str(network), "--out", str(tmp_path / "with")).exit_code == 0
    assert run("plan", "--out", str(tmp_path / "without")).exit_code == 0
    for path in (tmp_path / "with").rglob("*.ics"):
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        assert cal["METHOD"] == "PUBLISH"
        assert all(str(ev["ORGANIZER"]) == "mailto:novu@example.org" for ev in cal.walk("VEVENT"))
    for path in (tmp_path / "without").rglob("*.ics"):
        assert b"METHOD:" not in path.read_bytes() and b"ORGANIZER" not in path.read_bytes()


def test_a_published_edition_that_is_called_off_stays_as_cancelled(run, tmp_path):
    out = tmp_path / "plan"
    assert run("plan", "--out", str(out)).exit_code == 0
    before = {str(ev["UID"]): ev for ev in _vevents(out / "calendar.ics")}
    called_off = '\n[[history]]\nseries = "youth-week"\nyear = 2029\nhost = "randers"\nstatus = "cancelled"\n'
    network = tmp_path / "novu.toml"
    network.write_text(bundled_network_path().read_text(encoding="utf-8") + called_off, encoding="utf-8")
    assert run("plan", str(network), "--out", str(out), "--force").exit_code == 0
    uid = str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:novu-planner:novu:youth-week:2029"))
    after = {str(ev["UID"]): ev for ev in _vevents(out / "calendar.ics")}
    assert after[uid]["STATUS"] == "CANCELLED"
    assert str(after[uid]["SUMMARY"]).startswith("Cancelled:")
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    for city in (out / "calendars").glob("*.ics"):  # every town that expected it hears of it
        assert {str(ev["UID"]): str(ev["STATUS"]) for ev in _vevents(city)}[uid] == "CANCELLED"


def test_a_carried_over_event_that_reads_differently_gets_a_higher_sequence(run, tmp_path):
    out = tmp_path / "plan"
    assert run("plan", "--out", str(out)).exit_code == 0
    renamed = (
        bundled_network_path()
        .read_text(encoding="utf-8")
        .replace('name = "Lahti"', 'name = "Lahden kaupunki"')
    )
    network = tmp_path / "novu.toml"
    network.write_text(renamed, encoding="utf-8")
    assert (
        run(
            "plan", str(network), "--out", str(tmp_path / "later"), "--from", "2029", "--previous", str(out)
        ).exit_code
        == 0
    )
    uid = str(
        uuid.uuid5(uuid.NAMESPACE_URL, "urn:novu-planner:novu:youth-week:2027")
    )  # Lahti's, carried over
    event = {str(ev["UID"]): ev for ev in _vevents(tmp_path / "later" / "calendar.ics")}[uid]
    assert "Lahden kaupunki" in str(event["SUMMARY"]) and event["SEQUENCE"] == 1
