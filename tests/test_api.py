"""The public Python API: the documented examples run, plans round-trip, frames are typed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import EPOCH

import novu_planner as n

DOCS = Path(__file__).parent.parent / "docs" / "python-api.md"


@pytest.fixture
def bundled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return n.plan(n.load_network(), first=2027, time_limit=60)


def test_every_example_of_the_api_page_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(DOCS), "exec"), namespace)  # noqa: S102 - the documented examples
    assert (tmp_path / "novu-plan" / "plan.json").is_file()
    # "Plan again after a change": the blackout moves a host, as the page says it prints.
    assert namespace["replanned"].changes[0] == (
        "youth-week 2032: host Lahti → Akureyri; delegations changed; note changed"
    )


def test_the_issue_one_liner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = Path(__file__).parent.parent / "schedules" / "novu.toml"
    p = n.plan(n.load_network(str(path)), first=2027)
    p.write("out")
    assert len(n.read_plan("out").rotation_frame().head()) == 5


def test_read_plan_gives_back_the_same_plan_and_the_same_bytes(bundled, tmp_path):
    bundled.write(tmp_path / "a")
    again = n.read_plan(tmp_path / "a")
    for name in ("first", "years", "seed", "status", "costs", "editions", "wishes", "warnings", "lookahead"):
        assert getattr(again, name) == getattr(bundled, name), name
    assert again.created == bundled.created and again.versions == bundled.versions
    # The plan keeps the network file's name, not the folder it was read from.
    assert again.network.source.name == bundled.network.source.name
    assert dataclasses.replace(again.network, source=bundled.network.source) == bundled.network
    again.write(tmp_path / "b")
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_frames_are_typed(bundled):
    rotation = bundled.rotation_frame()
    assert list(rotation.columns) == [
        "series",
        "year",
        "status",
        "host_id",
        "host",
        "country",
        "start",
        "end",
        "note",
        "start_time",
        "end_time",
        "timezone",
    ]
    assert str(rotation["year"].dtype) == "int64"
    assert all(isinstance(d, dt.date) for d in rotation["start"] if d is not None)
    quotas = bundled.quotas_frame()
    assert str(quotas["year"].dtype) == "int64" and str(quotas["youth"].dtype) == "Int64"
    assert quotas["youth"].sum() == sum(d.youth for e in bundled.editions for d in e.delegations)


def test_load_network_takes_text_and_reports_every_problem():
    with pytest.raises(n.NetworkError) as caught:
        n.load_network('format = 1\n[network]\nid = "Bad Id"\n')
    assert len(caught.value.problems) >= 3  # the id, the missing name, no cities, no series


def test_check_finds_a_changed_host(bundled):
    edition = next(e for e in bundled.editions if e.status == n.Status.PLANNED)
    edition.host = next(c.id for c in bundled.network.cities if c.id != edition.host and not c.guest)
    assert any(v.rule.startswith("cost:") or v.rule == "distinct" for v in n.check(bundled))


def test_a_plan_as_previous_plan_keeps_its_hosts(bundled):
    again = n.plan(bundled.network, first=2027, previous=bundled, time_limit=60)
    assert [e.host for e in again.editions] == [e.host for e in bundled.editions]
    assert again.changes == []


def test_read_plan_names_every_damaged_field(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(
        '{"generator": "novu-planner", "network": [1], "from": "x", "editions": [1, {"year": 1e999}]}',
        encoding="utf-8",
    )
    with pytest.raises(n.NetworkError) as caught:
        n.read_plan(path)
    text = str(caught.value)
    for where in ("network", "from", "editions[0]", "editions[1]: year", "editions[1]: series"):
        assert where in text, where


def test_importing_the_package_is_light_and_names_load_on_use():
    import subprocess
    import sys

    probe = (
        "import sys, novu_planner as n; light = 'novu_planner.api' not in sys.modules; "
        "import novu_planner.plans.model; print(light, callable(n.plan), n.Status.PLANNED)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "planned"]
