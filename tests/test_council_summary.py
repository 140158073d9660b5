"""The printed plan answers a council: the base rota, each cost's unit and
sources, the wishes granted and refused, why days moved, the meeting hours;
and the spreadsheets open with a frozen, filterable header."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import EPOCH
from test_calendar_sequences import CHAIN

from novu_planner.cli import cli
from novu_planner.rules import SOFT_RULES

WISHES = """
[[wishes]]
city = "randers"
year = 2028
weight = 3
reason = "city jubilee"

[[wishes]]
city = "lahti"
year = 2031
series = "youth-week"
weight = 2
reason = "new youth centre"
"""


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("council")
    network = folder / "four.toml"
    network.write_text(
        CHAIN.replace("{reason}", "new sports hall").replace("{randers}", "") + WISHES, encoding="utf-8"
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        args = ["plan", str(network), "--out", str(folder / "plan"), "--years", "8", "--time-limit", "30"]
        made = CliRunner().invoke(cli, args, catch_exceptions=False)
        shown = CliRunner().invoke(cli, ["show", str(folder / "plan")], catch_exceptions=False)
    finally:
        mp.undo()
    assert made.exit_code == 0, made.output
    assert shown.exit_code == 0, shown.output
    return folder / "plan", made.output, shown.output


@pytest.mark.parametrize("which", [1, 2], ids=["plan", "show"])
def test_the_printed_plan_explains_itself(planned, which):
    text = planned[which]
    assert "youth-week (yearly from 2027, rota by editions): vasteras → alesund → lahti → randers" in text
    assert "counted from 2027 vasteras (first of the order)" in text
    for rule in SOFT_RULES:  # every cost with its unit in words
        assert f"{rule.name} " in text and rule.unit in text
    # Each cost comes with the towns, years and turns it is made of.
    assert "youth-week: Västerås's turn of 2027 held in 2028, 1 edition later: 1" in text
    assert "youth-week 2027: Ålesund instead of Västerås, 8 of 8 planned editions" in text
    assert "youth-week 2028–2031 (4 editions): Västerås hosts twice, Ålesund hosts none: 1" in text
    assert "wishes[1]: Lahti to host youth-week in 2031 (new youth centre) not granted: 2" in text
    assert "wish granted: wishes[0] Randers 2028 (weight 3, city jubilee)" in text
    assert "wish not granted: wishes[1] Lahti 2031 (weight 2, new youth centre): granting it would" in text
    # Why the contact meeting's days moved: Ascension Day.
    assert "contact-meeting 2029: starts 2029-05-08, not 2029-05-09" in text
    assert "Ascension Day (DK, FI, NO, SE) on 2029-05-10" in text
    # The meeting's hours and zone are in the table.
    assert "09:00–16:00 Europe/Helsinki" in text


def test_the_table_is_aligned_whatever_the_lengths_of_the_ids(planned):
    table = [line for line in planned[1].splitlines() if line.startswith("  20") or "year  series" in line]
    heading = table[0]
    for column in ("series", "host", "status", "days", "times", "why"):
        at = heading.index(column)
        assert all(len(line) <= at or line[at - 2 : at] == "  " for line in table[1:]), column


def test_rotation_csv_has_the_hours_and_zone_at_the_end(planned):
    text = (planned[0] / "rotation.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][9:] == ["start_time", "end_time", "timezone"]
    meeting = next(r for r in rows if r[:2] == ["contact-meeting", "2027"])
    assert meeting[9:] == ["09:00", "16:00", "Europe/Helsinki"]
    week = next(r for r in rows if r[:2] == ["youth-week", "2027"])
    assert week[9:] == ["", "", ""]


def test_the_spreadsheet_has_a_frozen_header_and_a_filter(planned):
    book = openpyxl.load_workbook(planned[0] / "plan.xlsx")
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions


def test_short_ids_and_names_keep_the_columns_under_their_headings():
    import datetime as dt

    from novu_planner.exporters.plan_summary import edition_table
    from novu_planner.network.loader import parse_network
    from novu_planner.plans.model import Edition, Status

    network = parse_network(
        b"""
format = 1
[network]
id = "n"
name = "N"
[[cities]]
id = "ii"
name = "Ii"
country = "FI"
timezone = "Europe/Helsinki"
[[cities]]
id = "oulu"
name = "Oulu"
country = "FI"
timezone = "Europe/Helsinki"
[[series]]
id = "ab"
name = "Ab"
first_year = 2027
duration_days = 2
"""
    )
    day = dt.date(2027, 6, 1)
    table = edition_table(network, [Edition("ab", 2027, Status.PLANNED, "ii", "ii", day, day, "why not")])
    assert table[0].index("host") == table[1].index("Ii")
    assert table[0].index("status") == table[1].index("planned")
    assert table[0].index("why") == table[1].index("why not")
