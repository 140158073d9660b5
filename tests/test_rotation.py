"""The host rotation on networks small enough to prove the optimum by hand.

Unless a test says otherwise: members a, b, c, d in that order, a held the
2026 edition, and 2027-2034 are planned, so the base rota is
b c d a b c d a (planned) and b c d a (the four look-ahead editions).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ortools.sat.python import cp_model
from rotation_helpers import OPTIONS, blackout, costs, hosts_of, network, row, series, solve, wish

import novu_planner.solver.rotation as rotation
from novu_planner.network.loader import parse_network
from novu_planner.rotation.problem import build_problem
from novu_planner.rotation.rota import base_rota
from novu_planner.rules.wishes import wish_options
from novu_planner.solver.config import Budget
from novu_planner.solver.rotation_model import RotationModel

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from bench_rotation import generate  # noqa: E402

BASE = series(first_year=2020, order=["a", "b", "c", "d"])
HISTORY = row(2026, "a")


def test_base_rota_costs_nothing():
    result = solve(network(BASE, HISTORY))
    assert result.status == "optimal"
    assert result.costs == costs()
    assert hosts_of(result) == list("bcdabcda")


def test_one_year_blackout_swaps_with_the_next_host():
    # c cannot host 2028. Swapping with d (2029) moves two turns by one:
    # disruption 1 + 1 = 2, settledness (8 - 1) + (8 - 2) = 13. Swapping
    # with b (2027) has the same disruption but settles later: 8 + 7 = 15.
    # The run 2029-2032 (c a b c) then misses d: fairness 1.
    result = solve(network(BASE, HISTORY, blackout("c", 2028, reason="renovation")))
    assert result.status == "optimal"
    assert result.costs == costs(disruption=2, settledness=13, fairness=1)
    assert hosts_of(result) == list("bdcabcda"), "back to the base order after the swap"


def test_cancelled_edition_under_editions_rota_resumes_the_order():
    # The 2026 edition was cancelled: under "editions" it used no turn, so
    # b, whose turn it was, hosts 2027.
    text = network(BASE, row(2025, "a"), row(2026, "b", "cancelled"))
    result = solve(text, years=4)
    assert result.status == "optimal"
    assert result.costs == costs()
    assert hosts_of(result) == list("bcda")


def test_cancelled_edition_under_years_rota_uses_up_the_turn():
    # Under "years" b's turn went with the cancelled 2026, so c hosts 2027.
    # The run 2025 2027 2028 2029 (a c d a) misses b: fairness 1, which no
    # plan avoids without moving a turn.
    text = network(
        series(first_year=2020, order=["a", "b", "c", "d"], rota="years"),
        row(2025, "a"),
        row(2026, "b", "cancelled"),
    )
    result = solve(text, years=4)
    assert result.status == "optimal"
    assert result.costs == costs(fairness=1)
    assert hosts_of(result) == list("cdab")


def test_order_and_anchor_are_inferred_from_history():
    # The latest run of distinct hosts is c a d b: that is the order, and
    # 2025 b is the anchor. 2026 is assumed to be c's.
    text = network(series(), row(2022, "c"), row(2023, "a"), row(2024, "d"), row(2025, "b"))
    net = parse_network(text.encode(), "t.toml")
    rota = base_rota(net, net.series[0], 2027)
    assert rota.order == ("c", "a", "d", "b") and rota.order_source == "inferred"
    assert (rota.anchor.year, rota.anchor.host) == (2025, "b")
    result = solve(text, years=4)
    assert result.status == "optimal"
    assert result.costs == costs()
    assert hosts_of(result) == list("adbc")


def test_member_joining_and_member_leaving():
    # e joins 2029 and d leaves after 2030: base b c d e a b c e. The runs
    # ending 2031 (c d e a) and 2032 (d e a b) miss b and c, who take part
    # throughout: fairness 2, which only moving turns could change.
    text = network(
        series(first_year=2020, order=["a", "b", "c", "d", "e"]),
        HISTORY,
        cities="abcde",
        city_extra={"e": "joined = 2029", "d": "left = 2030"},
    )
    result = solve(text)
    assert result.status == "optimal"
    assert result.costs == costs(fairness=2)
    assert hosts_of(result) == list("bcdeabce")


def test_distinct_from_keeps_the_series_apart():
    # Both series want b in 2027 and a in 2028, and in every year after, so
    # one of them runs a step out of phase for good: in the two planned and
    # the two look-ahead editions each of its four turns moves by one,
    # disruption 4, settledness 2 + 1. Moving s instead also breaks the run
    # 2026-2027 (a a): fairness 1. So t gives way.
    text = network(
        series(first_year=2020, order=["a", "b"]),
        row(2026, "a"),
        series("t", first_year=2027, order=["b", "a"], distinct_from=["s"]),
        cities="ab",
    )
    result = solve(text, years=2)
    assert result.status == "optimal"
    assert result.costs == costs(disruption=4, settledness=3)
    assert hosts_of(result, "s") == ["b", "a"] and hosts_of(result, "t") == ["a", "b"]


def test_wish_granted_when_free_and_refused_with_its_cost():
    # b's wish for 2031 is its own turn: granted. c's wish for 2027 would
    # swap c and b: disruption 2, so it is refused (weight 5) and reported.
    text = network(BASE, HISTORY, wish("b", 2031, 3), wish("c", 2027, 5, reason="jubilee"))
    result = solve(text)
    assert result.status == "optimal"
    assert result.costs == costs(wishes=5)
    granted = {w.wish_index: w for w in result.wishes}
    assert granted[0].granted and not granted[1].granted
    assert granted[1].disruption_if_granted == 2


@pytest.mark.parametrize("first_bound", [16, 1])
def test_refused_wishes_are_priced_as_a_model_forcing_each_would_price_them(monkeypatch, first_bound):
    # Several refused wishes, and one the hard rules forbid (c is blacked
    # out in 2030): each price is the least disruption of the unbounded
    # model in which that wish alone is forced. With a first bound of 1 the
    # prices (2 and 6) lie past the first rungs, so the widening is at work.
    monkeypatch.setattr(rotation, "FIRST_BOUND", first_bound)
    wishes = [wish("d", 2027, 5), wish("a", 2028, 5), wish("b", 2034, 5), wish("c", 2030, 5)]
    text = network(BASE, HISTORY, blackout("c", 2030), *wishes)
    result = solve(text)
    assert result.status == "optimal"
    outcomes = {w.wish_index: w for w in result.wishes}
    problem = build_problem(parse_network(text.encode(), "t.toml"), 2027, 8)
    for index in (0, 1, 2):
        assert not outcomes[index].granted and outcomes[index].priced
        assert outcomes[index].disruption_if_granted == least_disruption_granting(problem, index)
    assert outcomes[3].priced and outcomes[3].disruption_if_granted is None  # no plan can grant it


def least_disruption_granting(problem, index):
    m = RotationModel(problem)
    m.model.add_bool_or(wish_options(m, problem.network.wishes[index]))
    m.model.minimize(m.costs["disruption"])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(m.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def test_a_wish_whose_pricing_runs_out_of_work_is_not_priced(monkeypatch):
    # Pricing has a fixed amount of deterministic work, whatever the clock:
    # with none, the wish is reported as not priced, never as impossible.
    monkeypatch.setattr(rotation, "PRICING_WORK", 0.0)
    result = solve(network(BASE, HISTORY, wish("c", 2027, 5)))
    (outcome,) = result.wishes
    assert not outcome.granted and not outcome.priced and outcome.disruption_if_granted is None


def test_blackout_in_the_last_planned_year_pushes_into_the_look_ahead():
    # a cannot host 2034, the last planned year. Swapping with b's look-ahead
    # 2035 costs disruption 2 and settledness 1 (only 2034 departs); swapping
    # with d in 2033 would settle worse (2 + 1). The run 2031-2034 (b c d b)
    # misses a: fairness 1.
    result = solve(network(BASE, HISTORY, blackout("a", 2034)))
    assert result.status == "optimal"
    assert result.costs == costs(disruption=2, settledness=1, fairness=1)
    assert hosts_of(result) == list("bcdabcdb")
    assert result.lookahead["s", 2035] == "a"


def test_previous_plan_keeps_published_hosts():
    # The published plan swapped c and b in 2027-28; the base rota would not.
    # With it as the reference, keeping it costs no disruption; the run
    # 2028-2031 (b d a b) misses c, as the published plan already did.
    published = {("s", 2027): "c", ("s", 2028): "b"}
    result = solve(network(BASE, HISTORY), previous=published)
    assert result.status == "optimal"
    assert result.costs == costs(fairness=1)
    assert hosts_of(result)[:2] == ["c", "b"]
    assert hosts_of(solve(network(BASE, HISTORY)))[:2] == ["b", "c"]


def test_a_blackout_past_the_horizon_counts_the_same_whatever_the_years():
    # a cannot host 2030 or 2031. Whether 2030 is planned or look-ahead, a's
    # turn is pushed past both years, so the first four years come out alike.
    text = network(BASE, HISTORY, blackout("a", 2030, 2031))
    four, five = solve(text, years=4), solve(text, years=5)
    assert four.status == five.status == "optimal"
    assert hosts_of(four) == hosts_of(five)[:4]
    assert four.lookahead[("s", 2031)] != "a"


def test_a_cancelled_edition_past_the_horizon_holds_no_turn():
    # 2031 is already called off: the look-ahead does not give it a host, so
    # keeping the base rota costs nothing.
    result = solve(network(BASE, HISTORY, row(2031, "b", "cancelled")), years=4)
    assert result.status == "optimal" and result.costs == costs()
    assert ("s", 2031) not in result.lookahead


def test_a_published_host_who_has_left_is_not_kept_as_the_base():
    # The published plan gave d 2033, but d leaves after 2028. Its turn there
    # is not a base to disturb: the plan only refills what d cannot hold.
    text = network(BASE, HISTORY, city_extra={"d": "left = 2028"})
    published = {("s", y): h for y, h in zip(range(2027, 2035), "bdcabcda", strict=True)}
    result = solve(text, previous=published)
    assert result.status == "optimal"
    assert hosts_of(result)[:6] == list("bdcabc")


def test_a_swap_names_its_cause_whichever_half_it_lies_on():
    from novu_planner.planning.notes import departure_notes
    from novu_planner.rotation.problem import build_problem

    # history[1] fixes c for 2029, d's base year: c and d swap 2028-29, and
    # the note says why although the cause is on the later half.
    text = network(BASE, HISTORY, row(2029, "c", "fixed"))
    result = solve(text)
    problem = build_problem(parse_network(text.encode(), "t.toml"), 2027, 8)
    notes = departure_notes(problem, result.hosts)
    assert "history[1]" in notes[("s", 2028)] and notes[("s", 2028)] == notes[("s", 2029)]


def test_a_swap_is_told_with_its_nearest_other_half():
    # Two series kept apart with the same order collide every year; each swap
    # is told as the pair of neighbouring years it really is, not with a partner
    # ten years away.
    text = network(
        series("youth", first_year=2027),
        series("board", first_year=2027, distinct_from=["youth"]),
    )
    from rotation_helpers import OPTIONS

    from novu_planner.planning.notes import departure_notes
    from novu_planner.rotation.problem import build_problem
    from novu_planner.solver.rotation import solve_rotation

    net = parse_network(text.encode("utf-8"), "t.toml")
    problem = build_problem(net, 2027, 10)
    result = solve_rotation(problem, OPTIONS)
    notes = departure_notes(problem, result.hosts)
    spans = {note.split(" swap ")[1].split(":")[0] for note in notes.values() if " swap " in note}
    assert spans and all(int(s[-2:]) - int(s[2:4]) == 1 for s in spans), spans


@pytest.mark.parametrize("size", [(5, 10, 3), (12, 10, 1), (5, 25, 1)])
def test_the_weighted_levels_give_the_plan_of_one_solve_per_level(monkeypatch, size):
    # The weights are safe by construction, so the weighted solve's optima are
    # the strict-priority optima and the tie-break picks the same plan.
    problem = build_problem(parse_network(generate(*size).encode(), "b.toml"), 2027, size[1])
    results = []
    for weighted in (False, True):
        monkeypatch.setattr(rotation, "WEIGHTED_LEVELS", weighted)
        result = rotation.solve_rotation(problem, OPTIONS)
        assert result.status == "optimal"
        results.append((result.hosts, result.costs, result.wishes))
    assert results[0] == results[1]


def test_the_rotation_leaves_part_of_the_budget_to_the_days_and_places():
    assert rotation._own_share(Budget(10)).left <= 9.5
    assert rotation._own_share(Budget(1000)).left <= 995
