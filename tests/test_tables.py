"""rotation.csv, quotas.csv and plan.xlsx as a Nordic-locale Excel needs them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from novu_planner.exporters.tables import csv_bytes, quotas_frame, rotation_frame
from novu_planner.exporters.xlsx import xlsx_bytes
from novu_planner.network.loader import parse_network
from novu_planner.plans.model import Delegation, Edition, PlanData, Role, Status

NETWORK = """
format = 1
[network]
id = "t"
name = "T"

[[cities]]
id = "a"
name = "=HYPERLINK(\\"http://x\\")"
country = "IS"
timezone = "Atlantic/Reykjavik"

[[cities]]
id = "b"
name = "Þórshöfn; \\"Ðá\\", Åre"
country = "SE"
timezone = "Europe/Stockholm"

[[series]]
id = "s"
name = "S"
first_year = 2027
duration_days = 3
"""


def make_plan(created=dt.datetime(2026, 11, 24, tzinfo=dt.UTC)) -> PlanData:
    network = parse_network(NETWORK.encode(), "t.toml")
    delegations = (
        Delegation("a", Role.HOST, 17, 2, (2, 5)),
        Delegation("b", Role.MEMBER, 17, None, None),
    )
    editions = [
        Edition(
            "s",
            2027,
            Status.PLANNED,
            "a",
            "a",
            dt.date(2027, 6, 26),
            dt.date(2027, 6, 28),
            note="-1 turn",
            delegations=delegations,
        ),
        Edition("s", 2028, Status.PLANNED, "b", "b"),
    ]
    return PlanData(network, 2027, 2, 0, "optimal", {}, editions, created=created)


def read_csv(data: bytes, sep=";") -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so Excel reads UTF-8"
    text = data[3:].decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", ""), "CRLF row ends only"
    assert not text.startswith("sep=")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def test_rotation_csv_columns_quoting_and_letters():
    rows = read_csv(csv_bytes(rotation_frame(make_plan())))
    # The spec's nine columns first, then the timed series' hours and zone.
    assert rows[0][:9] == ["series", "year", "status", "host_id", "host", "country", "start", "end", "note"]
    assert rows[0][9:] == ["start_time", "end_time", "timezone"]
    assert rows[1][:4] == ["s", "2027", "planned", "a"]
    assert rows[1][6:8] == ["2027-06-26", "2027-06-28"], "dates stay ISO dates"
    assert rows[2][4] == 'Þórshöfn; "Ðá", Åre', "separator and quotes survive RFC 4180 quoting"


def test_formula_like_text_is_neutralised_numbers_are_not():
    rows = read_csv(csv_bytes(rotation_frame(make_plan())))
    assert rows[1][4] == '\'=HYPERLINK("http://x")'
    assert rows[1][8] == "'-1 turn"
    assert rows[1][1] == "2027"


def test_comma_separator_on_request():
    rows = read_csv(csv_bytes(rotation_frame(make_plan()), ","), sep=",")
    assert rows[0][:3] == ["series", "year", "status"]


def test_quotas_csv_whole_numbers_and_blanks():
    rows = read_csv(csv_bytes(quotas_frame(make_plan())))
    assert rows[0] == [
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
    assert rows[1][4:] == ["host", "17", "2", "2", "5"]
    assert rows[2][4:] == ["member", "17", "", "", ""]


def test_xlsx_stores_text_never_formulas():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(make_plan())))
    assert book.sheetnames == ["rotation", "quotas"]
    cell = book["rotation"]["E2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert book["quotas"]["F2"].value == 17


@pytest.mark.parametrize(
    "when", [dt.datetime(2026, 11, 24, tzinfo=dt.UTC), dt.datetime(2031, 1, 2, tzinfo=dt.UTC)]
)
def test_xlsx_is_byte_stable_and_dated_by_the_plan(when):
    first, second = xlsx_bytes(make_plan(when)), xlsx_bytes(make_plan(when))
    assert first == second
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.created.date() == when.date()
