"""The bundled network's published files, byte for byte, against committed copies.

Regenerate after a deliberate change of output with

    NOVU_UPDATE_GOLDEN=1 pytest tests/test_golden.py

and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "novu"
# plan.json names the installed library versions, so it is compared by the
# reproducibility test instead; everything an office opens is pinned here.
PUBLISHED = ["calendar.ics", "rotation.csv", "quotas.csv", "plan.xlsx"]
CITIES = ["akureyri", "alesund", "lahti", "randers", "vasteras"]
NAMES = PUBLISHED + [f"calendars/{c}.ics" for c in CITIES]


@pytest.fixture
def written(bundled_plan) -> Path:
    return bundled_plan


@pytest.mark.parametrize("name", NAMES)
def test_matches_the_committed_file(written, name):
    produced = (written / name).read_bytes()
    golden = GOLDEN / name
    if os.environ.get("NOVU_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert produced == golden.read_bytes(), f"{name} differs from {golden}"


def test_every_city_has_a_golden_calendar(written):
    assert sorted(p.stem for p in (written / "calendars").glob("*.ics")) == CITIES


def test_spreadsheet_days_are_dates_and_text_is_text(written):
    import datetime as dt

    import openpyxl

    sheet = openpyxl.load_workbook(written / "plan.xlsx")["rotation"]
    header = [c.value for c in sheet[1]]
    start = header.index("start") + 1
    cells = [row[start - 1] for row in sheet.iter_rows(min_row=2) if row[start - 1].value is not None]
    assert cells and all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in cells)
    assert all(c.data_type == "s" for c in sheet["E"][1:] if c.value)  # host names
