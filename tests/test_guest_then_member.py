"""A town that comes as a guest first and joins as a member later (guest_from, joined)."""

from __future__ import annotations

import pytest
from schedule_helpers import network_text, plan, planned, table, town

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
