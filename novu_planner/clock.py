"""The one place that reads the current time.

With SOURCE_DATE_EPOCH set (reproducible builds), every timestamp the plan
writes and the default first planned year come from it, so two runs give
identical files.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from novu_planner.errors import InputError

# ZIP entries (plan.xlsx) can hold the years 1980 to 2107 only.
FIRST_YEAR, LAST_YEAR = 1980, 2107
_EARLIEST = int(dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC).timestamp())
_LATEST = int(dt.datetime(LAST_YEAR + 1, 1, 1, tzinfo=dt.UTC).timestamp()) - 1


def now() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        # An empty variable counts as unset; anything else must be a time the files can carry.
        if not re.fullmatch(r"[0-9]{1,20}", epoch) or not _EARLIEST <= int(epoch) <= _LATEST:
            raise InputError(
                f"SOURCE_DATE_EPOCH={epoch[:40]!r}: expected whole seconds since 1970 giving a time "
                f"in the years {FIRST_YEAR}..{LAST_YEAR} ({_EARLIEST}..{_LATEST})"
            )
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def next_year() -> int:
    return now().year + 1


def past_first_year(first: int) -> str:
    """A warning when the first planned year has already passed; "" otherwise."""
    this_year = now().year
    if first >= this_year:
        return ""
    return (
        f"--from {first} lies in the past (it is {this_year} now): "
        f"the editions of {first}–{this_year - 1} have already taken place; "
        "a history row records each one as held"
    )
