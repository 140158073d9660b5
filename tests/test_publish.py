"""`novu-planner publish`: the bundled plan on a real Radicale server with htpasswd authentication."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from caldav_helpers import proxy, radicale
from click.testing import CliRunner
from conftest import EPOCH

import novu_planner as n
from novu_planner.cli import cli
from novu_planner.network.loader import bundled_network_path
from novu_planner.plans.model import event_uid

USER, PASSWORD = "coordinator", "s3cret ÅÖ"
CALENDARS = {"novu", *(f"novu-{c}" for c in ("vasteras", "alesund", "lahti", "akureyri", "randers"))}
# A re-plan: Randers cannot host in 2034 (two editions swap hosts) and the 2035 contact meeting is cancelled.
REPLAN = """
[[blackouts]]
city = "randers"
years = [2034]
reason = "new sports hall"

[[history]]
series = "contact-meeting"
year = 2035
host = "alesund"
status = "cancelled"
"""


@pytest.fixture
def server(tmp_path):
    with radicale(tmp_path / "store", {USER: PASSWORD}) as (url, process):
        yield url, process


@pytest.fixture(scope="module")
def replanned(tmp_path_factory, bundled_plan) -> Path:
    folder = tmp_path_factory.mktemp("replanned")
    network = folder / "novu.toml"
    network.write_text(bundled_network_path().read_text(encoding="utf-8") + REPLAN, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        args = ["plan", str(network), "--out", str(folder / "plan"), "--previous", str(bundled_plan)]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        mp.undo()
    assert result.exit_code == 0, result.output
    return folder / "plan"


def publish(plan: Path, url: str, *extra: str, password: str = PASSWORD, as_json: bool = True):
    args = ["publish", str(plan), "--caldav", url, "--user", USER, "--password-env", "NOVU_TEST_PASSWORD"]
    args += ["--json"] if as_json else []
    return CliRunner(env={"NOVU_TEST_PASSWORD": password}).invoke(cli, [*args, *extra])


def actions(result) -> dict[str, int]:
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["changes"]
    return {
        a: sum(1 for c in changes if c["action"] == a) for a in ("create", "update", "cancel", "unchanged")
    }


def held(url: str) -> dict[str, dict[str, icalendar.cal.Component]]:
    """Every calendar on the server, by id: its events by UID (asserting one resource per UID)."""
    import caldav

    principal = caldav.DAVClient(url, username=USER, password=PASSWORD).principal()
    out = {}
    for calendar in principal.calendars():
        events: dict[str, icalendar.cal.Component] = {}
        for obj in calendar.events():
            ev = icalendar.Calendar.from_ical(obj.data).walk("VEVENT")[0]
            assert str(ev["UID"]) not in events
            events[str(ev["UID"])] = ev
        out[str(calendar.url).rstrip("/").rsplit("/", 1)[-1]] = events
    return out


def planned(plan: Path) -> dict[str, dict[str, int]]:
    """The plan's feeds: each calendar's UIDs with their SEQUENCE."""
    from novu_planner.publishing.feeds import feeds

    out = {}
    for feed in feeds(n.read_plan(plan)):
        cal = icalendar.Calendar.from_ical(feed.data)
        out[feed.id] = {str(ev["UID"]): int(ev["SEQUENCE"]) for ev in cal.walk("VEVENT")}
    return out


def test_first_run_creates_second_sends_nothing_replan_updates(bundled_plan, replanned, server):
    url, process = server
    first = publish(bundled_plan, url)
    counts = actions(first)
    assert counts["create"] > 0 and counts["update"] == counts["cancel"] == counts["unchanged"] == 0
    assert set(json.loads(first.output)["new_calendars"]) == CALENDARS
    stored = held(url)
    expected = planned(bundled_plan)
    assert {k: {u: int(e["SEQUENCE"]) for u, e in v.items()} for k, v in stored.items()} == expected
    names = {c: str(e) for c, e in stored.items()}
    assert names.keys() == CALENDARS

    with proxy(url, process) as counting:
        again = publish(bundled_plan, counting.url)
        counts = actions(again)
        assert counts["unchanged"] == sum(len(v) for v in expected.values())
        assert json.loads(again.output)["sent"] == 0
        assert not {"PUT", "DELETE", "MKCALENDAR", "MKCOL", "PROPPATCH"} & set(counting.counts)

    third = publish(replanned, url)
    counts = actions(third)
    assert counts["update"] > 0 and counts["cancel"] > 0 and counts["create"] == 0
    stored = held(url)
    now, before = planned(replanned), expected
    for calendar, events in stored.items():
        assert set(events) == set(now[calendar])  # one event per UID, nothing added twice
        for uid, ev in events.items():
            assert int(ev["SEQUENCE"]) == now[calendar][uid]
            assert now[calendar][uid] >= before[calendar][uid]
    network = stored["novu"]
    moved = network[event_uid("novu", "youth-week", 2034)]
    assert "Akureyri" in str(moved["SUMMARY"]) and int(moved["SEQUENCE"]) > before["novu"][str(moved["UID"])]
    cancelled = network[event_uid("novu", "contact-meeting", 2035)]
    assert cancelled["STATUS"] == "CANCELLED"
    assert actions(publish(replanned, url))["unchanged"] == sum(len(v) for v in now.values())


def test_printed_summary_and_dry_run_change_nothing(bundled_plan, server):
    url, _ = server
    dry = publish(bundled_plan, url, "--dry-run", as_json=False)
    assert dry.exit_code == 0, dry.output
    assert "dry run, nothing was sent" in dry.output
    assert "novu-lahti (new calendar):" in dry.output
    assert "created    NOVU youth week in Lahti" in dry.output
    assert held(url) == {}
    done = publish(bundled_plan, url, as_json=False)
    assert done.exit_code == 0
    assert "sending" in done.stderr  # the progress bar, on stderr
    assert (
        done.stdout.replace(f"{url}: dry run, nothing was sent; this is what publishing would do\n", "")
        == (dry.output.split("\n", 1)[1])
    )


def test_events_the_plan_dropped_are_cancelled_not_deleted_and_others_left(bundled_plan, server):
    url, _ = server
    actions(publish(bundled_plan, url))
    import caldav

    principal = caldav.DAVClient(url, username=USER, password=PASSWORD).principal()
    calendar = principal.calendar(cal_id="novu")
    dropped = event_uid("novu", "youth-week", 2040)
    for uid, summary in (
        (dropped, "NOVU youth week in Lahti"),
        ("someone-else@example.org", "Board meeting"),
    ):
        calendar.add_event(
            f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
            f"DTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20400627\r\nSEQUENCE:2\r\n"
            f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            increase_seqno=False,
        )
    counts = actions(publish(bundled_plan, url))
    assert counts["cancel"] == 1 and counts["create"] == counts["update"] == 0
    stored = held(url)["novu"]
    assert stored[dropped]["STATUS"] == "CANCELLED" and int(stored[dropped]["SEQUENCE"]) == 3
    assert "STATUS" not in stored["someone-else@example.org"]
    assert actions(publish(bundled_plan, url))["cancel"] == 0


def test_wrong_password_is_exit_4_and_changes_nothing(bundled_plan, server):
    url, _ = server
    result = publish(bundled_plan, url, password="wrong", as_json=False)
    assert result.exit_code == 4
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "refused the user name, password or permission" in lines[0], result.output
    assert "nothing was changed" in lines[0] and "Traceback" not in result.output
    assert held(url) == {}


def test_password_is_asked_hidden_when_no_variable(bundled_plan, server):
    url, _ = server
    args = ["publish", str(bundled_plan), "--caldav", url, "--user", USER, "--dry-run"]
    result = CliRunner().invoke(cli, args, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    missing = CliRunner(env={"NOVU_TEST_PASSWORD": None}).invoke(
        cli, [*args, "--password-env", "NOVU_TEST_PASSWORD"]
    )
    assert missing.exit_code == 2 and "NOVU_TEST_PASSWORD" in missing.output


def test_unreachable_server_is_exit_4(bundled_plan):
    from caldav_helpers import free_port

    result = publish(bundled_plan, f"http://127.0.0.1:{free_port()}/", as_json=False)
    assert result.exit_code == 4
    assert "could not be reached" in result.output and "nothing was changed" in result.output


def test_server_killed_half_way_is_exit_4_and_a_rerun_completes(bundled_plan, tmp_path):
    store = tmp_path / "store"
    with radicale(store, {USER: PASSWORD}) as (url, process), proxy(url, process, kill_after_puts=7) as dying:
        result = publish(bundled_plan, dying.url, as_json=False)
        assert result.exit_code == 4, result.output
        line = result.output.strip().splitlines()[-1]
        assert "7 of" in line and "run publish again" in line, line
    with radicale(store, {USER: PASSWORD}) as (url, _):
        counts = actions(publish(bundled_plan, url))
        assert counts["unchanged"] == 7 and counts["update"] == counts["cancel"] == 0
        stored = held(url)
        assert {k: set(v) for k, v in stored.items()} == {k: set(v) for k, v in planned(bundled_plan).items()}
