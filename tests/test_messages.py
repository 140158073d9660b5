"""Small things a new user meets: date typos, a name for an id, --json, --from in the past."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from novu_planner.cli import cli
from novu_planner.errors import NetworkError
from novu_planner.network.loader import bundled_network_path, parse_network

NOVU = bundled_network_path().read_text(encoding="utf-8")
EPOCH = "1764547200"  # 2025-12-01: plans from 2026


@pytest.mark.parametrize(("written", "column"), [("2024-8-5", 13), ("05.08.2024", 10), ("2024-08-32", 13)])
def test_a_date_typo_keeps_the_column_and_shows_how_dates_are_written(written, column):
    text = f'format = 1\n[network]\nid = "x"\nname = "X"\n[[history]]\nstart = {written}\n'
    with pytest.raises(NetworkError) as error:
        parse_network(text.encode(), "d.toml")
    (problem,) = error.value.problems
    assert problem.line == 6
    assert problem.message.startswith(f"TOML syntax error at column {column}: ")
    assert f"{written!r} looks like a date" in problem.message
    assert "2024-08-05" in problem.message


def test_a_syntax_error_away_from_dates_gets_no_date_hint():
    with pytest.raises(NetworkError) as error:
        parse_network(b'format = 1\nstart = 2024-08-05\nname = "x', "d.toml")
    assert "looks like a date" not in error.value.problems[0].message


@pytest.mark.parametrize(
    ("written", "meant"), [("Lahti", "lahti"), ("Västerås", "vasteras"), ("ÅLESUND", "alesund")]
)
def test_a_city_named_by_its_name_or_in_capitals_suggests_the_id(written, meant):
    text = NOVU.replace('host = "lahti"', f'host = "{written}"', 1)
    with pytest.raises(NetworkError) as error:
        parse_network(text.encode(), "n.toml")
    (problem,) = error.value.problems
    assert problem.field == "host"
    assert problem.message.endswith(f"the city's id is {meant!r}")


def _runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return CliRunner()


def test_every_json_success_says_ok(tmp_path, monkeypatch):
    runner = _runner(tmp_path, monkeypatch)
    validated = json.loads(runner.invoke(cli, ["validate", "--json"]).output)
    assert validated["ok"] is True and validated["valid"] is True
    planned = runner.invoke(cli, ["plan", "--years", "2", "--time-limit", "20", "--json"])
    assert json.loads(planned.output)["ok"] is True
    assert json.loads(runner.invoke(cli, ["show", "novu-plan", "--json"]).output)["ok"] is True
    checked = runner.invoke(cli, ["check", "novu-plan", "--json"])
    assert checked.exit_code == 0
    assert json.loads(checked.output) == {
        "ok": True,
        "exit_code": 0,
        "plan": "novu-plan",
        "network": "novu",
        "network_changed": False,
        "violations": [],
    }


def test_check_json_lists_violations_and_exits_1(tmp_path, monkeypatch):
    runner = _runner(tmp_path, monkeypatch)
    assert runner.invoke(cli, ["plan", "--years", "2", "--time-limit", "20"]).exit_code == 0
    (tmp_path / "net.toml").write_text(
        NOVU + '\n[[blackouts]]\ncity = "alesund"\nyears = [2026]\n', encoding="utf-8"
    )
    editions = json.loads((tmp_path / "novu-plan" / "plan.json").read_text())["editions"]
    assert ("youth-week", 2026, "alesund") in {(e["series"], e["year"], e["host"]) for e in editions}
    checked = runner.invoke(cli, ["check", "novu-plan", "--network", "net.toml", "--json"])
    assert checked.exit_code == 1
    payload = json.loads(checked.output)
    assert payload["ok"] is False and payload["network_changed"] is True
    assert any("alesund" in v for v in payload["violations"])


def test_check_on_another_networks_plan_names_its_file_and_suggests_network(tmp_path, monkeypatch):
    runner = _runner(tmp_path, monkeypatch)
    assert runner.invoke(cli, ["plan", "--years", "2", "--time-limit", "20"]).exit_code == 0
    other = NOVU.replace('id = "novu"', 'id = "other"', 1)
    (tmp_path / "other.toml").write_text(other, encoding="utf-8")
    checked = runner.invoke(cli, ["check", "novu-plan", "--network", "other.toml"])
    assert checked.exit_code == 2
    assert "made from novu.toml" in checked.output and "--network" in checked.output


def test_a_from_year_that_has_passed_is_warned_about(tmp_path, monkeypatch):
    runner = _runner(tmp_path, monkeypatch)  # it is 2025
    validated = runner.invoke(cli, ["validate", "--from", "2023"])
    assert validated.exit_code == 0
    assert "warning: --from 2023 lies in the past (it is 2025 now)" in validated.output
    planned = runner.invoke(cli, ["plan", "--from", "2024", "--years", "3", "--time-limit", "20", "--json"])
    assert planned.exit_code == 0, planned.output
    assert any(w.startswith("--from 2024 lies in the past") for w in json.loads(planned.output)["warnings"])
    quiet = runner.invoke(cli, ["validate", "--from", "2025"])
    assert "in the past" not in quiet.output
