"""Checkers for single values of the network file.

Each checker takes the raw TOML value and returns the model's value, or
raises `Bad` with what was expected. They know nothing of entries or
lines: the loader adds those.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from novu_planner.network import holiday_index
from novu_planner.network.model import WEEKDAYS

SLUG = re.compile(r"[a-z0-9-]{1,40}")
SUBCODE = re.compile(r"[A-Z0-9]{1,3}")  # the part of an ISO 3166-2 code after "XX-"
# Device names Windows reserves, with any extension too (`con.ics`): ids name calendars/<id>.ics.
# COM0 and LPT0 are reserved as well; superscript digits and `$` names cannot be ids.
WINDOWS_RESERVED = {"con", "nul", "aux", "prn"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}
# Pseudo-zones in the zone lists that are no place's time.
NOT_ZONES = frozenset({"Factory", "localtime", "posixrules", "posix", "right"})
YEAR_MIN, YEAR_MAX = 1900, 2200


class Bad(ValueError):
    """A value is not what the format expects; the text says what is."""


Checker = Callable[[Any], Any]


def closest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known word nearest to `word`, for a "did you mean" hint; None when none is near."""
    import difflib  # only a wrong value needs it

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=cutoff)
    return close[0] if close else None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
        dt.date: "a date",
        dt.datetime: "a date-time",
        dt.time: "a time",
    }
    return names.get(type(value), type(value).__name__)


def integer(lo: int, hi: int) -> Checker:
    def check(value: Any) -> int:
        # TOML booleans are Python ints; `capacity = true` is still a mistake.
        if isinstance(value, bool) or not isinstance(value, int):
            raise Bad(f"expected a whole number from {lo} to {hi}, got {_type_name(value)}")
        if not lo <= value <= hi:
            raise Bad(f"expected a whole number from {lo} to {hi}, got {value}")
        return value

    return check


year = integer(YEAR_MIN, YEAR_MAX)


def number(lo: float, hi: float) -> Checker:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Bad(f"expected a number from {lo:g} to {hi:g}, got {_type_name(value)}")
        if not lo <= value <= hi:  # also false for NaN
            raise Bad(f"expected a number from {lo:g} to {hi:g}, got {value}")
        return float(value)

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"expected true or false, got {_type_name(value)}")
    return value


def string(value: Any) -> str:
    if not isinstance(value, str):
        raise Bad(f"expected a string, got {_type_name(value)}")
    return value


def slug(value: Any) -> str:
    value = string(value)
    if not SLUG.fullmatch(value):
        raise Bad(f"expected an id of 1-40 lower-case letters a-z, digits and '-', got {_show(value)}")
    return value


def file_safe_slug(value: Any) -> str:
    """A slug that also names files (`calendars/<id>.ics`) on every system."""
    value = slug(value)
    if value in WINDOWS_RESERVED:
        raise Bad(f"{value!r} is a file name Windows reserves; choose another id, e.g. {value + '-city'!r}")
    return value


def name(value: Any) -> str:
    value = string(value)
    if not 1 <= len(value) <= 200:
        raise Bad(f"expected 1-200 characters, got {len(value)}")
    for char in value:
        if char not in "\n\r" and unicodedata.category(char) == "Cc":
            raise Bad(f"expected no control characters, found U+{ord(char):04X}")
        if char in "\ufffe\uffff" or unicodedata.category(char) == "Cs":
            raise Bad(
                f"expected text characters only, found U+{ord(char):04X}, which XML (plan.xlsx) cannot hold"
            )
    return value


def one_of(*choices: str) -> Checker:
    def check(value: Any) -> str:
        if value not in choices:
            listed = ", ".join(repr(c) for c in choices)
            raise Bad(f"expected one of {listed}, got {_show(value)}")
        return value

    return check


def list_of(item: Checker, *, unique: bool = True, min_items: int = 0) -> Checker:
    def check(value: Any) -> tuple:
        if not isinstance(value, list):
            raise Bad(f"expected a list, got {_type_name(value)}")
        if len(value) < min_items:
            raise Bad(f"expected at least {min_items} item(s), got none")
        out = []
        for position, element in enumerate(value):
            try:
                out.append(item(element))
            except Bad as bad:
                raise Bad(f"item {position}: {bad}") from None
        if unique:
            seen = [x for i, x in enumerate(out) if x in out[:i]]
            if seen:
                raise Bad(f"expected each item once, {_show(seen[0])} is listed twice")
        return tuple(out)

    return check


def timezone(value: Any) -> str:
    value = string(value)
    if value not in _zones():
        close = closest(value, sorted(_zones()), cutoff=0.8)
        hint = f"; did you mean {close!r}?" if close else ""
        raise Bad(f"expected an IANA time zone name such as 'Europe/Oslo', got {_show(value)}{hint}")
    return value


@functools.cache
def _zones() -> frozenset[str]:
    """The real zones tzdata ships (its own list), which the calendars are made from.

    The system's list also has `localtime`, `Factory`, `posixrules`: no place's time.
    The file is found without importing tzdata or `importlib.resources`, which
    would cost more than the rest of reading a network file.
    """
    spec = importlib.util.find_spec("tzdata")
    if spec is not None and spec.submodule_search_locations:
        listed = Path(next(iter(spec.submodule_search_locations))) / "zones"
        with contextlib.suppress(OSError):
            return frozenset(listed.read_text(encoding="utf-8").split()) - NOT_ZONES
    import zoneinfo  # the system's list, only without tzdata's

    return frozenset(zoneinfo.available_timezones()) - NOT_ZONES


def country(value: Any) -> str:
    value = string(value)
    if value not in holiday_index.country_classes():
        raise Bad(
            "expected an ISO 3166-1 alpha-2 country code the holidays package knows "
            f"(such as 'SE', 'NO', 'FI', 'IS', 'DK'), got {_show(value)}"
        )
    return value


def subdivision_for(country_code: str) -> Checker:
    def check(value: Any) -> str:
        value = string(value)
        # holidays' list first: it is loaded already; pycountry's costs a tenth of a second uncached.
        if value in _holiday_subdivisions(country_code) or value in _subdivisions(country_code):
            return value
        known = _subdivisions(country_code)
        if not known:
            raise Bad(f"ISO 3166-2 lists no subdivisions of {country_code}; leave subdivision out")
        expected = f"expected an ISO 3166-2 subdivision code of {country_code}, got {_show(value)}"
        prefix = value.partition("-")[0]
        close = closest(value.upper(), sorted(known), cutoff=0.7)
        if prefix != country_code and value in _subdivisions(prefix):
            hint = f", a subdivision of {prefix}; codes of {country_code} look like {min(known)!r}"
        elif close:
            hint = f"; did you mean {close!r}?"
        else:
            hint = f"; codes of {country_code} look like {min(known)!r}"
        raise Bad(expected + hint)

    return check


@functools.cache
def _subdivisions(country_code: str) -> frozenset[str]:
    """ISO 3166-2 codes of a country, with those the holidays package knows.

    pycountry carries the ISO 3166-2 list for every country; holidays adds
    codes newer than pycountry's data (Norway's 2024 counties such as NO-32
    and NO-55). Regional holidays still come from holidays alone.
    """
    return frozenset(holiday_index.iso_subdivisions(country_code)) | _holiday_subdivisions(country_code)


@functools.cache
def _holiday_subdivisions(country_code: str) -> frozenset[str]:
    # holidays also names regions ISO does not ("DE-Augsburg"): only code-shaped ones count.
    listed = holiday_index.subdivisions(country_code)
    return frozenset(f"{country_code}-{c}" for c in listed if SUBCODE.fullmatch(c))


@functools.cache
def holiday_categories() -> frozenset[str]:
    import holidays.constants as constants

    return frozenset(
        v
        for k, v in vars(constants).items()
        if k.isupper() and isinstance(v, str) and v.islower() and v.isidentifier()
    )


def holiday_category(value: Any) -> str:
    value = string(value)
    known = holiday_categories()
    if value not in known:
        raise Bad(f"expected a holidays category such as 'public' or 'de_facto', got {_show(value)}")
    return value


def language(value: Any) -> str:
    value = string(value)
    if not re.fullmatch(r"[a-z]{2}", value):
        raise Bad(f"expected an ISO 639-1 code of two lower-case letters such as 'sv', got {_show(value)}")
    return value


def month_day(value: Any) -> tuple[int, int]:
    value = string(value)
    match = re.fullmatch(r"(\d\d)-(\d\d)", value)
    if match is None:
        raise Bad(f'expected a month and day as "MM-DD" such as "06-27", got {_show(value)}')
    month, day = int(match.group(1)), int(match.group(2))
    try:
        # 2000 is a leap year, so "02-29" is a valid month-day.
        dt.date(2000, month, day)
    except ValueError:
        # Written right, but no such day: say which part is wrong.
        what = f"month {month:02d} has no day {day}" if 1 <= month <= 12 else f"there is no month {month:02d}"
        raise Bad(f'expected a day of the year as "MM-DD", got {_show(value)}: {what}') from None
    return month, day


def weekday(value: Any) -> int:
    if value not in WEEKDAYS:
        raise Bad(f"expected a weekday: {', '.join(WEEKDAYS)}; got {_show(value)}")
    return WEEKDAYS.index(value)


def clock(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    value = string(value)
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise Bad(f'expected a time of day as "HH:MM" such as "09:00", got {_show(value)}')
    return dt.time(int(match.group(1)), int(match.group(2)))


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise Bad(f"expected a TOML date such as 2016-06-26 (no quotes, no time), got {_show(value)}")
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise Bad(f"expected a date in {YEAR_MIN}-{YEAR_MAX}, got {value}")
    return value


def organizer(value: Any) -> str:
    value = string(value)
    if not re.fullmatch(r"mailto:[^@\s]+@[^@\s]+", value):
        raise Bad(f'expected a mailto: address such as "mailto:novu@example.org", got {_show(value)}')
    return value


def pair(item: Checker) -> Checker:
    def check(value: Any) -> tuple:
        if not isinstance(value, list) or len(value) != 2:
            raise Bad(f"expected a list of two values, got {_show(value)}")
        return item(value[0]), item(value[1])

    return check
