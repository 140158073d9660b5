"""With --json, stdout is JSON for every outcome, usage errors included."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["plan", "--json", "--years", "0"], 2),
        (["plan", "--json", "--no-such-option"], 2),
        (["validate", "--json", "/no/such/file.toml"], 2),
        (["show", "--json", "/no/such/plan"], 2),
    ],
)
def test_a_failure_is_json_with_its_exit_status(args, status, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "novu_planner", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == status, done.stderr
    payload = json.loads(done.stdout)
    assert payload["ok"] is False and payload["exit_code"] == status and payload["error"]
