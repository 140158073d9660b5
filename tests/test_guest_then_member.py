"""A town that comes as a guest first and joins as a member later (guest_from, joined)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from schedule_helpers import network_text, plan, planned, table, town

from novu_planner.cli import cli
from novu_planner.errors import NetworkError
from novu_planner.network.loader import parse_network


def _network(**sixth) -> str:
    towns = [town(t) for t in ("a", "b", "c", "d", "e")] + [town("f", **sixth)]
    camp = table(
        "[[series]]",
        id="camp",
        name="Camp",
        first_year=2026,
        duration_days=3,
        order=["a", "b", "c", "d", "e", "f"],
    )
    quota = table("[series.quota]", capacity=36, max=8)
    history = table("[[history]]", series="camp", year=2026, host="e")
    return network_text(*towns, camp, quota, history)


def test_a_guest_first_gets_places_and_hosts_only_once_a_member():
    data = plan(_network(joined=2031, guest_from=2028), first=2027, years=8)
    by_year = {e["year"]: e for e in data["editions"] if e["status"] == "planned"}
    roles = {y: {d["city_id"]: d["role"] for d in e["delegations"]} for y, e in by_year.items()}
    assert "f" not in roles[2027]
    assert all(roles[y]["f"] == "guest" for y in (2028, 2029, 2030))
    assert all(roles[y]["f"] in ("member", "host") for y in range(2031, 2035))
    hosts = [by_year[y]["host"] for y in sorted(by_year)]
    assert "f" not in hosts[:4] and "f" in hosts[4:]
    # In a guest year six delegations share the 36 places, six each.
    assert [d["youth"] for d in by_year[2029]["delegations"]] == [6] * 6


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"guest_from": 2028}, "expected a year before `joined`"),
        ({"joined": 2028, "guest_from": 2030}, "expected a year before `joined`"),
        ({"joined": 2028, "guest": True, "guest_from": 2027}, "is for a town that will join"),
    ],
)
def test_guest_from_needs_a_later_joined(fields, message):
    with pytest.raises(NetworkError, match=message):
        parse_network(_network(**fields).encode(), "t.toml")


def test_quota_min_counts_a_guest_then_member_once():
    """Three towns, one a guest before it joins: never more than three delegations, so min 10
    of 30 places fits (the file check counted the town twice, as a member and as a guest)."""
    towns = [town("a"), town("b"), town("c", joined=2029, guest_from=2027)]
    camp = table("[[series]]", id="camp", name="Camp", first_year=2027, duration_days=2)
    quota = table("[series.quota]", capacity=30, min=10)
    data = plan(network_text(*towns, camp, quota), first=2027, years=4)
    youth = [[d["youth"] for d in e["delegations"]] for e in planned(data, "camp")]
    assert youth == [[10, 10, 10]] * 4


def test_a_missing_population_is_reported_once():
    towns = [town("a", population=9), town("b", population=9), town("c", joined=2029, guest_from=2027)]
    camp = table("[[series]]", id="camp", name="Camp", first_year=2027, duration_days=2)
    quota = table("[series.quota]", capacity=30, method="population")
    with pytest.raises(NetworkError) as caught:
        parse_network(network_text(*towns, camp, quota).encode(), "t.toml")
    assert [(p.entry, p.field) for p in caught.value.problems] == [('cities[2] "c"', "population")]


def test_a_guest_first_town_without_population_is_reported_once():
    """It is a member and a guest of the series: one town, one problem."""
    text = _network(joined=2031, guest_from=2028).replace(
        "capacity = 36", 'capacity = 36\nmethod = "population"'
    )
    text = text.replace('id = "a"', 'id = "a"\npopulation = 100').replace(
        'id = "b"', 'id = "b"\npopulation = 100'
    )
    for cid in "cde":
        text = text.replace(f'id = "{cid}"', f'id = "{cid}"\npopulation = 100')
    with pytest.raises(NetworkError) as caught:
        parse_network(text.encode(), "t.toml")
    assert [(p.entry, p.field) for p in caught.value.problems] == [('cities[5] "f"', "population")]
    assert str(caught.value).startswith("1 problem found:")


def test_a_guest_first_town_is_one_delegation_in_the_quota_min():
    """Six delegations at most (a-f), not seven: 6 x 6 = 36 places fit."""
    text = _network(joined=2031, guest_from=2028).replace("max = 8", "max = 8\nmin = 6")
    assert parse_network(text.encode(), "t.toml").get_series("camp").quota.min == 6
    with pytest.raises(NetworkError, match=r"quota min 7 x 6 delegations = 42 places"):
        parse_network(text.replace("min = 6", "min = 7").encode(), "t.toml")


@pytest.mark.parametrize("series", ['series = "camp"\n', ""])
def test_a_wish_for_a_guest_year_is_refused(series):
    """No plan can grant it: validate says so, located, rather than plan pricing it."""
    wish = f'\n[[wishes]]\ncity = "f"\nyear = 2029\n{series}'
    with pytest.raises(NetworkError) as caught:
        parse_network((_network(joined=2031, guest_from=2028) + wish).encode(), "t.toml")
    (problem,) = caught.value.problems
    assert (problem.entry, problem.field) == ("wishes[0]", "year")
    assert problem.message.startswith("F wishes to host ")
    assert "comes as a guest 2028–2030 (guest_from = 2028) and hosts only from 2031 (joined = 2031)" in (
        problem.message
    )
    assert problem.message.endswith("expected a year in which F can host: 2031 or later")
    # A member year is fine.
    parse_network((_network(joined=2031, guest_from=2028) + wish.replace("2029", "2031")).encode(), "t.toml")


def test_a_blackout_in_a_guest_year_is_a_warning(tmp_path):
    """Harmless (the town cannot host that year anyway), but pointless: validate warns, naming the years."""
    path = tmp_path / "t.toml"
    blackout = '\n[[blackouts]]\ncity = "f"\nyears = [2029, 2030, 2032]\n'
    path.write_text(_network(joined=2031, guest_from=2028) + blackout, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path), "--from", "2027", "--json"])
    assert result.exit_code == 0, result.output
    (warning,) = [w for w in json.loads(result.output)["warnings"] if "blackouts[" in w]
    assert warning.startswith(f"{path}:")
    assert ": blackouts[0]: years: F cannot host 2029, 2030 anyway: line " in warning
    assert warning.endswith("the blackout changes nothing there")


def test_validate_counts_the_towns_that_come_as_a_guest_first(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(_network(joined=2031, guest_from=2028), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path), "--from", "2027"])
    assert result.exit_code == 0, result.output
    assert "  6 cities (0 guests, 1 guest before joining), 1 series" in result.output
    facts = json.loads(CliRunner().invoke(cli, ["validate", str(path), "--from", "2027", "--json"]).output)
    assert (facts["guests"], facts["guests_first"]) == (0, 1)
