"""rotation.csv and quotas.csv, made for Excel in the Nordic locales.

UTF-8 with a byte-order mark (without it Excel reads Å, Ä, Ö, Ø, Þ, Ð as
mojibake), `;` between fields (the list separator where the decimal mark
is a comma), CRLF row ends, RFC 4180 quoting, no `sep=` line (it would
show up as a row in other programs).

Formula injection (OWASP CSV injection). A spreadsheet may split a line on
a separator other than the file's (an English Excel splits a `;` file on
`,`), and then a quote in the middle of a field does not protect what
follows. So the rule does not rely on quoting. A "piece start" is the start
of a text field and every place right after a `,`, `;`, tab, CR, LF or the
file's separator inside it. Whatever separator a reader splits on, and
whatever it makes of the quotes, a cell can only begin at a row start, at
a field start or right after one of those characters, and its value is
what follows, less leading spaces and quotes. So at every piece start,
after any spaces and `"`, a formula character (`= + - @`, tab, CR, NUL and
the full-width `＝ ＋ － ＠`) gets an apostrophe put before it, which makes the
cell text. The separator itself may not be a formula character (`--csv-sep`
refuses them), the header and the numbers hold none. In addition, every text
field that holds `;`, `,`, the separator, a quote or a line break is quoted,
whatever the separator, so both `;` and `,` readers keep it in one cell.
"""

from __future__ import annotations

import re

import pandas as pd

from novu_planner.exporters.times import edition_times
from novu_planner.plans.model import Edition, PlanData
from novu_planner.plans.plan_json import delegation_json

# The spec fixes the first nine; later ones are added at the end, so a
# reader that takes the columns by position keeps working.
ROTATION_COLUMNS = [
    "series",
    "year",
    "status",
    "host_id",
    "host",
    "country",
    "start",
    "end",
    "note",
    "start_time",  # a timed series' daily hours, in the host's zone; empty for all-day ones
    "end_time",
    "timezone",
]
QUOTA_COLUMNS = [
    "series",
    "year",
    "city_id",
    "city",
    "role",
    "youth",
    "leaders",
    "officials_min",
    "officials_max",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BREAKS = ",;\t\r\n"  # where a spreadsheet may start a new cell, besides the file's separator
BOM = "\ufeff"


def neutralise(value: str, sep: str = ";") -> str:
    """Text with an apostrophe before each formula character that could start a cell."""
    starts = re.escape("".join(FORMULA_STARTS))
    breaks = re.escape(BREAKS + sep)
    return re.sub(rf"(^|[{breaks}])([ \"]*)(?=[{starts}])", r"\1\2'", value)


def _field(value: object, sep: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if not isinstance(value, str):
        return str(value)
    text = neutralise(value, sep)
    if any(char in text for char in BREAKS + sep + '"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def rotation_frame(plan: PlanData) -> pd.DataFrame:
    network = plan.network
    rows = []
    for e in plan.editions:
        host = network.city(e.host) if e.host else None
        rows.append(
            {
                "series": e.series,
                "year": e.year,
                "status": str(e.status),
                "host_id": e.host or "",
                "host": host.name if host else "",
                "country": host.country if host else "",
                "start": e.start,
                "end": e.end,
                "note": e.note,
                **_times(plan, e),
            }
        )
    frame = pd.DataFrame(rows, columns=ROTATION_COLUMNS)
    frame["year"] = frame["year"].astype("int64")
    return frame


def _times(plan: PlanData, e: Edition) -> dict[str, str]:
    start, end, zone = edition_times(plan.network, e) or ("", "", "")
    return {"start_time": start, "end_time": end, "timezone": zone}


def quotas_frame(plan: PlanData) -> pd.DataFrame:
    network = plan.network
    rows = []
    for e in plan.editions:
        for d in e.delegations:
            rows.append({"series": e.series, "year": e.year, **delegation_json(network, d)})
    frame = pd.DataFrame(rows, columns=QUOTA_COLUMNS)
    frame["year"] = frame["year"].astype("int64")
    for column in ("youth", "leaders", "officials_min", "officials_max"):
        frame[column] = frame[column].astype("Int64")  # whole numbers, blank when unknown
    return frame


def csv_bytes(frame: pd.DataFrame, sep: str = ";") -> bytes:
    rows = [list(frame.columns), *frame.astype(object).itertuples(index=False, name=None)]
    text = "".join(sep.join(_field(value, sep) for value in row) + "\r\n" for row in rows)
    return (BOM + text).encode("utf-8")
