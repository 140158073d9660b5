"""Places per delegation: the equal split, Sainte-Laguë, host_extra, guests.

The unit tests call the CP-SAT allocation directly on inputs whose answer
is worked out by hand in the comments; the end-to-end ones plan a network
and let the validator recheck every share.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from schedule_helpers import network_text, plan, planned, shares, table, town

from novu_planner.cli import cli
from novu_planner.errors import TimeLimitError
from novu_planner.network.model import Quota
from novu_planner.plans.model import Edition, Status
from novu_planner.solver.config import Budget, SolverConfig
from novu_planner.solver.quotas import allocate

CONFIG = SolverConfig(time_limit=10.0, seed=0, workers=1)


def solve(quota, editions, config=CONFIG):
    return allocate(quota, editions, config, Budget(config.time_limit))


def editions(years: int, cities: str = "abc", host: str | None = None, populations=None):
    populations = populations or {}
    return [
        (
            Edition("s", 2027 + i, Status.PLANNED, host, host),
            tuple((c, "host" if c == host else "member", populations.get(c)) for c in cities),
        )
        for i in range(years)
    ]


def youth(result) -> list[list[int]]:
    return [[s.youth for s in row] for row in result]


def test_equal_remainder_goes_round_the_delegations():
    # 10 places for 3 delegations: 3 each and one extra, which goes to whoever
    # has had the fewest extras so far, ties in rota order.
    result = solve(Quota(capacity=10), editions(4))
    assert youth(result) == [[4, 3, 3], [3, 4, 3], [3, 3, 4], [4, 3, 3]]


@pytest.mark.parametrize("capacity", [10, 11, 13, 17, 19, 23])
@pytest.mark.parametrize("cities", ["abc", "abcd", "abcdefg"])
def test_equal_extras_over_the_plan_never_differ_by_two(capacity, cities):
    result = solve(Quota(capacity=capacity), editions(9, cities))
    even = capacity // len(cities)
    for row in youth(result):
        assert sum(row) == capacity and max(row) - min(row) <= 1
    extras = [sum(row[i] - even for row in youth(result)) for i in range(len(cities))]
    assert max(extras) - min(extras) <= 1


def test_max_caps_what_is_handed_out():
    # 3 x max 5 = 15 < capacity 40: 15 places go out, none are invented.
    result = solve(Quota(capacity=40, max=5), editions(1))
    assert youth(result) == [[5, 5, 5]]


def test_host_extra_comes_on_top_of_the_hosts_share():
    # min(20, 3 x 5 + 2) = 17 places: 5 each, and the host's 2 extra.
    quota = Quota(capacity=20, max=5, host_extra=2, leaders_per=4, officials=(1, 3))
    result = solve(quota, editions(1, host="b"))
    assert [(s.city_id, s.role, s.youth, s.leaders, s.officials) for s in result[0]] == [
        ("a", "member", 5, 2, (1, 3)),
        ("b", "host", 7, 2, (1, 3)),
        ("c", "member", 5, 2, (1, 3)),
    ]


def test_sainte_lague_on_a_worked_example():
    # 53 000 / 24 000 / 23 000 and 7 places. Quotients p/1, p/3, p/5, ...:
    # a 53000 17667 10600 7571; b 24000 8000; c 23000 7667.
    # The seven highest: a a a, b b, c c -> 3/2/2 (d'Hondt would give 4/2/1).
    pops = {"a": 53_000, "b": 24_000, "c": 23_000}
    result = solve(Quota(capacity=7, method="population"), editions(1, populations=pops))
    assert youth(result) == [[3, 2, 2]]


def test_sainte_lague_within_min_and_max():
    # 90 000 / 9 000 / 1 000 and 10 places. Unbounded: 9/1/0.
    # min 2 gives each 2 first; the next quotients are a 18000 12857 10000,
    # b 1800, c 200; a stops at max 5 after three, so the last place is b's: 5/3/2.
    pops = {"a": 90_000, "b": 9_000, "c": 1_000}
    quota = Quota(capacity=10, method="population", min=2, max=5)
    result = solve(quota, editions(1, populations=pops))
    assert youth(result) == [[5, 3, 2]]


def test_sainte_lague_tie_goes_to_the_lower_running_total():
    # Equal towns, 3 places: the odd place ties; first to a (rota order), then to b.
    pops = {"a": 100, "b": 100}
    result = solve(Quota(capacity=3, method="population"), editions(2, "ab", populations=pops))
    assert youth(result) == [[2, 1], [1, 2]]


def _series_with_quota(sid: str, days: int, window: list[str], **quota) -> str:
    fields = {"id": sid, "name": sid.title(), "first_year": 2027, "duration_days": days, "window": window}
    return table("[[series]]", **fields) + table("[series.quota]", **quota)


def _guest_network(guest_fields: dict) -> str:
    return network_text(
        town("a"),
        town("b", "NO"),
        town("c", "FI"),
        town("g", "DK", guest=True, **guest_fields),
        _series_with_quota("camp", 5, ["07-01", "08-15"], capacity=40, max=12, host_extra=2, leaders_per=5),
        _series_with_quota("meeting", 2, ["05-01", "05-31"], capacity=9, max=3),
    )


def test_guests_attend_only_their_series_and_stop_after_leaving():
    data = plan(_guest_network({"joined": 2027, "left": 2029, "series": ["camp"]}))
    for e in planned(data, "camp"):
        roles = {d["city_id"]: d["role"] for d in e["delegations"]}
        assert ("g" in roles) == (e["year"] <= 2029)
        assert roles.get("g", "guest") == "guest" and list(roles.values()).count("host") == 1
        # 4 delegations x max 12 + 2 > 40: all 40 places go out while the guest comes.
        assert sum(shares(e).values()) == (40 if e["year"] <= 2029 else 3 * 12 + 2)
    for e in planned(data, "meeting"):
        assert "g" not in shares(e)


def test_a_guest_without_series_attends_every_series_with_a_quota():
    data = plan(_guest_network({"joined": 2028}))
    for sid in ("camp", "meeting"):
        for e in planned(data, sid):
            assert ("g" in shares(e)) == (e["year"] >= 2028)


def test_a_guest_in_the_order_before_it_joins_gets_its_extra_places_after_the_members():
    # c is listed in the order (it joins in 2032) but comes as a guest from
    # 2028: 39 places for 5 delegations are 7 each and 4 extra, which go to
    # the members b, a, e, d in rota order, the guest last (the validator
    # once ranked c by its place in the order and refused this plan).
    text = network_text(
        *(town(c) for c in "abde"),
        town("c", joined=2032, guest_from=2028),
        table(
            "[[series]]", id="s", name="S", first_year=2027, duration_days=3, order=["b", "a", "c", "e", "d"]
        ),
        table("[series.quota]", capacity=40, min=2, host_extra=1),
    )
    data = plan(text, first=2028, years=2)  # checked by the validator
    first = planned(data, "s")[0]
    assert first["host"] == "a"
    assert shares(first) == {"b": 8, "a": 9, "e": 8, "d": 8, "c": 7}


def test_impossible_quota_is_a_located_input_error(tmp_path):
    text = network_text(
        town("a"),
        town("b"),
        town("c"),
        table("[[series]]", id="s", name="S", first_year=2027, duration_days=3),
        table("[series.quota]", capacity=20, min=7, host_extra=2),
    )
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["plan", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert (
        "min 7 x 3 delegations = 21" in result.output and "capacity 20 - host_extra 2 = 18" in result.output
    )
    assert not (tmp_path / "out").exists()


def test_a_huge_capacity_without_max_stays_exact():
    # 100 000 places: only the places around the cut are modelled; the shares
    # still match a plain highest-averages count (the validator's).
    from novu_planner.checks.schedule import _sainte_lague

    pops = {"a": 1_000, "b": 3_000, "c": 7_001}
    result = solve(Quota(capacity=100_000, method="population"), editions(1, populations=pops))
    assert youth(result) == [_sainte_lague([1_000, 3_000, 7_001], 0, 100_000, 100_000, [0, 0, 0])]


def test_a_solve_cut_short_is_a_time_limit_not_a_crash():
    with pytest.raises(TimeLimitError, match="not settled"):
        solve(Quota(capacity=10), editions(1), SolverConfig(params=("max_deterministic_time=0",)))
