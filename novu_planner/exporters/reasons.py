"""The plan's English reasons and warnings, told again in the report's language.

The departure notes are English sentences made in `planning/notes.py`
(plan.json keeps them as they are). Rather than change what plan.json
holds, the report reads each note back into its parts (who swaps with whom,
the cause and its parameters) and tells it from the catalogs. A note of a
shape this module does not know is shown as it stands, in English; the tests
check that every note the bundled networks give is understood.

Free text from the network file (a blackout's or a wish's `reason`) is the
coordinator's own words and is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from novu_planner.exporters.i18n import Speaker

_SWAP = re.compile(r"(?P<a>.+?) and (?P<b>.+?) swap (?P<years>\d{4}–\d{2,4})(?:: (?P<cause>.+))?")
_INSTEAD = re.compile(r"(?P<host>.+?) hosts instead of (?P<base>.+?): (?P<cause>.+)")

Teller = Callable[[Speaker, re.Match[str]], str]


def _fixed(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext(
        "%(entry)s of the network file fixes %(city)s as host for %(year)s.",
        entry=m["entry"],
        city=m["city"],
        year=m["year"],
    )


def _blackout(t: Speaker, m: re.Match[str]) -> str:
    if re.fullmatch(r"blackouts\[\d+\]", m["why"]):
        return t.gettext(
            "%(city)s cannot host in %(year)s (%(entry)s of the network file).",
            city=m["city"],
            year=m["year"],
            entry=m["why"],
        )
    return t.gettext(
        "%(city)s cannot host in %(year)s: %(why)s.", city=m["city"], year=m["year"], why=m["why"]
    )


def _joins(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext("%(city)s takes part only from %(year)s.", city=m["city"], year=m["year"])


def _left(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext("%(city)s took part only until %(year)s.", city=m["city"], year=m["year"])


def _other_series(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext(
        "%(city)s hosts the %(series)s in %(year)s.", city=m["city"], series=m["series"], year=m["year"]
    )


def _wish(t: Speaker, m: re.Match[str]) -> str:
    if m["why"]:
        return t.gettext(
            "%(city)s wished to host in %(year)s: %(why)s.", city=m["city"], year=m["year"], why=m["why"]
        )
    return t.gettext("%(city)s wished to host in %(year)s.", city=m["city"], year=m["year"])


def _kept(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext("The previous plan published it so.")


def _follows(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext("It follows from the other changes to the rota.")


CAUSES: tuple[tuple[re.Pattern[str], Teller], ...] = (
    (re.compile(r"(?P<entry>history\[\d+\]) fixes (?P<city>.+) for (?P<year>\d{4})"), _fixed),
    (re.compile(r"(?P<city>.+?) cannot host in (?P<year>\d{4}), (?P<why>.+)"), _blackout),
    (re.compile(r"(?P<city>.+?) takes part only from (?P<year>\d{4})"), _joins),
    (re.compile(r"(?P<city>.+?) took part only until (?P<year>\d{4})"), _left),
    (re.compile(r"(?P<city>.+?) wished to host in (?P<year>\d{4})(?:, (?P<why>.+))?"), _wish),
    (re.compile(r"(?P<city>.+?) hosts the (?P<series>.+) in (?P<year>\d{4})"), _other_series),
    (re.compile(r"kept as published in the previous plan"), _kept),
    (re.compile(r"follows the other changes to the rota"), _follows),
)


def _cause(t: Speaker, text: str) -> str | None:
    for pattern, tell in CAUSES:
        m = pattern.fullmatch(text)
        if m:
            return tell(t, m)
    return None


def tell_note(t: Speaker, note: str) -> tuple[str, bool]:
    """The note in full sentences of `t`'s language, and whether it was understood."""
    if not note:
        return "", True
    if note == "published earlier; no longer takes place":
        return t.gettext("It was published earlier and no longer takes place."), True
    m = _SWAP.fullmatch(note)
    if m:
        head = t.gettext("%(a)s and %(b)s swap turns (%(years)s).", a=m["a"], b=m["b"], years=m["years"])
        cause = _cause(t, m["cause"]) if m["cause"] else ""
        if cause is not None:
            return f"{head} {cause}".strip(), True
    m = _INSTEAD.fullmatch(note)
    if m:
        head = t.gettext("%(host)s hosts instead of %(base)s.", host=m["host"], base=m["base"])
        cause = _cause(t, m["cause"])
        if cause is not None:
            return f"{head} {cause}", True
    return note, False
