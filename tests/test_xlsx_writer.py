"""The direct plan.xlsx writer gives the very bytes pandas and openpyxl gave (tests/xlsx_reference.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest
from test_tables import make_plan
from xlsx_reference import reference_xlsx_bytes

import novu_planner as n
from novu_planner.exporters.xlsx import xlsx_bytes
from novu_planner.plans.model import PlanData, Status


def _with_note(plan: PlanData, note: str) -> PlanData:
    first = dataclasses.replace(plan.editions[0], note=note)
    return dataclasses.replace(plan, editions=[first, *plan.editions[1:]])


def _variants() -> dict[str, PlanData]:
    plan = make_plan()
    undated = [dataclasses.replace(e, start=None, end=None, delegations=()) for e in plan.editions]
    return {
        "formulas and Nordic letters": plan,
        "markup characters": _with_note(plan, "a < b & c > \"d\" 'e'"),
        "spaces around": _with_note(plan, "  moved one turn "),
        "line breaks": _with_note(plan, "one\ntwo\n\nthree\ttab"),
        "long note": _with_note(plan, "x" * 70),
        "no days yet": dataclasses.replace(plan, editions=undated),
        "no delegations": dataclasses.replace(
            plan, editions=[dataclasses.replace(e, delegations=()) for e in plan.editions]
        ),
        "cancelled": dataclasses.replace(
            plan, editions=[dataclasses.replace(plan.editions[0], status=Status.CANCELLED)]
        ),
        "before 1980": dataclasses.replace(plan, created=dt.datetime(1970, 1, 1, tzinfo=dt.UTC)),
        "no time": dataclasses.replace(plan, created=None),
    }


@pytest.mark.parametrize("name", list(_variants()))
def test_same_bytes_as_openpyxl(name):
    plan = _variants()[name]
    assert xlsx_bytes(plan) == reference_xlsx_bytes(plan)


def test_same_bytes_as_openpyxl_for_the_bundled_plan(bundled_plan):
    plan = n.read_plan(bundled_plan)
    assert xlsx_bytes(plan) == reference_xlsx_bytes(plan)


def test_error_codes_stay_text():
    # openpyxl made "#N/A" an error value; the plan's text is text.
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(_with_note(make_plan(), "#N/A"))))
    cell = book["rotation"]["I2"]
    assert cell.value == "#N/A" and cell.data_type == "s"


def test_a_carriage_return_is_kept():
    # openpyxl kept it through lxml and lost it without; the direct writer always keeps it.
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(_with_note(make_plan(), "one\r\ntwo"))))
    assert book["rotation"]["I2"].value == "one\r\ntwo"
