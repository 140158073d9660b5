"""What the main job costs against its import floor, and how the rotation scales.

    python benchmarks/bench_rotation.py               # main job + the full table (long)
    python benchmarks/bench_rotation.py --quick       # three small sizes, for CI
    python benchmarks/bench_rotation.py --members 5,12 --years 10,25 --time-limit 30

It prints, in one run:

1. `novu-planner plan` (into a fresh folder each time) and `validate` on the
   bundled network, timed side by side with their import floors, as ratios;
2. a table of generated networks (members x years x series, with and
   without blackouts and wishes), each solved in its own subprocess so its
   peak memory is its own: seconds, status, each stage's share, the costs,
   and the solver-free validator's verdict on the plan;
3. the peer column: the same four levels solved by HiGHS with the same
   pruning (benchmarks/peer_highs.py; skipped when highspy is missing), its
   plan's costs recomputed by the validator and compared with the project's.

Networks are generated and seeded by their size, so every run plans the
same ones. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIRST = 2027
MEMBERS = (5, 12, 30, 60)
YEARS = (10, 25, 50, 100)
SERIES = (1, 3)
QUICK = [(5, 10, 1, True), (5, 10, 3, True), (12, 10, 1, False)]
STAGES = ("levels", "tie-break", "pricing")

# The import floors: what any run of the command must pay before it does anything.
PLAN_FLOOR = "import ortools.sat.python.cp_model, pandas, icalendar"
VALIDATE_FLOOR = "import ortools.sat.python.cp_model, pandas"


def generate(members: int, years: int, series: int, extras: bool = True) -> str:
    """A network of that size; without `extras`, the same one without its blackouts and wishes."""
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
    if not extras:
        return "\n".join(out)
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


# -- one size, in its own process -------------------------------------------------------------


def child(
    kind: str, members: int, years: int, series: int, extras: bool, seconds: float, workers: int
) -> None:
    """Solve one size with the project ("project") or the peer ("highs") and print one JSON line."""
    from novu_planner.checks.rotation import check_rotation, rotation_costs
    from novu_planner.network.loader import parse_network
    from novu_planner.rotation.problem import build_problem

    network = parse_network(generate(members, years, series, extras).encode(), "bench.toml")
    # Imported before the clock starts: the figures are the solve alone. Each
    # process imports only its own solver, so its peak memory is its own.
    if kind == "project":
        from novu_planner.solver.rotation import SolveOptions, solve_rotation
    else:
        import peer_highs

    out: dict[str, Any] = {}
    started = time.perf_counter()
    problem = build_problem(network, FIRST, years)
    if kind == "project":
        result = solve_rotation(problem, SolveOptions(seconds, 0, workers))
        out.update(status=result.status, costs=result.costs, stages=result.stage_seconds)
        hosts, lookahead = result.hosts, result.lookahead
    else:
        peer = peer_highs.solve(problem, seconds)
        out.update(status=peer.status, costs=peer.costs, stages={"levels": peer.seconds})
        hosts, lookahead = peer.hosts, peer.lookahead
    out["seconds"] = time.perf_counter() - started
    if hosts:
        # The solver-free validator: the hard rules, and every cost recomputed by hand.
        out["violations"] = [str(v) for v in check_rotation(problem, hosts)]
        out["recomputed"] = rotation_costs(problem, hosts, lookahead)
    print(json.dumps(out), flush=True)


@dataclass
class Run:
    data: dict[str, Any]
    peak_mib: float
    wall: float

    @property
    def status(self) -> str:
        return str(self.data.get("status", "killed"))

    @property
    def checked(self) -> str:
        """The validator's verdict: every hard rule kept and every claimed cost recomputed."""
        if "recomputed" not in self.data:
            return "-"
        ok = not self.data["violations"] and self.data["recomputed"] == self.data["costs"]
        return "ok" if ok else "BAD"


def run_child(kind: str, size: tuple[int, int, int, bool], limit: float, workers: int) -> Run:
    """One size in a subprocess; its peak memory is that process's own (wait4's rusage)."""
    members, years, series, extras = size
    command = [sys.executable, __file__, "--child", kind, str(members), str(years), str(series)]
    command += ["--time-limit", str(limit), "--workers", str(workers)] + ([] if extras else ["--no-extras"])
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    # The solver keeps to the limit itself; this only stops a run that does not.
    killer = threading.Timer(limit * 1.5 + 30, proc.kill)
    killer.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped above
    killer.cancel()
    lines = output.strip().splitlines()
    data = json.loads(lines[-1]) if lines else {}
    return Run(data, usage.ru_maxrss / 1024, time.perf_counter() - started)


def sizes_of(args: argparse.Namespace) -> list[tuple[int, int, int, bool]]:
    if args.quick:
        return QUICK
    extras = {"both": (True, False), "with": (True,), "without": (False,)}[args.extras]
    return [(m, y, s, e) for m in args.members for y in args.years for s in args.series for e in extras]


def _costs(data: dict[str, Any]) -> str:
    costs = data.get("costs") or {}
    return "/".join(str(costs.get(k, "-")) for k in ("disruption", "settledness", "fairness", "wishes"))


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(sizes: list[tuple[int, int, int, bool]], limit: float, workers: int, peer: bool) -> None:
    print(f"\nRotation, one size per process, {workers} worker(s), {limit:g} s per size and solver.")
    print("share = % of the project's solve in each stage; costs = disruption/settledness/fairness/wishes;")
    print("check = the solver-free validator on the plan; HiGHS = the same four levels (no tie-break,")
    print("no pricing), same pruning; same = its recomputed costs equal the project's.")
    if not peer:
        print("(peer column skipped: highspy is not installed; pip install -e '.[bench]')")
    head = (
        f"{'mem':>3} {'yrs':>3} {'ser':>3} {'b+w':>3} | {'seconds':>7} {'status':>8} {'lvl%':>4} {'tie%':>4}"
        f" {'pri%':>4} {'MiB':>4} {'costs':>16} {'check':>5} | {'levels':>6} {'HiGHS':>6} {'status':>8}"
        f" {'MiB':>4} {'check':>5} {'same':>4}"
    )
    print(head)
    print("-" * len(head))
    checked = bad = ahead = behind = 0
    for size in sizes:
        members, years, series, extras = size
        mine = run_child("project", size, limit, workers)
        d = mine.data
        total = d.get("seconds", mine.wall)
        stages = d.get("stages") or {}
        shares = [
            f"{100 * stages[s] / total:>4.0f}" if s in stages and total else f"{'-':>4}" for s in STAGES
        ]
        line = (
            f"{members:>3} {years:>3} {series:>3} {'yes' if extras else 'no':>3} | {total:>7.2f}"
            f" {mine.status:>8} {' '.join(shares)} {mine.peak_mib:>4.0f} {_costs(d):>16} {mine.checked:>5} |"
        )
        checked += mine.checked == "ok"
        bad += mine.checked == "BAD"
        if peer:
            theirs = run_child("highs", size, limit, 1)
            p = theirs.data
            levels = stages.get("levels")
            same = "-"
            if mine.status == "optimal" and theirs.status == "optimal" and "recomputed" in p:
                same = "yes" if p["recomputed"] == d["costs"] else "NO"
            highs = (p.get("stages") or {}).get("levels")
            line += (
                f" {_secs(levels):>6} {_secs(highs):>6}"
                f" {theirs.status:>8} {theirs.peak_mib:>4.0f} {theirs.checked:>5} {same:>4}"
            )
            bad += theirs.checked == "BAD" or same == "NO"
            if levels is not None and highs is not None and theirs.status == "optimal":
                ahead += levels < highs
                behind += levels >= highs
        print(line, flush=True)
    print(f"\nplans checked by the validator: {checked} ok; disagreements: {bad}")
    if peer:
        print(f"levels stage faster than HiGHS on {ahead} sizes, slower or equal on {behind}")


# -- the main job, side by side with its import floor -----------------------------------------


def _seconds(command: list[str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - started


# The bundled network with Randers kept from its youth week of 2029: the base
# rota no longer holds, so CP-SAT plans it (what a network with any blackout
# in the way costs), where the bundled network itself needs no solve.
BLACKOUT = '\n[[blackouts]]\ncity = "randers"\nyears = [2029]\nseries = "youth-week"\n'


def main_job(reps: int) -> None:
    """plan and validate against their floors, in turn in every repetition so drift hits all alike."""
    import compileall

    import novu_planner
    from novu_planner.network.loader import bundled_network_path

    # Compiled first, as a pip install compiles them: where writing bytecode
    # is turned off (PYTHONDONTWRITEBYTECODE), an editable checkout would
    # otherwise compile the package on every run and time the compiler.
    compileall.compile_dir(Path(novu_planner.__file__).parent, quiet=1)
    py = sys.executable  # the interpreter running this script: no activated environment needed
    cli = [py, "-m", "novu_planner"]
    names = ["plan floor", "plan", "plan, solved", "validate floor", "validate"]
    times: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        blocked = Path(tmp) / "novu-blackout.toml"
        blocked.write_text(bundled_network_path().read_text(encoding="utf-8") + BLACKOUT, encoding="utf-8")

        def once(i: int) -> dict[str, float]:
            # A fresh folder every time: planning over an earlier plan re-plans against it.
            return {
                "plan floor": _seconds([py, "-c", PLAN_FLOOR], tmp),
                "plan": _seconds([*cli, "plan", "--out", str(Path(tmp) / f"plan-{i}")], tmp),
                "plan, solved": _seconds(
                    [*cli, "plan", str(blocked), "--from", "2027", "--out", str(Path(tmp) / f"solved-{i}")],
                    tmp,
                ),
                "validate floor": _seconds([py, "-c", VALIDATE_FLOOR], tmp),
                "validate": _seconds([*cli, "validate"], tmp),
            }

        once(-1)  # warm-up: file caches, the holiday data cache
        for i in range(reps):
            for name, value in once(i).items():
                times[name].append(value)
    print(f"Main job on the bundled network, {reps} repetitions after a warm-up (seconds, min / median):")
    for name, values in times.items():
        print(f"  {name:<15} {min(values):6.3f} / {statistics.median(values):6.3f}")
    floors = {"plan": "plan floor", "plan, solved": "plan floor", "validate": "validate floor"}
    for job, floor in floors.items():
        pairs = [a / b for a, b in zip(times[job], times[floor], strict=True)]
        print(
            f"  {job} / its import floor: {min(pairs):.2f}x min, {statistics.median(pairs):.2f}x median"
            " (ratio per repetition)"
        )
    print(f"  plan floor: python -c '{PLAN_FLOOR}'; validate floor: python -c '{VALIDATE_FLOOR}'")
    print(
        "  plan, solved: the bundled network from 2027 with Randers blacked out in its youth week"
        " of 2029 (CP-SAT runs)"
    )


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(","))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three small sizes and 3 repetitions (CI)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per size and solver")
    parser.add_argument("--reps", type=int, default=None, help="main-job repetitions (7; 3 with --quick)")
    parser.add_argument("--members", type=_ints, default=MEMBERS)
    parser.add_argument("--years", type=_ints, default=YEARS)
    parser.add_argument("--series", type=_ints, default=SERIES)
    parser.add_argument(
        "--extras", choices=("both", "with", "without"), default="both", help="blackouts and wishes"
    )
    parser.add_argument("--no-peer", action="store_true", help="leave out the HiGHS column")
    parser.add_argument("--no-main", action="store_true", help="leave out the main-job timing")
    parser.add_argument("--no-table", action="store_true", help="leave out the table")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--no-extras", dest="child_extras", action="store_false", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, members, years, series = args.child
        child(kind, int(members), int(years), int(series), args.child_extras, args.time_limit, args.workers)
        return
    if not args.no_main:
        main_job(args.reps or (3 if args.quick else 7))
    if not args.no_table:
        peer = not args.no_peer and importlib.util.find_spec("highspy") is not None
        table(sizes_of(args), args.time_limit, args.workers, peer)


if __name__ == "__main__":
    main()
