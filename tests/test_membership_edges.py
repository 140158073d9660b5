"""Networks whose members are not all there from the start: never an internal error."""

from __future__ import annotations

from click.testing import CliRunner
from schedule_helpers import network_text, plan, table, town

from novu_planner.cli import cli


def _late_members(joined: int, cities: str = "abc") -> str:
    series = table("[[series]]", id="s", name="S", first_year=2025, duration_days=3)
    return network_text(*(town(c, joined=joined) for c in cities), series)


def test_editions_before_any_member_joins_are_not_assumed(tmp_path, monkeypatch):
    path = tmp_path / "late.toml"
    path.write_text(_late_members(2027), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # plans from 2027
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "None" not in result.output
    assert "no edition in 2025, 2026: no member takes part yet" in result.output
    assert "counted from 2027 a" in result.output


def test_a_network_whose_members_join_late_plans_from_when_they_join():
    data = plan(_late_members(2027), first=2027, years=3)
    hosts = [(e["year"], e["host"]) for e in data["editions"]]
    assert hosts == [(2027, "a"), (2028, "b"), (2029, "c")]


def test_the_only_member_joining_after_the_plan_is_a_conflict_naming_it(tmp_path):
    path = tmp_path / "one.toml"
    path.write_text(_late_members(2035, cities="a"), encoding="utf-8")
    args = ["plan", str(path), "--from", "2026", "--years", "1", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert 'cities[0] "a": A takes part only from 2035 (joined = 2035)' in result.output
    assert not (tmp_path / "out").exists()
