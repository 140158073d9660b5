"""--time-limit bounds the whole planning: model building and wish pricing included."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from rotation_helpers import OPTIONS, network, row, series, wish

import novu_planner.solver.rotation as rotation
from novu_planner.exporters.plan_summary import describe_plan
from novu_planner.network.loader import parse_network
from novu_planner.rotation.problem import build_problem

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from bench_rotation import generate  # noqa: E402


def test_a_short_time_limit_on_a_large_network_ends(tmp_path):
    # 30 members, 60 years, 3 series: building the model alone once took far
    # longer than 2 s. The run must end soon after its budget: a plan (marked
    # not proven optimal when the budget ran out first: the solve now often
    # proves it within 2 s, so the budget is 1 s), or exit 3 with nothing
    # written. The timeout is generous on purpose (imports and writing the
    # files are not in the budget).
    path = tmp_path / "big.toml"
    path.write_text(generate(30, 60, 3), encoding="utf-8")
    out = tmp_path / "plan"
    command = [sys.executable, "-m", "novu_planner", "plan", str(path), "--years", "60"]
    command += ["--time-limit", "1", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 3), done.stderr
    if done.returncode == 3:
        assert "time limit" in done.stderr
        assert not out.exists()
    else:
        plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
        assert plan["status"] in ("feasible", "optimal")


def test_wishes_left_when_the_budget_is_spent_are_not_priced(monkeypatch):
    text = network(series(first_year=2020, order=["a", "b", "c", "d"]), row(2026, "a"), wish("c", 2027, 5))
    problem = build_problem(parse_network(text.encode(), "t.toml"), 2027, 8)
    price = rotation._wish_outcomes

    def spent_first(*args):
        budget = args[-1]
        budget.deadline = time.monotonic() - 1  # the plan is found; the time is up
        return price(*args)

    monkeypatch.setattr(rotation, "_wish_outcomes", spent_first)
    result = rotation.solve_rotation(problem, OPTIONS)
    assert result.ok
    (outcome,) = result.wishes
    assert not outcome.granted and not outcome.priced
    assert outcome.disruption_if_granted is None  # unknown, not "no plan can grant it"


def test_an_unpriced_wish_says_so_in_the_summary_and_in_plan_json(tmp_path, monkeypatch):
    import novu_planner as n
    from novu_planner.plans.model import WishOutcome

    text = network(
        series(first_year=2020, order=["a", "b", "c", "d"]),
        row(2026, "a"),
        wish("c", 2027, 5),
    )
    # Every refused wish reported as not priced, as when the budget runs out.
    monkeypatch.setattr(
        rotation,
        "_wish_outcomes",
        lambda problem, m, solver, options, budget: [WishOutcome(0, False, priced=False)],
    )
    plan = n.plan(parse_network(text.encode(), "t.toml"), first=2027, years=4, time_limit=20)
    assert "wishes[0] C 2027 (weight 5): not priced: the time limit ran out" in describe_plan(plan, "x")
    plan.write(tmp_path / "plan")
    (refused,) = json.loads((tmp_path / "plan" / "plan.json").read_text())["wishes_not_granted"]
    assert refused["priced"] is False
    assert n.read_plan(tmp_path / "plan").wishes[0].priced is False
