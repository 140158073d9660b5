"""An impossible network names entries that conflict, none of which can be left out."""

from __future__ import annotations

import pytest
from rotation_helpers import blackout, network, row, series, solve

BASE = series(first_year=2020, order=["a", "b", "c", "d"])


def fixed_on_blackout(drop: set[str]) -> str:
    years = [2028] + ([] if "blackouts[0].years[1] = 2029" in drop else [2029])
    fixed = "" if "history[1]" in drop else row(2029, "c", "fixed")
    return network(BASE, row(2026, "a"), fixed, blackout("c", *years))


def everyone_away(drop: set[str]) -> str:
    parts = [blackout(c, 2030) for i, c in enumerate("abcd") if f"blackouts[{i}].years[0] = 2030" not in drop]
    return network(BASE, row(2026, "a"), *parts)


def members_left_and_blackout(drop: set[str]) -> str:
    members = {} if 'series[0] "s" members' in drop else {"members": ["a", "b"]}
    left = {} if 'cities[0] "a" left = 2028' in drop else {"a": "left = 2028"}
    away = "" if "blackouts[0].years[0] = 2029" in drop else blackout("b", 2029)
    return network(series(first_year=2020, **members), row(2026, "a"), away, city_extra=left)


def distinct_and_fixed(drop: set[str]) -> str:
    distinct = {} if "series[1] \"t\" distinct_from 's'" in drop else {"distinct_from": ["s"]}
    return network(
        series(first_year=2020, order=["a", "b", "c"]),
        series("t", first_year=2027, order=["a", "b", "c"], **distinct),
        row(2026, "a"),
        "" if "history[1]" in drop else row(2028, "a", "fixed"),
        "" if "history[2]" in drop else row(2028, "a", "fixed", sid="t"),
        cities="abc",
    )


CASES = [
    (fixed_on_blackout, {"history[1]", "blackouts[0].years[1] = 2029"}),
    (everyone_away, {f"blackouts[{i}].years[0] = 2030" for i in range(4)}),
    (
        members_left_and_blackout,
        {'series[0] "s" members', 'cities[0] "a" left = 2028', "blackouts[0].years[0] = 2029"},
    ),
    (distinct_and_fixed, {"history[1]", "history[2]", "series[1] \"t\" distinct_from 's'"}),
]


@pytest.mark.parametrize(("build", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_conflict_is_named_and_irreducible(build, expected):
    result = solve(build(set()), years=4)
    assert result.status == "infeasible"
    assert set(result.conflict) == expected
    for entry in result.conflict:
        assert solve(build({entry}), years=4).ok, f"without {entry} a plan exists"
