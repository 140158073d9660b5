"""`publish`: every feed of a plan into its own calendar collection on a CalDAV server.

The work is done in two steps. First everything is read (the collections,
the events the server holds) and each event gets its action: create, update,
cancel, or leave alone. Only then is anything sent, one event per request,
so a server that refuses the credentials or cannot be reached changes
nothing, and one that stops half-way has taken complete events only: the
next run compares again and sends the rest.

An event is left alone when the server holds its UID with the plan's
SEQUENCE and the same properties (DTSTAMP aside). The plan's SEQUENCE is
sent as it is (`increase_seqno=False`). Events of this network that the plan
no longer has are never deleted: they are sent back cancelled, with their
SEQUENCE one higher. An event is this network's when it carries
`X-NOVU-PLANNER-NETWORK` (added on upload) or has one of the UIDs the
network's series make.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import icalendar

from novu_planner.errors import InputError, PublishError, printable
from novu_planner.plans.model import PlanData, event_uid
from novu_planner.publishing.feeds import Feed, feeds

NETWORK_PROPERTY = "X-NOVU-PLANNER-NETWORK"
IGNORED = frozenset({"DTSTAMP", "LAST-MODIFIED", "CREATED"})  # changed by every upload, not by the plan
YEARS = range(1900, 2201)  # the years a network file may name
TIMEOUT = 30.0  # seconds per request

Progress = Callable[[int, int], None]  # (events sent so far, events to send)


@dataclass(frozen=True)
class Change:
    """One event of one calendar and what `publish` does with it."""

    calendar: str  # the collection's id
    uid: str
    summary: str
    action: str  # "create", "update", "cancel" or "unchanged"
    data: bytes = b""  # the calendar object to send
    target: Any = None  # the server's object to replace (caldav Event), None to create

    def to_json(self) -> dict:
        return {"calendar": self.calendar, "uid": self.uid, "summary": self.summary, "action": self.action}


@dataclass
class PublishReport:
    """What `publish` did (or, with dry_run, would do)."""

    url: str
    dry_run: bool
    calendars: list[str] = field(default_factory=list)  # every collection, by id
    new_calendars: list[str] = field(default_factory=list)  # those created (or to create)
    changes: list[Change] = field(default_factory=list)
    sent: int = 0  # changes sent to the server
    made: list[str] = field(default_factory=list)  # calendars created so far

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    @property
    def created(self) -> list[Change]:
        return self.of("create")

    @property
    def updated(self) -> list[Change]:
        return self.of("update")

    @property
    def cancelled(self) -> list[Change]:
        return self.of("cancel")

    @property
    def unchanged(self) -> list[Change]:
        return self.of("unchanged")

    @property
    def to_send(self) -> list[Change]:
        return [c for c in self.changes if c.action != "unchanged"]

    def to_json(self) -> dict:
        return {
            "url": self.url,
            "dry_run": self.dry_run,
            "calendars": self.calendars,
            "new_calendars": self.new_calendars,
            "sent": self.sent,
            "changes": [c.to_json() for c in self.changes],
        }


def publish_plan(
    plan: PlanData,
    url: str,
    user: str,
    password: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    timeout: float = TIMEOUT,
) -> PublishReport:
    """Bring the server's calendars in line with the plan; raise `PublishError` (exit 4) when it refuses."""
    try:
        from caldav.davclient import DAVClient
        from caldav.lib.error import DAVError
    except ImportError:
        raise InputError(
            "publishing to CalDAV needs the caldav package: pip install 'novu-planner[publish]'"
        ) from None

    logging.getLogger("caldav").addHandler(logging.NullHandler())  # its messages would reach stderr
    report = PublishReport(url, dry_run)
    try:
        client: Any = DAVClient(url, username=user, password=password, timeout=max(1, int(timeout)))
        principal: Any = client.principal()
        existing = {_last_part(c.url): c for c in principal.calendars()}
        wanted = feeds(plan)
        known = _known_uids(plan)
        targets: dict[str, Any] = {}
        for feed in wanted:
            report.calendars.append(feed.id)
            calendar = existing.get(feed.id)
            if calendar is None:
                report.new_calendars.append(feed.id)
                report.changes += _compare(feed, {}, plan.network.id, known)
            else:
                targets[feed.id] = calendar
                report.changes += _compare(feed, _held(calendar), plan.network.id, known)
        if dry_run:
            return report
        total = len(report.to_send)
        for feed in wanted:
            if feed.id in report.new_calendars:
                targets[feed.id] = principal.make_calendar(name=feed.name, cal_id=feed.id)
                report.made.append(feed.id)
        for change in report.to_send:
            _send(targets[change.calendar], change)
            report.sent += 1
            if progress is not None:
                progress(report.sent, total)
    except (DAVError, OSError) as error:
        raise PublishError(_refusal(url, error, report), report) from None
    return report


def _last_part(url: Any) -> str:
    return str(url).rstrip("/").rsplit("/", 1)[-1]


def _known_uids(plan: PlanData) -> set[str]:
    """Every UID this network's series can have had, in any year a file may name."""
    series = {s.id for s in plan.network.series} | {e.series for e in plan.editions}
    return {event_uid(plan.network.id, s, year) for s in series for year in YEARS}


def _held(calendar: Any) -> dict[str, tuple[Any, icalendar.Calendar]]:
    """The events the collection holds, by UID, with their parsed calendar object."""
    out = {}
    for obj in calendar.events():
        try:
            cal = icalendar.Calendar.from_ical(obj.data)
        except ValueError:
            continue  # not readable as iCalendar: not one of ours, left alone
        events = cal.walk("VEVENT")
        if events:
            out[str(events[0]["UID"])] = (obj, cal)
    return out


def _event(cal: icalendar.Calendar) -> icalendar.cal.Component:
    return cal.walk("VEVENT")[0]


def _fingerprint(ev: icalendar.cal.Component, names: set[str]) -> list[tuple[str, bytes]]:
    out = []
    for name, value in ev.property_items(recursive=False, sorted=False):
        if name in names:
            out.append((name, value.to_ical() if hasattr(value, "to_ical") else str(value).encode()))
    return sorted(out)


def _compare(
    feed: Feed,
    held: dict[str, tuple[Any, icalendar.Calendar]],
    network_id: str,
    known: set[str],
) -> list[Change]:
    from novu_planner.exporters.ics import caldav_resources

    changes = []
    resources = caldav_resources(feed.data)
    for uid, resource in resources.items():
        cal = icalendar.Calendar.from_ical(resource)
        ev = _event(cal)
        ev.add(NETWORK_PROPERTY, network_id)
        summary = str(ev.get("SUMMARY", ""))
        data = cal.to_ical()
        if uid not in held:
            changes.append(Change(feed.id, uid, summary, "create", data))
            continue
        obj, server_cal = held[uid]
        theirs = _event(server_cal)
        names = {name for name, _ in ev.property_items(recursive=False, sorted=False)} - IGNORED
        names -= {"BEGIN", "END"}
        if _fingerprint(ev, names) == _fingerprint(theirs, names):
            changes.append(Change(feed.id, uid, summary, "unchanged"))
        elif ev.get("STATUS") == "CANCELLED" and theirs.get("STATUS") != "CANCELLED":
            changes.append(Change(feed.id, uid, summary, "cancel", data, obj))
        else:
            changes.append(Change(feed.id, uid, summary, "update", data, obj))
    for uid, (obj, server_cal) in sorted(held.items()):
        if uid in resources:
            continue
        theirs = _event(server_cal)
        if str(theirs.get(NETWORK_PROPERTY, "")) != network_id and uid not in known:
            continue  # not ours: someone else's event in this calendar
        summary = str(theirs.get("SUMMARY", ""))
        if theirs.get("STATUS") == "CANCELLED":
            changes.append(Change(feed.id, uid, summary, "unchanged"))
            continue
        for ev in server_cal.walk("VEVENT"):
            ev.pop("STATUS", None)
            ev.add("STATUS", "CANCELLED")
            sequence = int(ev.get("SEQUENCE", 0)) + 1
            ev.pop("SEQUENCE", None)
            ev.add("SEQUENCE", sequence)
            ev.pop("DTSTAMP", None)
            ev.add("DTSTAMP", dt.datetime.now(dt.UTC).replace(microsecond=0))
        changes.append(Change(feed.id, uid, summary, "cancel", server_cal.to_ical(), obj))
    return changes


def _send(calendar: Any, change: Change) -> None:
    if change.target is None:
        calendar.add_event(change.data.decode("utf-8"), increase_seqno=False)
    else:
        change.target.data = change.data.decode("utf-8")
        change.target.save(increase_seqno=False)


def _refusal(url: str, error: BaseException, report: PublishReport) -> str:
    """One line: what the server did, and how far the run got."""
    from caldav.lib import error as errors

    name = type(error).__name__
    text = " ".join(str(error).split())[:200]
    if isinstance(error, errors.AuthorizationError):
        why = "refused the user name, password or permission"
    elif "SSL" in name or "TLS" in name or "certificate" in text.lower():
        why = "the TLS connection failed"
    elif "Timeout" in name or "timed out" in text.lower():
        why = "did not answer in time"
    elif isinstance(error, OSError) and not isinstance(error, errors.DAVError):
        why = "could not be reached"
    else:
        why = "refused a request"
    message = f"{url}: the CalDAV server {why} ({name}: {text})"
    if report.sent or report.made:
        total = len(report.to_send)
        message += (
            f"; {len(report.made)} calendars were created and {report.sent} of {total} events sent "
            "before it stopped, run publish again to send the rest"
        )
    else:
        message += "; nothing was changed"
    return printable(message)


VERBS = {"create": "created", "update": "updated", "cancel": "cancelled"}


def describe_report(report: PublishReport) -> str:
    """What publish did, calendar by calendar: each event sent, and how many were left alone."""
    lines = []
    if report.dry_run:
        lines.append(f"{report.url}: dry run, nothing was sent; this is what publishing would do")
    for calendar in report.calendars:
        mine = [c for c in report.changes if c.calendar == calendar]
        new = " (new calendar)" if calendar in report.new_calendars else ""
        lines.append(f"{calendar}{new}:")
        for change in mine:
            if change.action != "unchanged":
                lines.append(f"  {VERBS[change.action]:<9}  {change.summary}  {change.uid}")
        left = sum(1 for c in mine if c.action == "unchanged")
        lines.append(f"  {left} unchanged")
    counts = ", ".join(f"{len(report.of(action))} {verb}" for action, verb in VERBS.items())
    lines.append(
        f"{counts}, {len(report.unchanged)} unchanged in {len(report.calendars)} calendars "
        f"({len(report.new_calendars)} new)"
    )
    return printable("\n".join(lines), keep="\n")
