"""The one place that reads the current time.

With SOURCE_DATE_EPOCH set (reproducible builds), every timestamp the plan
writes and the default first planned year come from it, so two runs give
identical files.
"""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            pass  # a broken variable is ignored, as reproducible-builds tools do
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def next_year() -> int:
    return now().year + 1
