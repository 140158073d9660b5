"""Each rule on its own: its CP-SAT model against its solver-free check.

Like a constraint verifier: a plan the validator accepts, fixed into the
model, must be feasible, and every soft rule's model cost must equal the
cost the validator recomputes; and for each hard rule a tiny case it
alone forbids. A rule added to the registry is tested here without a line
more (a new hard rule needs its tiny case in HARD_CASES).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from rotation_helpers import blackout, network, networks, row, series

from novu_planner.checks.rotation import check_rotation, rotation_costs
from novu_planner.errors import NetworkError
from novu_planner.network.loader import parse_network
from novu_planner.rotation.problem import RotationProblem, build_problem, eligible
from novu_planner.rules import CAUSES, HARD_RULES, LEVELS, SOFT_RULES
from novu_planner.solver.rotation_model import RotationModel

FIRST = 2027


def _problem(text: str, years: int) -> RotationProblem:
    return build_problem(parse_network(text.encode("utf-8"), "t.toml"), FIRST, years)


def _fix(m: RotationModel, hosts, lookahead=None) -> None:
    """Every host variable of the planned (and, given them, look-ahead) editions set from the plan."""
    for sp in m.problem.series:
        for slot in sp.slots:
            if not slot.planned and lookahead is None:
                continue
            chosen = (hosts if slot.planned else lookahead).get((slot.series, slot.year))
            variables = m.hosts.of(slot)
            assert chosen is None or chosen in variables, (slot, chosen)
            for city, var in variables.items():
                m.model.add(var == int(city == chosen))


def _solve(m: RotationModel, objective=None) -> tuple[int, cp_model.CpSolver]:
    if objective is not None:
        m.model.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    solver.parameters.random_seed = 0
    solver.parameters.num_workers = 1
    return solver.solve(m.model), solver


# -- plans the validator accepts -------------------------------------------------------------


def _blacked_out(problem: RotationProblem, city: str, series: str, year: int) -> bool:
    return any(b.city == city and year in b.years and b.applies(series) for b in problem.network.blackouts)


def _distinct_pairs(problem: RotationProblem) -> set[tuple[str, str]]:
    pairs = {(sp.series.id, other) for sp in problem.series for other in sp.series.distinct_from}
    return pairs | {(b, a) for a, b in pairs}


@st.composite
def valid_plans(draw):
    """A small network and hosts for its planned and look-ahead editions that keep every hard rule.

    Sometimes with a fixed or cancelled history row inside the planned years."""
    text, years = draw(networks())
    if draw(st.booleans()):
        year = draw(st.integers(FIRST, FIRST + years - 1))
        text += "\n" + row(year, draw(st.sampled_from("abc")), draw(st.sampled_from(["fixed", "cancelled"])))
    try:
        problem = _problem(text, years)
    except NetworkError:
        assume(False)
    distinct = _distinct_pairs(problem)
    hosts: dict[tuple[str, int], str] = {}
    lookahead: dict[tuple[str, int], str] = {}
    slots = sorted((slot for sp in problem.series for slot in sp.slots), key=lambda s: s.year)
    for slot in slots:
        if slot.cancelled:
            continue
        series = problem.of(slot.series).series
        taken = {
            h
            for (s, y), h in {**hosts, **lookahead}.items()
            if y == slot.year and (s, slot.series) in distinct
        }
        candidates = [
            c
            for c in series.members
            if eligible(problem.network, series, c, slot.year)
            and not _blacked_out(problem, c, slot.series, slot.year)
            and c not in taken
        ]
        if slot.fixed_host is not None:
            candidates = [c for c in candidates if c == slot.fixed_host]
        assume(candidates)
        (hosts if slot.planned else lookahead)[slot.series, slot.year] = draw(st.sampled_from(candidates))
    assert check_rotation(problem, hosts) == []
    return problem, hosts, lookahead


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(valid_plans())
def test_a_valid_plan_is_feasible_in_the_model(plan):
    problem, hosts, lookahead = plan
    m = RotationModel(problem)
    _fix(m, hosts, lookahead)
    status, _ = _solve(m)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@pytest.mark.parametrize("rule", SOFT_RULES, ids=lambda r: r.name)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(plan=valid_plans())
def test_model_cost_equals_the_recomputed_cost(rule, plan):
    """With the hosts fixed, the rule's expression at its least (the turn placements of
    disruption and the run flags of fairness are still free) is the validator's cost."""
    problem, hosts, lookahead = plan
    m = RotationModel(problem)
    _fix(m, hosts, lookahead)
    status, solver = _solve(m, m.costs[rule.name])
    assert status == cp_model.OPTIMAL
    assert round(solver.objective_value) == rule.recompute(problem, hosts, lookahead)


# -- each hard rule alone forbids a plan -----------------------------------------------------

TWO = series(first_year=2020, order=["a", "b", "c", "d"]) + series(
    "t", first_year=2020, order=["a", "b", "c", "d"], distinct_from=["s"]
)

# Per hard rule: a network, planned for 2027 only, and hosts only that rule forbids.
HARD_CASES = {
    "one-host": (network(series(first_year=2020)), {}),
    "members": (network(series(first_year=2020, members=["a", "b", "c"])), {("s", 2027): "d"}),
    "history": (network(series(first_year=2020), row(2027, "a", "fixed")), {("s", 2027): "b"}),
    "blackout": (network(series(first_year=2020), blackout("a", 2027)), {("s", 2027): "a"}),
    "distinct": (network(TWO), {("s", 2027): "b", ("t", 2027): "b"}),
}


@pytest.mark.parametrize("rule", HARD_RULES, ids=lambda r: r.name)
def test_hard_rule_alone_forbids(rule):
    text, hosts = HARD_CASES[rule.name]
    problem = _problem(text, 1)
    assert rule.check(problem, hosts)
    assert {v.rule for v in check_rotation(problem, hosts)} == {rule.name}

    others = [r for r in HARD_RULES if r is not rule]
    without = RotationModel(problem, hard_rules=others, soft_rules=())
    _fix(without, hosts)
    assert _solve(without)[0] in (cp_model.OPTIMAL, cp_model.FEASIBLE), "the other rules allow it"

    with_rule = RotationModel(problem, soft_rules=())
    _fix(with_rule, hosts)
    assert _solve(with_rule)[0] == cp_model.INFEASIBLE


# -- the registry ----------------------------------------------------------------------------


def test_registry_names_are_unique_and_described():
    names = [r.name for r in HARD_RULES + SOFT_RULES]
    assert len(names) == len(set(names))
    assert tuple(r.name for r in SOFT_RULES) == LEVELS
    assert all(r.description for r in HARD_RULES) and all(r.unit for r in SOFT_RULES)


def test_disruption_comes_first():
    # The solver minimises it under a widening bound before the other levels,
    # and prices refused wishes in it (solver/rotation.py).
    assert LEVELS[0] == "disruption"


def test_every_cause_is_asked_by_the_notes():
    given_causes = [r.cause for r in HARD_RULES if r.cause] + [r.explain for r in SOFT_RULES if r.explain]
    assert sorted(map(id, given_causes)) == sorted(map(id, CAUSES))


def test_the_rules_never_load_or_tools():
    probe = (
        "import sys, json, novu_planner.rules, novu_planner.checks.rotation, novu_planner.planning.notes\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'ortools', 'google'})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == [], done.stderr


def test_costs_without_lookahead_leave_out_only_the_rules_that_need_it():
    text, _ = HARD_CASES["one-host"]
    problem = _problem(text, 1)
    costs = rotation_costs(problem, {("s", 2027): "a"})
    assert list(costs) == [r.name for r in SOFT_RULES if not r.needs_lookahead]
