"""Fixtures shared by the output tests."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from novu_planner.cli import cli
from novu_planner.network.loader import bundled_network_path

EPOCH = "1795564800"  # 2026-11-24: plans start in 2027
# The tests keep their holidays index apart from the user's cache folder.
os.environ.setdefault("NOVU_PLANNER_CACHE", tempfile.mkdtemp(prefix="novu-planner-cache-"))
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


BUNDLED = bundled_network_path().read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """The line (LF-counted, as TOML counts) where `needle` first occurs."""
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def validate(monkeypatch, tmp_path):
    """`novu-planner validate` on a network file with the given text."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def invoke(network_text: str):
        path = tmp_path / "net.toml"
        path.write_text(network_text, encoding="utf-8")
        return CliRunner().invoke(cli, ["validate", str(path)])

    return invoke
