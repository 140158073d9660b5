"""The report's languages: gettext catalogs read through Babel, and Babel's formats.

Every visible word of the report and of `diff --html` comes from the
catalogs in `novu_planner/locale/<lang>/LC_MESSAGES/novu_planner.po`
(compiled beside it to `.mo`); dates, numbers, lists and time zones are
formatted by Babel for the same locale. English is the source language: its
messages are the msgids themselves. Babel is imported only when a report is
made, never by `--help` or `validate`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from novu_planner.errors import InputError
from novu_planner.network.model import City, Network

if TYPE_CHECKING:
    from babel import Locale
    from babel.support import NullTranslations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "novu_planner"
# Territory names and number symbols from Babel's CLDR data, written by scripts/cldr_data.py.
CLDR_FILE = LOCALE_DIR / "cldr.json"
# The decimal pattern whose whole numbers are digits in groups of three (1 234 567).
GROUPS_OF_THREE = "#,##0.###"
LANGUAGES = ("en", "sv", "nb", "da", "fi", "is")
# The locale whose formats (dates, times, lists) a language writes with, where
# it is not the language's own: English is read here by Nordic councils, so
# it writes Europe's English (27 June 2029, 09:00-16:00), not the United
# States' (June 27, 2029, 9:00 AM-4:00 PM).
FORMATS = {"en": "en_150"}
# Codes a network file may give for a language the report speaks under another code.
ALIASES = {"no": "nb", "nn": "nb"}


def N_(message: str) -> str:
    """Marks a message for the catalogs; it is translated where it is shown."""
    return message


def report_language(network: Network, lang: str | None = None) -> str:
    """`lang` when given, else the network's `language` when the report speaks it, else English."""
    if lang is not None:
        lang = ALIASES.get(lang, lang)
        if lang not in LANGUAGES:
            raise InputError(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
        return lang
    wanted = ALIASES.get(network.language or "", network.language or "")
    return wanted if wanted in LANGUAGES else "en"


# A town's language when its entry names none (or one we have no texts in).
BY_COUNTRY = {"SE": "sv", "NO": "nb", "DK": "da", "FI": "fi", "IS": "is", "AX": "sv", "FO": "da", "GL": "da"}


def town_language(city: City, network: Network | None = None) -> str:
    """A town's language for its own page and calendar: its `language` when we have texts in it,
    else its country's, else the network's, else English. One rule for the site and the feeds."""
    for lang in (city.language, BY_COUNTRY.get(city.country)):
        lang = ALIASES.get(lang or "", lang)
        if lang in LANGUAGES:
            return lang
    return report_language(network) if network is not None else "en"


@functools.cache
def _translations(lang: str) -> NullTranslations:
    """The language's catalog; English, the source language, has none and shows the msgids."""
    from babel.support import Translations

    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


@functools.cache
def _cldr() -> dict[str, dict]:
    """scripts/cldr_data.py's extract of Babel's CLDR data: each language's territory names, group
    separator and decimal pattern (Babel loads a language's whole data for any one of them)."""
    data: dict[str, dict] = json.loads(CLDR_FILE.read_text(encoding="utf-8"))
    return data


class Speaker:
    """One language: its messages and its ways of writing dates, numbers and lists.

    Babel's data for the language is loaded only when a date or list is written:
    country names and whole numbers come from the extract in `CLDR_FILE`.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = _translations(lang)
        self._cldr = _cldr()[lang]

    @functools.cached_property
    def locale(self) -> Locale:
        from babel import Locale

        return Locale.parse(FORMATS.get(self.lang, self.lang))

    def territory(self, code: str) -> str | None:
        """The country's or territory's name in this language (Babel's `Locale.territories`)."""
        name: str | None = self._cldr["territories"].get(code)
        return name

    def gettext(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self._t.ngettext(singular, plural, n) % {"n": self.number(n), **values}

    def number(self, value: float) -> str:
        if type(value) is int and value >= 0 and self._cldr["decimal_pattern"] == GROUPS_OF_THREE:
            # What format_decimal writes for it, without loading the language's whole data.
            return f"{value:,}".replace(",", self._cldr["group"])
        from babel.numbers import format_decimal

        return str(format_decimal(value, locale=self.locale))

    def items(self, values: Iterable[str]) -> str:
        from babel.lists import format_list

        return str(format_list(list(values), locale=self.locale))

    def date(self, day: dt.date) -> str:
        from babel.dates import format_date

        return str(format_date(day, "long", locale=self.locale))

    def days(self, start: dt.date, end: dt.date) -> str:
        """'26. juni–2. juli 2029' in the locale's own way."""
        from babel.dates import format_date, format_interval

        if start == end:
            return str(format_date(start, "long", locale=self.locale))
        return str(format_interval(start, end, "yMMMMd", locale=self.locale))

    def moment(self, when: dt.datetime) -> str:
        from babel.dates import format_datetime

        return str(format_datetime(when, "long", tzinfo=when.tzinfo, locale=self.locale))

    def times(self, start: dt.time, end: dt.time, zone: str, day: dt.date) -> str:
        """'09:00–16:00 (centraleuropeisk sommartid)': the zone's name as it is on `day`."""
        from zoneinfo import ZoneInfo

        from babel.dates import format_time, get_timezone_name

        first, last = (format_time(moment, "short", locale=self.locale) for moment in (start, end))
        when = dt.datetime.combine(day, start, tzinfo=ZoneInfo(zone))
        return f"{first}–{last} ({get_timezone_name(when, 'long', locale=self.locale)})"
