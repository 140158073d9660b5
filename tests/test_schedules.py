"""Every network in schedules/ is valid and can be planned."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EPOCH

from novu_planner.cli import cli
from novu_planner.network.loader import load_network

SCHEDULES = sorted((Path(__file__).resolve().parent.parent / "schedules").glob("*.toml"))


@pytest.mark.parametrize("path", SCHEDULES, ids=[p.stem for p in SCHEDULES])
def test_validates(path):
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "valid network" in result.output


@pytest.mark.parametrize("path", SCHEDULES, ids=[p.stem for p in SCHEDULES])
def test_plans(path, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = CliRunner().invoke(
        cli, ["plan", str(path), "--out", str(tmp_path / "plan"), "--time-limit", "60"]
    )
    assert result.exit_code == 0, result.output
    assert "proven optimal" in result.output


def test_bundled_network_is_the_schedules_copy():
    network = load_network()
    assert network.source.name == "novu.toml" and network.id == "novu"
