"""--help and validate answer at once: they never import OR-Tools, pandas, Jinja2 or Babel."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from novu_planner.network.loader import bundled_network_path

PROBE = """
import json, sys
sys.argv = ["novu-planner", *json.loads(sys.argv[1])]
from novu_planner.cli import cli
try:
    cli(prog_name="novu-planner")  # main() itself leaves at once, through os._exit
except SystemExit:
    pass
slow = {"ortools", "pandas", "numpy", "google", "caldav", "niquests", "jinja2", "babel"}
heavy = sorted({m.split(".")[0] for m in sys.modules} & slow)
print("HEAVY=" + json.dumps(heavy))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["validate"],
        ["validate", str(bundled_network_path())],
        ["validate", "--json"],
        ["plan", "--help"],
        ["site", "--help"],
        ["publish", "--help"],
        ["report", "--help"],
        ["diff", "--help"],
        ["docs"],
    ],
)
def test_no_heavy_imports(args):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    marker = [line for line in done.stdout.splitlines() if line.startswith("HEAVY=")]
    assert marker, done.stdout + done.stderr
    assert json.loads(marker[0][6:]) == []
