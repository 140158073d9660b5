"""An impossible network names entries that conflict, none of which can be left out."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rotation_helpers import blackout, network, row, series, solve

from novu_planner.cli import cli

BASE = series(first_year=2020, order=["a", "b", "c", "d"])


def fixed_and_the_only_member(drop: set[str]) -> str:
    """C is fixed for S 2029 and is the only member of T, which S must not share a host with.

    (A fixed row on its host's own blackout is found by the loader already.)
    """
    members = {} if 'series[1] "t" members' in drop else {"members": ["c"]}
    distinct = {} if "series[1] \"t\" distinct_from 's'" in drop else {"distinct_from": ["s"]}
    fixed = "" if "history[1]" in drop else row(2029, "c", "fixed")
    return network(BASE, series("t", first_year=2027, **members, **distinct), row(2026, "a"), fixed)


def everyone_away(drop: set[str]) -> str:
    parts = [blackout(c, 2030) for i, c in enumerate("abcd") if f"blackouts[{i}].years[0] = 2030" not in drop]
    return network(BASE, row(2026, "a"), *parts)


def members_left_and_blackout(drop: set[str]) -> str:
    members = {} if 'series[0] "s" members' in drop else {"members": ["a", "b"]}
    left = {} if 'cities[0] "a" left = 2028' in drop else {"a": "left = 2028"}
    away = "" if "blackouts[0].years[0] = 2029" in drop else blackout("b", 2029)
    return network(series(first_year=2020, **members), row(2026, "a"), away, city_extra=left)


CASES = [
    (fixed_and_the_only_member, {"history[1]", 'series[1] "t" members', "series[1] \"t\" distinct_from 's'"}),
    (everyone_away, {f"blackouts[{i}].years[0] = 2030" for i in range(4)}),
    (
        members_left_and_blackout,
        {'series[0] "s" members', 'cities[0] "a" left = 2028', "blackouts[0].years[0] = 2029"},
    ),
]


@pytest.mark.parametrize(("build", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_conflict_is_named_and_irreducible(build, expected):
    result = solve(build(set()), years=4)
    assert result.status == "infeasible"
    assert set(result.conflict) == expected
    for entry in result.conflict:
        assert solve(build({entry}), years=4).ok, f"without {entry} a plan exists"


# -- conflicts between the user's own entries, found by `validate` without a solver ----------


def _validate(tmp_path, text: str, *args: str):
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["validate", str(path), *args]), text.split("\n")


def _line_of(lines: list[str], header: str, nth: int) -> int:
    return [i for i, line in enumerate(lines, start=1) if line == header][nth]


@pytest.mark.parametrize("status", ["fixed", "held"])
def test_validate_finds_a_row_on_its_hosts_own_blackout(tmp_path, status):
    text = network(
        BASE, row(2026, "a"), row(2028, "c", status), blackout("c", 2028, reason="new culture house")
    )
    result, lines = _validate(tmp_path, text)
    assert result.exit_code == 2, result.output
    # The problem points at the row's `host` key, three lines below its header.
    row_line, blackout_line = _line_of(lines, "[[history]]", 1) + 3, _line_of(lines, "[[blackouts]]", 0)
    assert f"net.toml:{row_line}: history[1]: host: C hosts S 2028 ({status}), " in result.output
    assert f"line {blackout_line}, blackouts[0]: C cannot host 2028 (new culture house)" in result.output


def test_validate_finds_two_fixed_rows_against_distinct_from(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.argv", ["novu-planner", "--json"])  # how the CLI sees --json on failure
    text = network(
        series(first_year=2020, order=["a", "b", "c"]),
        series("t", first_year=2027, order=["a", "b", "c"], distinct_from=["s"]),
        row(2026, "a"),
        row(2028, "a", "fixed"),
        row(2028, "a", "fixed", sid="t"),
        cities="abc",
    )
    result, lines = _validate(tmp_path, text, "--json")
    assert result.exit_code == 2, result.output
    (problem,) = json.loads(result.output)["problems"]
    assert (problem["entry"], problem["line"]) == ("history[2]", _line_of(lines, "[[history]]", 2) + 3)
    assert (
        f"line {_line_of(lines, '[[history]]', 1)}, history[1]: A hosts S 2028 (fixed)" in problem["message"]
    )
    assert f'line {_line_of(lines, "[[series]]", 1)}, series[1] "t"' in problem["message"]


def test_held_rows_are_facts_that_a_later_distinct_from_does_not_undo(tmp_path):
    text = network(
        series(first_year=2020, order=["a", "b", "c"]),
        series("t", first_year=2020, order=["a", "b", "c"], distinct_from=["s"]),
        row(2024, "a"),
        row(2024, "a", sid="t"),
        cities="abc",
    )
    result, _ = _validate(tmp_path, text, "--from", "2027")
    assert result.exit_code == 0, result.output


def test_a_conflict_found_by_the_solver_names_line_town_year_and_reason(tmp_path, monkeypatch):
    text = network(BASE, row(2026, "a"), *[blackout(c, 2030, reason=f"away {c}") for c in "abcd"])
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    args = ["plan", str(path), "--from", "2027", "--years", "5", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, [*args, "--time-limit", "20"])
    assert result.exit_code == 1, result.output
    lines = text.split("\n")
    for i, c in enumerate("abcd"):
        at = _line_of(lines, "[[blackouts]]", i)
        assert f"line {at}, blackouts[{i}]: {c.upper()} cannot host 2030 (away {c})" in result.output
    monkeypatch.setattr("sys.argv", ["novu-planner", "--json"])  # how the CLI sees --json on failure
    as_json = json.loads(CliRunner().invoke(cli, [*args, "--time-limit", "20", "--json"]).output)
    assert as_json["ok"] is False
    first = as_json["conflict"][0]
    assert first["entry"] == "blackouts[0].years[0] = 2030"
    assert first["line"] == _line_of(lines, "[[blackouts]]", 0)
    assert first["text"].startswith(f"line {first['line']}, blackouts[0]: A cannot host 2030")
