"""Fixtures shared by the output tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from novu_planner.cli import cli

EPOCH = "1795564800"  # 2026-11-24: plans start in 2027
# One edition decided differently: the 2030 youth week fixed a few days later
# than planned. Appended to the bundled network, it changes that edition only.
FIXED_2030 = """
[[history]]
series = "youth-week"
year = 2030
host = "vasteras"
status = "fixed"
start = 2030-07-01
end = 2030-07-07
"""


@pytest.fixture(scope="session")
def bundled_plan(tmp_path_factory) -> Path:
    """The bundled NOVU network planned once, as `novu-planner plan` writes it."""
    out = tmp_path_factory.mktemp("bundled") / "novu-plan"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        result = CliRunner().invoke(cli, ["plan", "--out", str(out)], catch_exceptions=False)
    finally:
        mp.undo()
    assert result.exit_code == 0, result.output
    return out
