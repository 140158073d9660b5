"""Ctrl-C at any moment of a real run: exit 130, one line, nothing written.

OR-Tools would otherwise catch SIGINT itself, stop only the solve under way
and let the run go on to write a plan.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from bench_rotation import generate  # noqa: E402


@pytest.fixture(scope="module")
def big_network(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.toml"
    # Several seconds of solving (12 x 50 x 3 now solves in about 2 s, so a
    # Ctrl-C at 3 s came after the solve).
    path.write_text(generate(60, 50, 3), encoding="utf-8")
    return path


# From 0.3 s on the interpreter itself is up (before, a Ctrl-C is Python's own start-up failing);
# then the package is still loading, then OR-Tools, then the solve.
@pytest.mark.parametrize("after", [0.3, 0.45, 0.6, 1.5, 3.0])
def test_ctrl_c_ends_the_run_with_130_and_writes_nothing(big_network, tmp_path, after):
    out = tmp_path / "plan"
    command = [
        sys.executable,
        "-m",
        "novu_planner",
        "plan",
        str(big_network),
        "--years",
        "50",
        "--out",
        str(out),
    ]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(after)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 130, err
    assert err.strip().splitlines()[-1] == "novu-planner: interrupted; nothing was written"
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == []


def test_ctrl_c_after_the_plan_is_written_keeps_it_and_exits_0(tmp_path):
    # The interrupt arrives while the summary is printed, the folder already
    # in place: the plan stays, and no message says nothing was written.
    out = tmp_path / "plan"
    code = (
        "import os, signal, sys\n"
        "import novu_planner.exporters.plan_summary as summary\n"
        "from novu_planner.launch import main\n"
        "describe = summary.describe_plan\n"
        "def interrupted(*args):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    return describe(*args)\n"
        "summary.describe_plan = interrupted\n"
        f"sys.argv = ['novu-planner', 'plan', '--years', '2', '--out', {str(out)!r}]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "interrupted" not in run.stderr and "Traceback" not in run.stderr
    assert (out / "plan.json").is_file() and "plan for" in run.stdout


def test_a_plan_run_in_a_callers_process_leaves_its_ctrl_c_alone(tmp_path):
    import threading

    from click.testing import CliRunner

    from novu_planner.cli import cli

    before = signal.getsignal(signal.SIGINT)
    result = CliRunner().invoke(cli, ["plan", "--years", "2", "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGINT) is before
    # Nor does it need the main thread (signal handlers can only be set there).
    codes: list[int] = []
    worker = threading.Thread(
        target=lambda: codes.append(
            CliRunner().invoke(cli, ["plan", "--years", "2", "--out", str(tmp_path / "b")]).exit_code
        )
    )
    worker.start()
    worker.join()
    assert codes == [0]


def test_the_program_saves_the_holiday_cache_on_its_way_out(tmp_path):
    # The program leaves through os._exit; the exit handlers that save the
    # holiday days must still run, or every run asks the holidays package.
    env = {**os.environ, "NOVU_PLANNER_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-X", "importtime", "-m", "novu_planner", "plan", "--years", "3"]
    first = subprocess.run([*command, "--out", str(tmp_path / "a")], env=env, capture_output=True, text=True)
    second = subprocess.run([*command, "--out", str(tmp_path / "b")], env=env, capture_output=True, text=True)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "holidays.countries" in first.stderr  # the cold run asks the package
    assert "holidays.countries" not in second.stderr
