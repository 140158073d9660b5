"""A plan the base rota settles is made without a solve, and is the plan the solver makes.

`base_plan` claims the base rota is then the unique optimum of every level,
tie-break included; these tests hold it to that against `solve_rotation`
(hosts, look-ahead hosts, costs, status, wish outcomes), and the places
taken from the ranking against the CP-SAT allocation.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rotation_helpers import OPTIONS, blackout, network, networks, row, series, wish

from novu_planner.checks.rotation import check_rotation, rotation_costs
from novu_planner.network.loader import load_network, parse_network
from novu_planner.network.model import Quota
from novu_planner.plans.model import Edition, Status
from novu_planner.rotation.problem import RotationProblem, build_problem
from novu_planner.solver.base_plan import base_plan
from novu_planner.solver.config import Budget, SolverConfig
from novu_planner.solver.quotas import allocate
from novu_planner.solver.rotation import solve_rotation


def problem_of(text: str, years: int = 8, first: int = 2027) -> RotationProblem:
    return build_problem(parse_network(text.encode("utf-8"), "t.toml"), first, years)


def assert_same_as_the_solver(problem: RotationProblem) -> None:
    shortcut = base_plan(problem)
    assert shortcut is not None
    solved = solve_rotation(problem, OPTIONS)
    assert solved.status == shortcut.status == "optimal"
    assert shortcut.hosts == solved.hosts
    assert shortcut.lookahead == solved.lookahead
    assert shortcut.costs == solved.costs
    assert shortcut.wishes == solved.wishes
    assert check_rotation(problem, shortcut.hosts) == []
    assert rotation_costs(problem, shortcut.hosts, shortcut.lookahead) == shortcut.costs


TWO_SERIES = (
    series(first_year=2020, order=list("abcd")),
    series("t", first_year=2020, order=list("bcda"), distinct_from=["s"]),
)


def test_the_bundled_network_is_its_base_rota():
    assert_same_as_the_solver(build_problem(load_network(), 2027, 10))


def test_two_series_apart_and_a_wish_the_rota_grants():
    # b hosts s in 2028 by the rota (a, b, c, d from 2020: 2028 is b's).
    assert_same_as_the_solver(problem_of(network(*TWO_SERIES, wish("b", 2028, 3))))


def test_a_series_every_second_year_and_history():
    text = network(
        series(first_year=2021, every=2, order=list("abc")),
        row(2023, "a"),
        row(2025, "b"),
        cities="abc",
    )
    assert_same_as_the_solver(problem_of(text, years=9))


@pytest.mark.parametrize(
    "extra",
    [
        blackout("b", 2028),  # the base host of s 2028 is blacked out
        blackout("d", 2038),  # only a look-ahead edition is blacked out
        wish("c", 2028),  # a wish the rota does not grant must be priced
        row(2028, "c", "fixed"),  # a fixed row gives another host
    ],
)
def test_the_solver_decides_when_the_rota_breaks_a_rule_or_refuses_a_wish(extra):
    problem = problem_of(network(*TWO_SERIES, extra))
    assert base_plan(problem) is None


def test_a_member_that_leaves_sends_the_plan_to_the_solver():
    text = network(*TWO_SERIES, city_extra={"c": "left = 2029"})
    assert base_plan(problem_of(text)) is None


# About one random network in four is settled by its rota.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_whenever_the_rota_settles_a_random_network_the_solver_agrees(case):
    text, years = case
    problem = problem_of(text, years)
    if base_plan(problem) is not None:
        assert_same_as_the_solver(problem)


def test_planning_the_bundled_network_loads_no_or_tools(tmp_path):
    code = (
        "import sys, novu_planner as n\n"
        f"n.plan(n.load_network(), first=2027).write({str(tmp_path / 'out')!r})\n"
        "assert 'ortools' not in sys.modules, 'OR-Tools was loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


CONFIG = SolverConfig(time_limit=10.0, seed=0, workers=1)


@st.composite
def allocations(draw):
    n = draw(st.integers(1, 6))
    minimum = draw(st.integers(0, 5))
    host_extra = draw(st.integers(0, 3))
    most = draw(st.none() | st.integers(minimum, minimum + 8))
    quota = Quota(
        capacity=draw(st.integers(n * minimum + host_extra, n * minimum + host_extra + 60)),
        method=draw(st.sampled_from(["equal", "population"])),
        min=minimum,
        max=most,
        host_extra=host_extra,
    )
    cities = "abcdef"[:n]
    populations = {c: draw(st.integers(1, 2_000_000)) for c in cities}
    editions = []
    for i in range(draw(st.integers(1, 6))):
        host = draw(st.sampled_from(cities))
        taking = draw(st.lists(st.sampled_from(cities), min_size=1, max_size=n, unique=True))
        editions.append(
            (
                Edition("s", 2027 + i, Status.PLANNED, host, host),
                tuple((c, "host" if c == host else "member", populations[c]) for c in taking),
            )
        )
    return quota, editions


@settings(max_examples=60, deadline=None)
@given(allocations())
def test_places_from_the_ranking_are_the_cp_sat_places(case):
    quota, editions = case
    by_solver = allocate(quota, editions, CONFIG, Budget(CONFIG.time_limit))
    by_ranking = allocate(quota, editions, CONFIG, Budget(CONFIG.time_limit), solver=False)
    assert by_ranking == by_solver
