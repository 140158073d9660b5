"""rotation.csv and quotas.csv, made for Excel in the Nordic locales.

UTF-8 with a byte-order mark (without it Excel reads Å, Ä, Ö, Ø, Þ, Ð as
mojibake), `;` between fields (the list separator where the decimal mark
is a comma), CRLF row ends, RFC 4180 quoting, no `sep=` line (it would
show up as a row in other programs). Text that a spreadsheet would run
as a formula gets a leading apostrophe (OWASP CSV injection).
"""

from __future__ import annotations

import csv

import pandas as pd

from novu_planner.plan.model import PlanData
from novu_planner.plan.plan_json import delegation_json

ROTATION_COLUMNS = ["series", "year", "status", "host_id", "host", "country", "start", "end", "note"]
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
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
BOM = "\ufeff"


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
            }
        )
    frame = pd.DataFrame(rows, columns=ROTATION_COLUMNS)
    frame["year"] = frame["year"].astype("int64")
    return frame


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
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    text = safe.to_csv(None, sep=sep, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return (BOM + text).encode("utf-8")
