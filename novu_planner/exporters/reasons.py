"""The plan's English reasons and warnings, told again in the report's language.

The departure notes and the warnings are English sentences made in
`planning/notes.py`, `planning/previous.py`, `planning/pipeline.py` and the
rules' causes; plan.json keeps them as they are. The report and the
calendars read each back into its parts (who swaps with whom, the cause and
its parameters, a town's first turn, the change of members that re-opened a
published plan) and tell it from the catalogs. The grammar is recursive as
the planner's sentences are: a kept departure carries the cause it was
published with, a knock-on names the departure it follows from, and a
re-opening lists one change of members after another. A sentence of a
shape this module does not know is shown as it stands, in English; the
tests plan many scenarios and check that every note and warning is told.

Free text from the network file (a blackout's or a wish's `reason`) is the
coordinator's own words and is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from novu_planner.exporters.i18n import N_, Speaker

_SWAP = re.compile(r"(?P<a>.+?) and (?P<b>.+?) swap (?P<years>\d{4}–\d{2,4})(?:: (?P<cause>.+))?")
_PUBLISHED = re.compile(r"(?P<host>.+?) hosts instead of (?P<base>.+?), who was published: (?P<cause>.+)")
_INSTEAD = re.compile(r"(?P<host>.+?) hosts instead of (?P<base>.+?): (?P<cause>.+)")
_FIRST_TURN = re.compile(
    r"(?P<city>.+?)'s first turn: it takes part from (?P<year>\d{4}) "
    r"and comes after (?P<before>.+) in the order"
)
_WITHDRAWN = re.compile(
    r"withdrawn: planned earlier, but this plan covers only (?P<first>\d{4})–(?P<last>\d{4})"
)

Teller = Callable[[Speaker, re.Match[str]], str | None]


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


def _kept(t: Speaker, m: re.Match[str]) -> str | None:
    """Kept as published, with the cause it was published with when the note gives it."""
    said = t.gettext("The previous plan published it so.")
    if not m["cause"]:
        return said
    cause = _cause(t, m["cause"])
    return None if cause is None else f"{said} {cause}"


def _follows(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext("It follows from the other changes to the rota.")


def _knock_on(t: Speaker, m: re.Match[str]) -> str | None:
    cause = _cause(t, m["cause"])
    if cause is None:
        return None
    head = t.gettext(
        "It follows from the departure in the %(series)s %(year)s.", series=m["series"], year=m["year"]
    )
    return f"{head} {cause}"


def _make_room(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext("The turns move on to make room for the other changes.")


def _reopened(t: Speaker, m: re.Match[str]) -> str | None:
    changes = _changes(t, m["change"])
    if changes is None:
        return None
    again = t.gettext(
        "The published editions from %(year)s are therefore planned again in the rota among the members "
        "taking part.",
        year=m["year"],
    )
    return f"{changes} {again}"


# The causes that hold another cause (or a list of changes) come first: the
# simple ones begin with a town's name, which would match any text before them.
CAUSES: tuple[tuple[re.Pattern[str], Teller], ...] = (
    (re.compile(r"kept as published in the previous plan(?: \((?P<cause>.+)\))?"), _kept),
    (re.compile(r"a knock-on of the (?P<series>.+?) (?P<year>\d{4}) \((?P<cause>.+)\)"), _knock_on),
    (
        re.compile(
            r"(?P<change>.+), so the published editions from (?P<year>\d{4}) are planned again "
            r"in the rota among the members taking part"
        ),
        _reopened,
    ),
    (re.compile(r"(?P<entry>history\[\d+\]) fixes (?P<city>.+) for (?P<year>\d{4})"), _fixed),
    (re.compile(r"(?P<city>.+?) cannot host in (?P<year>\d{4}), (?P<why>.+)"), _blackout),
    (re.compile(r"(?P<city>.+?) takes part only from (?P<year>\d{4})"), _joins),
    (re.compile(r"(?P<city>.+?) took part only until (?P<year>\d{4})"), _left),
    (re.compile(r"(?P<city>.+?) wished to host in (?P<year>\d{4})(?:, (?P<why>.+))?"), _wish),
    (re.compile(r"(?P<city>.+?) hosts the (?P<series>.+) in (?P<year>\d{4})"), _other_series),
    (re.compile(r"follows the other changes to the rota"), _follows),
    (re.compile(r"the turns move on to make room for the other changes"), _make_room),
)


def _cause(t: Speaker, text: str) -> str | None:
    for pattern, tell in CAUSES:
        m = pattern.fullmatch(text)
        if m:
            told = tell(t, m)
            if told is not None:
                return told
    return None


# What changed in a series' hosting members (planning.previous.membership_change),
# one phrase per town; a re-opening joins them with " and ".
CHANGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(?P<city>.+) takes part from (?P<year>\d{4}) and hosts the (?P<series>.+)"),
        N_("%(city)s takes part from %(year)s and hosts the %(series)s."),
    ),
    (
        re.compile(r"(?P<city>.+) takes part and hosts the (?P<series>.+)"),
        N_("%(city)s takes part and hosts the %(series)s."),
    ),
    (re.compile(r"(?P<city>.+) is no longer in the network"), N_("%(city)s is no longer in the network.")),
    (
        re.compile(r"(?P<city>.+) takes part only until (?P<year>\d{4})"),
        N_("%(city)s takes part only until %(year)s."),
    ),
    (
        re.compile(r"(?P<city>.+) takes part only from (?P<year>\d{4})"),
        N_("%(city)s takes part only from %(year)s."),
    ),
    (re.compile(r"(?P<city>.+) is now a guest"), N_("%(city)s is now a guest.")),
    (
        re.compile(r"(?P<city>.+) no longer hosts the (?P<series>.+)"),
        N_("%(city)s no longer hosts the %(series)s."),
    ),
)


def _change(t: Speaker, text: str) -> str | None:
    for pattern, message in CHANGES:
        m = pattern.fullmatch(text)
        if m:
            return t.gettext(message, **m.groupdict())
    return None


def _changes(t: Speaker, text: str) -> str | None:
    """The phrases joined by " and ", one sentence each; " and " may also stand inside a phrase."""
    words = text.split(" and ")

    def tell(start: int) -> list[str] | None:
        if start == len(words):
            return []
        for end in range(start + 1, len(words) + 1):
            told = _change(t, " and ".join(words[start:end]))
            rest = tell(end) if told is not None else None
            if told is not None and rest is not None:
                return [told, *rest]
        return None

    told = tell(0)
    return None if told is None else " ".join(told)


def _departure(t: Speaker, note: str) -> str | None:
    m = _SWAP.fullmatch(note)
    if m:
        head = t.gettext("%(a)s and %(b)s swap turns (%(years)s).", a=m["a"], b=m["b"], years=m["years"])
        cause = _cause(t, m["cause"]) if m["cause"] else ""
        if cause is not None:
            return f"{head} {cause}".strip()
    for pattern, message in (
        (_PUBLISHED, N_("%(host)s hosts instead of %(base)s, the host the previous plan published.")),
        (_INSTEAD, N_("%(host)s hosts instead of %(base)s.")),
    ):
        m = pattern.fullmatch(note)
        if m:
            cause = _cause(t, m["cause"])
            if cause is not None:
                return f"{t.gettext(message, host=m['host'], base=m['base'])} {cause}"
    return None


def _first_turn(t: Speaker, m: re.Match[str]) -> str:
    return t.gettext(
        "This is the first turn of %(city)s: it takes part from %(year)s and comes after %(before)s "
        "in the order.",
        city=m["city"],
        year=m["year"],
        before=m["before"],
    )


def _told_note(t: Speaker, note: str) -> str | None:
    if note == "published earlier; no longer takes place":
        return t.gettext("It was published earlier and no longer takes place.")
    m = _WITHDRAWN.fullmatch(note)
    if m:
        return t.gettext(
            "Withdrawn: it was planned earlier, but this plan covers only %(first)s–%(last)s.",
            first=m["first"],
            last=m["last"],
        )
    # A town's first turn stands alone or follows the departure's note after "; ".
    head, _, last = note.rpartition("; ")
    m = _FIRST_TURN.fullmatch(last)
    if m is None:
        return _departure(t, note)
    first = _first_turn(t, m)
    if not head:
        return first
    departure = _departure(t, head)
    return None if departure is None else f"{departure} {first}"


def tell_note(t: Speaker, note: str) -> tuple[str, bool]:
    """The note in full sentences of `t`'s language, and whether it was understood."""
    if not note:
        return "", True
    told = _told_note(t, note)
    return (note, False) if told is None else (told, True)


# The warnings the report tells from the plan's own data (an assumed edition,
# a wish outside the planned years, a plan not proven optimal).
TOLD_FROM_DATA = re.compile(
    r".+: no history row; assumed .+|wishes\[\d+\]: .+ lies outside .+|the plan is not proven optimal.*"
)
_REPLANNED = re.compile(
    r"previous plan: (?P<change>.+); its editions before (?P<year>\d{4}) stay as published, "
    r"and from (?P=year) the rota among the members taking part is planned again"
)
_WITHDRAWN_WARNING = re.compile(
    r"previous plan: withdrawn, as this plan ends in (?P<last>\d{4}): (?P<editions>.+) "
    r"\(cancelled in the calendars until a plan covers those years again\)"
)
_LEFT_OUT = re.compile(
    r"previous plan: (?P<series>\S+) (?P<years>\d{4}(?:, \d{4})*) left out: "
    r"(?:(?P<series_gone>the series is no longer in the network)|host (?P<host>.+) is no longer a city of it)"
)
_PAST = re.compile(
    r"--from (?P<first>\d{4}) lies in the past \(it is (?P<now>\d{4}) now\): the editions of "
    r"(?P<years>\S+) have already taken place; a history row records each one as held"
)


def _told_warning(t: Speaker, warning: str) -> str | None:
    m = _REPLANNED.fullmatch(warning)
    if m:
        changes = _changes(t, m["change"])
        again = t.gettext(
            "The previous plan's editions before %(year)s stay as published; from %(year)s the rota among "
            "the members taking part is planned again.",
            year=m["year"],
        )
        return None if changes is None else f"{changes} {again}"
    m = _WITHDRAWN_WARNING.fullmatch(warning)
    if m:
        return t.gettext(
            "This plan ends in %(last)s, so these editions of the previous plan are withdrawn: %(editions)s. "
            "The calendars show them as cancelled until a plan covers those years again.",
            last=m["last"],
            editions=m["editions"],
        )
    m = _LEFT_OUT.fullmatch(warning)
    if m and m["series_gone"]:
        return t.gettext(
            "The previous plan's editions %(series)s %(years)s are left out: the series is no longer in "
            "the network.",
            series=m["series"],
            years=m["years"],
        )
    if m:
        return t.gettext(
            "The previous plan's editions %(series)s %(years)s are left out: their host %(host)s is no "
            "longer a city of the network.",
            series=m["series"],
            years=m["years"],
            host=m["host"],
        )
    m = _PAST.fullmatch(warning)
    if m:
        return t.gettext(
            "The first planned year %(first)s lies in the past (it is %(now)s now): the editions of "
            "%(years)s have already taken place. A history row records each one as held.",
            first=m["first"],
            now=m["now"],
            years=m["years"],
        )
    return None


def tell_warning(t: Speaker, warning: str) -> tuple[str, bool]:
    """A warning of the plan in `t`'s language, and whether it was understood."""
    told = _told_warning(t, warning)
    return (warning, False) if told is None else (told, True)
