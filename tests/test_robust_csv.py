"""CSV formula injection through the separator the file does not use."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from novu_planner.cli import cli
from novu_planner.exporters.tables import csv_bytes

FORMULA = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
HOSTILE = [
    "renovation,=cmd|' /C calc'!A0",
    "renovation;=cmd|' /C calc'!A0",
    "a, +1+1",
    "a,  -2+3",
    "a,@SUM(1)",
    "a,\t=1",
    'a, "=cmd',
    'a,""=cmd',
    "a,＝1",
    "a;＋1",
    "  =lead",
    "＠x",
    "line\n=cmd",
    "line\r\n-cmd",
    "a;b,c;=d",
    'quote " and , and ; together',
    "plain text",
]
SEPARATORS = [";", ",", "\t", "|"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"series": ["s"] * len(HOSTILE), "year": range(2027, 2027 + len(HOSTILE)), "note": HOSTILE}
    )


def _text(sep: str) -> str:
    return csv_bytes(_frame(), sep).decode("utf-8-sig")


def _starts_formula(cell: str) -> bool:
    return cell.lstrip(' "').startswith(FORMULA)


@pytest.mark.parametrize("sep", SEPARATORS)
@pytest.mark.parametrize("reader_sep", [";", ",", "\t", "|"])
def test_no_cell_starts_a_formula_whatever_separator_a_spreadsheet_splits_on(sep, reader_sep):
    rows = list(csv.reader(io.StringIO(_text(sep), newline=""), delimiter=reader_sep))
    bad = [cell for row in rows for cell in row if _starts_formula(cell)]
    assert bad == []


@pytest.mark.parametrize("sep", SEPARATORS)
def test_no_piece_of_a_naive_split_starts_a_formula(sep):
    # The strongest reading: split on every separator and line break, ignoring quotes.
    pieces = re.split(r"[;,\t|\r\n]", _text(sep))
    assert [p for p in pieces if _starts_formula(p)] == []


@pytest.mark.parametrize("sep", SEPARATORS)
def test_text_with_either_separator_is_quoted_and_reads_back(sep):
    text = _text(sep)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    assert [len(r) for r in rows] == [3] * (len(HOSTILE) + 1)
    for original, row in zip(HOSTILE, rows[1:], strict=True):
        assert row[2].replace("'", "") == original.replace("'", "")  # only apostrophes were added
    assert '"renovation,' in text and '"renovation;' in text


def test_formula_characters_are_refused_as_separator(tmp_path):
    for sep in ("=", "+", "-", "@"):
        result = CliRunner().invoke(cli, ["plan", "--out", str(tmp_path / "p"), "--csv-sep", sep])
        assert result.exit_code == 2 and "--csv-sep" in result.output
    assert list(tmp_path.iterdir()) == []
