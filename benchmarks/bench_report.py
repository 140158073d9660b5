"""What report.html adds to planning the bundled network, measured whole-process.

    python benchmarks/bench_report.py            # 7 runs of each, alternating
    python benchmarks/bench_report.py --runs 15

Runs `novu-planner plan` on the bundled network into a scratch folder, A B A
B ...: A as it is (the report written in the plan folder), B with the report
module replaced by a stub that writes nothing and imports neither Jinja2 nor
Babel. Prints the median wall time of each and their ratio, then the time
render_report itself takes inside one process (first call: templates
compiled and the locale's data loaded; later calls). Prints figures, asserts
nothing: speed depends on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WITHOUT = """
import sys, types
stub = types.ModuleType("novu_planner.exporters.report")
stub.render_report = lambda plan, lang=None, previous=None: ""
sys.modules["novu_planner.exporters.report"] = stub
from novu_planner.cli import main
sys.argv = ["novu-planner", *sys.argv[1:]]
main()
"""
WITH = """
import sys
from novu_planner.cli import main
sys.argv = ["novu-planner", *sys.argv[1:]]
main()
"""
IN_PROCESS = """
import time
import novu_planner as n
plan = n.plan(n.load_network(), first=2027)
from novu_planner.exporters.report import render_report
times = []
for lang in ["en", "sv", "nb", "da", "fi", "is", "en"]:
    start = time.perf_counter()
    render_report(plan, lang)
    times.append(time.perf_counter() - start)
print(" ".join(f"{t:.3f}" for t in times))
"""


def _run(code: str, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, "plan", "--out", str(out), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
        env={"SOURCE_DATE_EPOCH": "1795564800", "PATH": "/usr/bin:/bin"},
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "novu-plan"
        _run(WITH, out)  # warm-up: the file cache and the first plan folder
        with_report, without = [], []
        for _ in range(runs):
            with_report.append(_run(WITH, out))
            without.append(_run(WITHOUT, out))
    a, b = statistics.median(with_report), statistics.median(without)
    ratios = sorted(x / y for x, y in zip(with_report, without, strict=True))
    print(f"novu-planner plan, bundled network, {runs} runs each (median wall seconds)")
    print(f"  with report.html     {a:.3f}")
    print(f"  without the report   {b:.3f}")
    spread = f"min {ratios[0]:.3f}, max {ratios[-1]:.3f}"
    print(f"  ratio, pair by pair  median {statistics.median(ratios):.3f} ({spread})")
    done = subprocess.run([sys.executable, "-c", IN_PROCESS], check=True, capture_output=True, text=True)
    first, *rest = done.stdout.split()
    print(f"render_report in one process: first call {first} s, then {' '.join(rest)} s (sv nb da fi is en)")


if __name__ == "__main__":
    main()
