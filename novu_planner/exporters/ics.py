"""calendar.ics and calendars/<city id>.ics for Outlook, Google and Apple Calendar.

One VEVENT per dated edition. All-day editions use VALUE=DATE with an
exclusive DTEND (Google drops the last day of an inclusive one). Timed
editions are the first day's hours repeated daily, in the host's zone,
with an RRULE-based VTIMEZONE (Outlook ignores RDATE-only zones). The UID
names no host, so a changed host updates the event instead of adding one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

import icalendar
from icalendar.caselessdict import canonsort_keys

from novu_planner.exporters.i18n import Speaker, report_language, town_language
from novu_planner.exporters.reasons import tell_note
from novu_planner.exporters.vtimezone import vtimezone_ical
from novu_planner.network import holiday_index
from novu_planner.network.model import City, Network, Series
from novu_planner.plans.model import Delegation, Edition, PlanData, Role
from novu_planner.schedule import participants

PRODID = "-//novu-planner//novu-planner calendars//EN"
REFRESH = dt.timedelta(days=1)


@functools.cache
def country_name(code: str) -> str:
    """The country's English name, from the holidays package's registry of countries (cached)."""
    try:
        name = holiday_index.country_classes().get(code)
    except (ImportError, AttributeError, IndexError):
        return code
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name) if name else code


def N_(message: str) -> str:
    """Marks a message for `pybabel extract`; it is translated where it is shown."""
    return message


ROLES = {Role.HOST: N_("host"), Role.MEMBER: N_("member"), Role.GUEST: N_("guest")}


@functools.cache
def speaker(lang: str) -> Speaker:
    """The language's catalog and formats, loaded once per run (the report loads the same catalogs)."""
    return Speaker(lang)


def feed_language(network: Network, city: City | None = None) -> str:
    """calendar.ics in the network's language; a town's feed in the town's (as its web page)."""
    return town_language(city, network) if city is not None else report_language(network)


def place_name(network: Network, city_id: str, lang: str) -> str:
    """'Lahti (Finland)' parts: the country in the feed's language, by Babel's territory names
    (as `Speaker.territory` keeps them).

    English keeps the holidays package's names, which calendar.ics has always shown.
    """
    country = network.city(city_id).country
    if lang == "en":
        return country_name(country)
    return speaker(lang).territory(country) or country_name(country)


def summary(network: Network, series: Series, e: Edition, cancelled: bool = False, lang: str = "en") -> str:
    t = speaker(lang)
    if e.host:
        text = t.gettext("%(series)s in %(host)s", series=series.name, host=network.city(e.host).name)
    else:
        text = t.gettext("%(series)s in host to be decided", series=series.name)
    return t.gettext("Cancelled: %(event)s", event=text) if cancelled or e.status == "cancelled" else text


def _note(e: Edition, lang: str) -> str:
    """The departure note; English shows it as plan.json keeps it, other languages retell it."""
    if lang == "en" or not e.note:
        return e.note
    return tell_note(speaker(lang), e.note)[0]


def _places(d: Delegation, lang: str) -> str:
    t = speaker(lang)
    parts = [t.ngettext("%(n)s youth", "%(n)s youths", d.youth)]
    if d.leaders is not None:
        parts.append(t.ngettext("%(n)s leader", "%(n)s leaders", d.leaders))
    if d.officials is not None:
        parts.append(t.gettext("%(range)s officials", range=f"{d.officials[0]}–{d.officials[1]}"))
    return ", ".join(parts)


def description(
    network: Network, series: Series, e: Edition, withdrawn_for: str | None = None, lang: str = "en"
) -> str:
    t = speaker(lang)
    lines = [f"{series.name} {e.year}"]
    if withdrawn_for is not None:
        city = network.city(withdrawn_for).name
        lines.append(
            t.gettext(
                "Cancelled for %(town)s: its delegation no longer takes part in this edition.", town=city
            )
        )
    if e.host:
        host = network.city(e.host).name
        lines.append(
            t.gettext("Host: %(town)s (%(country)s)", town=host, country=place_name(network, e.host, lang))
        )
    if e.delegations:
        lines.append(t.gettext("Delegations:"))
        for d in e.delegations:
            city = network.city(d.city_id).name
            lines.append(f"- {city} ({t.gettext(ROLES[d.role])}): {_places(d, lang)}")
    if e.note:
        lines.append(t.gettext("Note: %(note)s", note=_note(e, lang)))
    return "\n".join(lines)


def _frame(plan: PlanData, e: Edition, withdrawn_for: str | None) -> icalendar.Event | None:
    """The VEVENT's properties that are the same in every language (None when it has no days)."""
    if e.start is None or e.end is None:
        return None
    network = plan.network
    series = network.get_series(e.series)
    ev = icalendar.Event()
    ev.add("uid", plan.uid(e))
    times = series.times
    if times is not None and e.host:
        # The wall-clock time with the host's TZID, written as such: given an
        # aware datetime, icalendar turns a zone that is UTC all year
        # (Atlantic/Reykjavik) into UTC and drops the host's zone.
        tzid = {"TZID": network.city(e.host).timezone}
        days = (e.end - e.start).days + 1
        ev.add("dtstart", dt.datetime.combine(e.start, times[0]), parameters=tzid)
        ev.add("dtend", dt.datetime.combine(e.start, times[1]), parameters=tzid)
        ev.add("rrule", {"freq": "daily", "count": days})
    else:
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end + dt.timedelta(days=1))
    cancelled = withdrawn_for is not None or e.status == "cancelled"
    ev.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A meeting at set hours makes its people busy; a week-long all-day
    # event should not block everybody's whole week in free/busy searches.
    ev.add("transp", "OPAQUE" if times is not None and e.host else "TRANSPARENT")
    if network.organizer:
        ev.add("organizer", network.organizer, parameters={"CN": network.name})
    return ev


def _words(plan: PlanData, e: Edition, withdrawn_for: str | None, lang: str) -> icalendar.Event:
    """The VEVENT's properties in `lang`: its title, place and description."""
    network = plan.network
    series = network.get_series(e.series)
    ev = icalendar.Event()
    cancelled = withdrawn_for is not None or e.status == "cancelled"
    ev.add("summary", summary(network, series, e, cancelled, lang))
    if e.host:
        ev.add("location", f"{network.city(e.host).name}, {place_name(network, e.host, lang)}")
    ev.add("description", description(network, series, e, withdrawn_for, lang))
    return ev


Lines = dict[str, bytes]


@dataclass
class _Built:
    """What the feeds of one run share, made once: each event's text in each language, and the
    lines of its properties that are the same in every language."""

    events: dict[tuple[int, str | None, str], bytes | None] = field(default_factory=dict)
    frames: dict[tuple[int, str | None], Lines | None] = field(default_factory=dict)


def _calendar(
    plan: PlanData, name: str, editions: list[tuple[Edition, str | None]], built: _Built, lang: str
) -> bytes:
    """One feed in `lang`; each edition comes with the city it is cancelled for in this feed, if any.

    The feeds share their events: `built` keeps each event's text, made once
    for all the feeds in one language (a component's text does not depend on
    what holds it).
    """
    network = plan.network
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if network.organizer:
        cal.add("method", "PUBLISH")
    # icalendar treats these two as unknown properties and would write them
    # unescaped; a calendar's title is one line in every client anyway.
    title = icalendar.vText(" ".join(name.split()))
    cal.add("name", title)
    cal.add("x-wr-calname", title)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    events = []
    zones = set()
    for e, withdrawn_for in editions:
        key = (id(e), withdrawn_for, lang)
        if key not in built.events:
            built.events[key] = _event_ical(plan, e, withdrawn_for, lang, built)
        text = built.events[key]
        if text is None:
            continue
        events.append(text)
        if network.get_series(e.series).timed and e.host:
            zones.add(network.city(e.host).timezone)
    head, end = cal.to_ical(), b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return b"".join([head[: -len(end)], *(vtimezone_ical(z) for z in sorted(zones)), *events, end])


# icalendar folds a content line of this many bytes or more; a shorter one it writes as it is.
FOLD_AT = 75


def _lines(ev: icalendar.Event) -> Lines:
    """Each property's content line as icalendar writes it (folded, with its CRLF), by name.

    Most lines are short: they skip icalendar's folding, which reads a line
    character by character (most of the time to_ical took).
    """
    out = {}
    for name, value in ev.items():
        line = ev.content_line(name, value)
        data = line.encode("utf-8")
        out[name] = (data if len(data) < FOLD_AT else line.to_ical()) + b"\r\n"
    return out


def _stamped_frame(plan: PlanData, e: Edition, withdrawn_for: str | None) -> icalendar.Event | None:
    """`_frame` with SEQUENCE, DTSTAMP and LAST-MODIFIED, which the plan data give."""
    frame = _frame(plan, e, withdrawn_for)
    if frame is not None:
        stamp = plan.created or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        frame.add("sequence", e.sequence if withdrawn_for is None else e.withdrawn[withdrawn_for])
        frame.add("dtstamp", stamp)
        frame.add("last-modified", e.last_modified or stamp)
    return frame


def _event_ical(
    plan: PlanData, e: Edition, withdrawn_for: str | None, lang: str, built: _Built
) -> bytes | None:
    """The VEVENT's text: what `icalendar.Event.to_ical` writes for it, the lines that do not
    depend on the language written once for all the feeds (an event is in up to six languages)."""
    key = (id(e), withdrawn_for)
    if key not in built.frames:
        frame = _stamped_frame(plan, e, withdrawn_for)
        built.frames[key] = None if frame is None else _lines(frame)
    shared = built.frames[key]
    if shared is None:
        return None
    lines = {**shared, **_lines(_words(plan, e, withdrawn_for, lang))}
    # icalendar's order of the properties (its canonical order, then by name), as to_ical writes them.
    order = canonsort_keys(lines, icalendar.Event.canonical_order)
    return b"".join([b"BEGIN:VEVENT\r\n", *(lines[name] for name in order), b"END:VEVENT\r\n"])


def takes_part(plan: PlanData, e: Edition, city_id: str) -> bool:
    return participants.takes_part(plan.network, e, city_id)


def calendar_files(plan: PlanData) -> dict[str, bytes]:
    """calendar.ics in the network's language and one feed per city in the city's.

    The language changes the words only: UID and SEQUENCE come from the plan
    data, so a town's feed updates the same events as calendar.ics does.
    A city's feed holds the editions its delegation takes part in, and keeps
    those it was published with and no longer takes part in (it left, or no
    longer attends), cancelled for it.
    """
    network = plan.network
    built = _Built()
    everyone: list[tuple[Edition, str | None]] = [(e, None) for e in plan.editions]
    files = {"calendar.ics": _calendar(plan, network.name, everyone, built, feed_language(network))}
    for city in network.cities:
        mine = [
            (e, city.id if city.id in e.withdrawn else None)
            for e in plan.editions
            if city.id in e.withdrawn or takes_part(plan, e, city.id)
        ]
        title = f"{network.name} – {city.name}"
        files[f"calendars/{city.id}.ics"] = _calendar(plan, title, mine, built, feed_language(network, city))
    return files


def caldav_resources(data: bytes) -> dict[str, bytes]:
    """Split a feed into one calendar object per UID, as CalDAV stores them (RFC 4791).

    A CalDAV resource holds one UID and no METHOD; it keeps the time zones
    its event refers to.
    """
    cal = icalendar.Calendar.from_ical(data)
    zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
    out = {}
    for ev in cal.walk("VEVENT"):
        one = icalendar.Calendar()
        for key in ("PRODID", "VERSION", "CALSCALE"):
            if key in cal:
                one.add(key, cal[key])
        tzid = ev["DTSTART"].params.get("TZID")
        if tzid in zones:
            one.add_component(zones[tzid])
        one.add_component(ev)
        out[str(ev["UID"])] = one.to_ical()
    return out
