"""`novu-planner diff OLD NEW`: each changed edition (host, days, places, status) and both plans' costs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from report_helpers import VARIANT, page_text

import novu_planner as n
from novu_planner.cli import cli
from novu_planner.plans.model import Status


def _variant_of(approved: n.Plan, change) -> n.Plan:
    """The approved plan with one edition changed by `change(edition) -> edition`."""
    editions = [
        change(e) if e.year in (2029, 2030) and e.series == "youth-week" else e for e in approved.editions
    ]
    return n.Plan.from_data(dataclasses.replace(approved, editions=editions))


def _diff(tmp_path: Path, old: n.Plan, new: n.Plan, *options: str):
    old.write(tmp_path / "old", force=True)
    new.write(tmp_path / "new", force=True)
    return CliRunner().invoke(cli, ["diff", str(tmp_path / "old"), str(tmp_path / "new"), *options])


@pytest.fixture
def approved(bundled_plan) -> n.Plan:
    return n.read_plan(bundled_plan)


def test_a_host_swap(approved, tmp_path):
    hosts = {2029: "vasteras", 2030: "randers"}  # Randers and Västerås trade 2029 and 2030
    new = _variant_of(approved, lambda e: dataclasses.replace(e, host=hosts[e.year]))
    result = _diff(tmp_path, approved, new)
    assert result.exit_code == 0, result.output
    assert "youth-week 2029: host Randers → Västerås" in result.output
    assert "youth-week 2030: host Västerås → Randers" in result.output


def test_a_host_swap_as_json_and_html(approved, tmp_path):
    hosts = {2029: "vasteras", 2030: "randers"}
    new = _variant_of(approved, lambda e: dataclasses.replace(e, host=hosts[e.year]))
    page = tmp_path / "diff.html"
    result = _diff(tmp_path, approved, new, "--json", "--html", str(page), "--lang", "da")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["network"] == "novu"
    assert [(c["series"], c["year"], c["host"]) for c in data["changes"]] == [
        ("youth-week", 2029, ["randers", "vasteras"]),
        ("youth-week", 2030, ["vasteras", "randers"]),
    ]
    assert data["costs"]["disruption"] == [0, 0]
    html = page.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(html)
    assert '<html lang="da">' in html
    assert "Vært: Randers → Västerås" in page_text(html)


def test_a_cancellation(approved, tmp_path):
    new = _variant_of(
        approved, lambda e: dataclasses.replace(e, status=Status.CANCELLED) if e.year == 2029 else e
    )
    result = _diff(tmp_path, approved, new, "--json")
    changes = json.loads(result.output)["changes"]
    assert [(c["year"], c["changed"], c["status"]) for c in changes] == [
        (2029, ["status"], ["planned", "cancelled"])
    ]
    assert "youth-week 2029: status planned → cancelled" in _diff(tmp_path, approved, new).output


def test_changed_days(approved, tmp_path):
    later = dt.timedelta(days=2)
    new = _variant_of(
        approved,
        lambda e: dataclasses.replace(e, start=e.start + later, end=e.end + later) if e.year == 2030 else e,
    )
    result = _diff(tmp_path, approved, new)
    assert "youth-week 2030: days 2030-06-27–2030-07-03 → 2030-06-29–2030-07-05" in result.output
    assert "youth-week 2029" not in result.output


def test_changed_places(approved, tmp_path):
    def fewer(e):
        if e.year != 2029:
            return e
        delegations = tuple(
            dataclasses.replace(d, youth=d.youth - 2) if d.city_id == "lahti" else d for d in e.delegations
        )
        return dataclasses.replace(e, delegations=delegations)

    new = _variant_of(approved, fewer)
    result = _diff(tmp_path, approved, new)
    assert "youth-week 2029:" in result.output
    assert (
        "  places of Lahti: 17 youths, 2 leaders, 2–5 officials → 15 youths, 2 leaders, 2–5 officials"
        in result.output
    )
    data = json.loads(_diff(tmp_path, approved, new, "--json").output)
    lahti = data["changes"][0]["places"]["lahti"]
    assert [d["youth"] for d in lahti] == [17, 15]


def test_a_replanned_variant_against_the_approved_plan(approved, tmp_path):
    """The council's "what if": plan a variant into another folder, then diff it."""
    variant = n.plan(
        n.load_network(approved.network.text + VARIANT), first=2027, previous=approved, time_limit=60
    )
    result = _diff(tmp_path, approved, variant)
    assert "youth-week 2027: host Lahti → Akureyri" in result.output
    assert (
        "  why: Lahti and Akureyri swap 2027–28: Lahti cannot host in 2027, town hall renovation"
        in result.output
    )
    assert "disruption                  0       4" in result.output


def test_the_same_plan_has_no_changes(bundled_plan):
    result = CliRunner().invoke(cli, ["diff", str(bundled_plan), str(bundled_plan / "plan.json")])
    assert result.exit_code == 0
    assert result.output.rstrip().endswith("no edition changed")


def test_plans_of_two_networks_are_refused(approved, tmp_path):
    other = n.load_network(approved.network.text.replace('id = "novu"', 'id = "other"', 1))
    new = n.Plan.from_data(dataclasses.replace(approved, network=other))
    result = _diff(tmp_path, approved, new)
    assert result.exit_code == 2
    assert "two networks" in result.output


def test_one_youth_and_one_leader_are_singular(approved, tmp_path):
    def one(e):
        if e.year != 2029:
            return e
        delegations = tuple(
            dataclasses.replace(d, youth=1, leaders=1) if d.city_id == "lahti" else d for d in e.delegations
        )
        return dataclasses.replace(e, delegations=delegations)

    new = _variant_of(approved, one)
    result = _diff(tmp_path, approved, new)
    assert "  places of Lahti: 17 youths, 2 leaders, 2–5 officials → 1 youth, 1 leader, 2–5 officials" in (
        result.output
    )
    shown = CliRunner().invoke(cli, ["show", str(tmp_path / "new")])
    assert shown.exit_code == 0, shown.output
    assert "youth-week 2029: Lahti (member) 1 youth, 1 leader, officials 2–5" in shown.output
    assert re.search(r"\b1 (youths|leaders)\b", shown.output) is None
