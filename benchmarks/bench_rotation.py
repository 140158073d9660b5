"""How long the rotation takes as networks grow, and what `plan` costs end to end.

    python benchmarks/bench_rotation.py            # the full table
    python benchmarks/bench_rotation.py --quick    # a few sizes, for CI

Networks are generated (seeded, so every run plans the same ones): 3-12
members, 10-50 years, 1-3 series, with history, a cancelled edition,
blackouts and wishes. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from novu_planner.network.loader import parse_network
from novu_planner.rotation.problem import build_problem
from novu_planner.solver.rotation import SolveOptions, solve_rotation

FIRST = 2027
FULL = [(m, y, s) for m in (3, 5, 8, 12) for y in (10, 25, 50) for s in (1, 2, 3)]
QUICK = [(3, 10, 1), (5, 10, 2), (8, 25, 2)]


def generate(members: int, years: int, series: int) -> str:
    rng = random.Random(f"{members}-{years}-{series}")
    ids = [f"town{i:02}" for i in range(members)]
    out = ['format = 1\n[network]\nid = "bench"\nname = "Benchmark"\n']
    for cid in ids:
        out.append(
            f'[[cities]]\nid = "{cid}"\nname = "{cid.title()}"\n'
            'country = "SE"\ntimezone = "Europe/Stockholm"\n'
        )
    order = ids[:]
    rng.shuffle(order)
    quoted = ", ".join(f'"{c}"' for c in order)
    out.append(
        f'[[series]]\nid = "s0"\nname = "S0"\nfirst_year = 2000\nduration_days = 7\norder = [{quoted}]\n'
    )
    for k in range(1, series):
        rng.shuffle(order)
        quoted = ", ".join(f'"{c}"' for c in order)
        cadence = 'distinct_from = ["s0"]' if k == 1 else "every = 2"
        out.append(
            f'[[series]]\nid = "s{k}"\nname = "S{k}"\nfirst_year = {FIRST}\nduration_days = 2\n'
            f"order = [{quoted}]\n{cadence}\n"
        )
    history = rng.randint(5, 10)
    for i, year in enumerate(range(FIRST - history, FIRST)):
        status = "cancelled" if i == history - 3 else "held"
        out.append(
            f'[[history]]\nseries = "s0"\nyear = {year}\nhost = "{ids[i % members]}"\nstatus = "{status}"\n'
        )
    taken = set()
    for _ in range(max(1, years // 4)):
        year = rng.randrange(FIRST, FIRST + years)
        if year not in taken:
            taken.add(year)
            out.append(f'[[blackouts]]\ncity = "{rng.choice(ids)}"\nyears = [{year}]\nreason = "bench"\n')
    for _ in range(max(1, years // 10)):
        year = rng.randrange(FIRST, FIRST + years)
        out.append(f'[[wishes]]\ncity = "{rng.choice(ids)}"\nyear = {year}\nweight = 3\n')
    return "\n".join(out)


def solve_table(sizes, options: SolveOptions) -> None:
    print(
        f"{'members':>7} {'years':>5} {'series':>6} {'seconds':>8} {'status':>9}"
        f" {'disrupt':>8} {'settled':>8} {'fair':>5} {'wishes':>6}"
    )
    for members, years, series in sizes:
        network = parse_network(generate(members, years, series).encode(), "bench.toml")
        started = time.perf_counter()
        result = solve_rotation(build_problem(network, FIRST, years), options)
        seconds = time.perf_counter() - started
        c = result.costs
        print(
            f"{members:>7} {years:>5} {series:>6} {seconds:>8.2f} {result.status:>9}"
            f" {c.get('disruption', '-'):>8} {c.get('settledness', '-'):>8}"
            f" {c.get('fairness', '-'):>5} {c.get('wishes', '-'):>6}",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MiB")


def median_seconds(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def end_to_end() -> None:
    floor = median_seconds([sys.executable, "-c", "import ortools.sat.python.cp_model, pandas"])
    # The interpreter running this script, so no activated environment is needed.
    cli = [sys.executable, "-m", "novu_planner"]
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "plan")
        plan = median_seconds([*cli, "plan", "--out", out, "--force"])
        check = median_seconds([*cli, "validate"])
    print(f"import floor (ortools + pandas): {floor:.2f} s")
    print(f"novu-planner plan, bundled network: {plan:.2f} s (median of 3)")
    print(f"novu-planner validate, bundled network: {check:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few sizes only")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    solve_table(QUICK if args.quick else FULL, SolveOptions(args.time_limit, 0, args.workers))
    end_to_end()


if __name__ == "__main__":
    main()
