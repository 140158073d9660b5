"""A tampered or hand-edited plan.json is exit 2 with located messages, for every command that reads one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EPOCH

from novu_planner.cli import cli


def _edit(data: dict, how: str) -> None:
    first = data["editions"][-1]
    if how == "network-list":
        data["network"] = [1]
    elif how == "editions-object":
        data["editions"] = {"a": 1}
    elif how == "edition-string":
        data["editions"][0] = "youth-week 2027"
    elif how == "calendar-null":
        first["calendar"] = None
    elif how == "year-huge":
        first["year"] = 1e999
    elif how == "sequence-huge":
        first["calendar"]["sequence"] = 10**30
    elif how == "host-list":
        first["host"] = ["a"]
    elif how == "start-far":
        first["start"] = "9999-12-31"
    elif how == "delegations-string":
        first["delegations"] = "many"


TAMPERINGS = [
    "network-list",
    "editions-object",
    "edition-string",
    "calendar-null",
    "year-huge",
    "sequence-huge",
    "host-list",
    "start-far",
    "delegations-string",
]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plan") / "plan"
    runner = CliRunner(env={"SOURCE_DATE_EPOCH": EPOCH})
    result = runner.invoke(cli, ["plan", "--out", str(folder), "--years", "3"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("how", TAMPERINGS)
@pytest.mark.parametrize("command", ["show", "check", "previous", "in-out"])
def test_a_tampered_plan_json_is_exit_2(written, tmp_path, how, command):
    folder = tmp_path / "plan"
    shutil.copytree(written, folder)
    path = folder / "plan.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    _edit(data, how)
    text = json.dumps(data)
    path.write_text(text.replace("Infinity", "1e999"), encoding="utf-8")
    args = {
        "show": ["show", str(folder)],
        "check": ["check", str(folder)],
        "previous": ["plan", "--out", str(tmp_path / "new"), "--years", "3", "--previous", str(folder)],
        "in-out": ["plan", "--out", str(folder), "--years", "3", "--force"],
    }[command]
    result = CliRunner(env={"SOURCE_DATE_EPOCH": EPOCH}).invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "plan.json" in result.output
    assert path.read_text(encoding="utf-8") == text.replace("Infinity", "1e999"), (
        "nothing of the user's changed"
    )
