"""VTIMEZONE components built from a zone's current tzdata rule.

icalendar's own generated zones list each transition as an RDATE and stop
in 2038; Outlook ignores RDATE-only zones and vobject misreads them. The
POSIX TZ string at the end of every TZif file states the rule in force
now, which maps directly onto RRULE-based STANDARD and DAYLIGHT parts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

import icalendar

DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX counts weekdays from Sunday
EPOCH_YEAR = 1970
_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,2}(?::\d{2}){0,2})"
_RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/([+-]?\d{1,3}(?::\d{2}){0,2}))?"
POSIX = re.compile(rf"^{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_RULE},{_RULE})?$")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


@dataclass(frozen=True)
class Rule:
    month: int
    week: int  # 1-4, or 5 for the last
    weekday: int  # 0 = Sunday
    at: int  # seconds after local midnight; may be negative or past a day

    def day(self, year: int) -> dt.date:
        """The day the rule's wall-clock time falls on in `year`."""
        first = dt.date(year, self.month, 1)
        offset = (self.weekday - (first.isoweekday() % 7)) % 7
        day = 1 + offset + 7 * (self.week - 1)
        last = calendar.monthrange(year, self.month)[1]
        while day > last:
            day -= 7
        return dt.date(year, self.month, day) + dt.timedelta(days=self.at // 86400)

    def rrule(self) -> dict:
        shift = self.at // 86400
        rule: dict = {"freq": "yearly", "bymonth": self.month}
        if shift == 0:
            rule["byday"] = f"{-1 if self.week == 5 else self.week}{DAYS[self.weekday]}"
            return rule
        # A time before midnight or past it moves the weekday; the days of
        # the month it can fall on pin it down, as RFC 5545 shows for this.
        last = 31 if self.month != 2 else 28
        first_day = last - 6 if self.week == 5 else 1 + 7 * (self.week - 1)
        days = [d + shift for d in range(first_day, first_day + 7)]
        if not all(1 <= d <= 28 for d in days) and self.month == 2:
            raise ValueError(f"a transition moved across the end of February is not supported: {self}")
        rule["byday"] = DAYS[(self.weekday + shift) % 7]
        rule["bymonthday"] = days
        return rule


def _posix_string(zone: str) -> str:
    data = resources.files("tzdata.zoneinfo").joinpath(*zone.split("/")).read_bytes()
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


def _name(text: str) -> str:
    return text.strip("<>")


def _part(
    kind: type[icalendar.Component],
    name: str,
    start: dt.datetime,
    before: int,
    after: int,
    rule: Rule | None,
) -> icalendar.Component:
    part = kind()
    part.add("tzname", name)
    part.add("dtstart", start)
    part.add("tzoffsetfrom", dt.timedelta(seconds=before))
    part.add("tzoffsetto", dt.timedelta(seconds=after))
    if rule is not None:
        part.add("rrule", rule.rrule())
    return part


@functools.cache
def vtimezone_ical(zone: str) -> bytes:
    """The VTIMEZONE's text, as a calendar holding it writes it."""
    posix = _posix_string(zone)
    match = POSIX.match(posix)
    if not match:
        raise ValueError(f"unsupported tzdata rule for {zone}: {posix!r}")
    std_name, std_off, dst_name, dst_off = match.group(1, 2, 3, 4)
    std = -_seconds(std_off)  # POSIX offsets count west of Greenwich
    tz = icalendar.Timezone()
    tz.add("tzid", zone)
    if dst_name is None:
        start = dt.datetime(EPOCH_YEAR, 1, 1)
        tz.add_component(_part(icalendar.TimezoneStandard, _name(std_name), start, std, std, None))
        return tz.to_ical()
    dst = -_seconds(dst_off) if dst_off else std + 3600
    rules = []
    for month, week, weekday, at in (match.group(5, 6, 7, 8), match.group(9, 10, 11, 12)):
        rules.append(Rule(int(month), int(week), int(weekday), _seconds(at) if at else 7200))
    begin, end = rules

    def local(rule: Rule) -> dt.datetime:
        clock = dt.timedelta(seconds=rule.at % 86400)
        return dt.datetime.combine(rule.day(EPOCH_YEAR), dt.time()) + clock

    tz.add_component(_part(icalendar.TimezoneDaylight, _name(dst_name), local(begin), std, dst, begin))
    tz.add_component(_part(icalendar.TimezoneStandard, _name(std_name), local(end), dst, std, end))
    return tz.to_ical()


def vtimezone(zone: str) -> icalendar.Timezone:
    """An RRULE-based VTIMEZONE for an IANA zone, identical on every call."""
    tz = icalendar.Timezone.from_ical(vtimezone_ical(zone))
    assert isinstance(tz, icalendar.Timezone)  # from_ical is typed as giving any Component
    return tz
