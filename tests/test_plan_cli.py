"""The `plan` and `show` commands, end to end through click."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EPOCH

from novu_planner.cli import cli
from novu_planner.network.loader import bundled_network_path
from novu_planner.planning import pipeline as planner
from novu_planner.rotation.result import RotationResult


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert "Traceback" not in result.output
        return result

    return invoke


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def bundled_with(extra: str = "") -> str:
    return bundled_network_path().read_text(encoding="utf-8") + "\n" + extra


def test_plan_without_arguments_plans_the_bundled_network(run, tmp_path):
    result = run("plan", "--time-limit", "30")
    assert result.exit_code == 0, result.output
    assert "plan for 2027–2036, proven optimal" in result.output
    data = json.loads((tmp_path / "novu-plan" / "plan.json").read_text(encoding="utf-8"))
    assert data["status"] == "optimal" and data["from"] == 2027 and data["to"] == 2036
    youth = {e["year"]: e for e in data["editions"] if e["series"] == "youth-week"}
    assert youth[2026]["status"] == "assumed" and youth[2026]["host"] == "alesund"
    hosts = [youth[y]["host"] for y in range(2027, 2037)]
    assert hosts == ["lahti", "akureyri", "randers", "vasteras", "alesund"] * 2
    assert data["costs"] == {"disruption": 0, "settledness": 0, "fairness": 0, "wishes": 0}
    assert any("2026" in w for w in data["warnings"])


def test_same_input_gives_byte_identical_files(run, tmp_path):
    assert run("plan", "--out", "a").exit_code == 0
    assert run("plan", "--out", "b").exit_code == 0
    assert files_in(tmp_path / "a") == files_in(tmp_path / "b")


def test_out_that_is_not_a_plan_is_refused_even_with_force(run, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "minutes.txt").write_text("keep me")
    for args in (("plan", "--out", "docs"), ("plan", "--out", "docs", "--force")):
        result = run(*args)
        assert result.exit_code == 2
        assert "not a novu-planner plan" in result.output
    assert files_in(tmp_path / "docs") == {"minutes.txt": b"keep me"}


def test_existing_plan_is_replaced_only_with_force(run, tmp_path):
    assert run("plan", "--years", "3").exit_code == 0
    before = files_in(tmp_path / "novu-plan")
    refused = run("plan", "--years", "4")
    assert refused.exit_code == 2 and "--force" in refused.output
    assert files_in(tmp_path / "novu-plan") == before
    assert run("plan", "--years", "4", "--force").exit_code == 0
    data = json.loads((tmp_path / "novu-plan" / "plan.json").read_text(encoding="utf-8"))
    assert data["years"] == 4
    assert not list(tmp_path.glob(".novu-plan*")), "no set-aside or build folder is left behind"


def test_bad_network_exits_2_and_writes_nothing(run, tmp_path):
    (tmp_path / "net.toml").write_text(bundled_with().replace('country = "IS"', 'country = "XX"'))
    result = run("plan", "net.toml")
    assert result.exit_code == 2
    assert 'cities[3] "akureyri": country' in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.toml"]


def test_impossible_plan_exits_1_naming_the_entries(run, tmp_path):
    # Every town away in 2029: only the solver sees that no host is left.
    away = "".join(
        f'\n[[blackouts]]\ncity = "{c}"\nyears = [2029]\nseries = "youth-week"\nreason = "away"\n'
        for c in ("vasteras", "alesund", "lahti", "akureyri", "randers")
    )
    text = bundled_with(away)
    (tmp_path / "net.toml").write_text(text)
    result = run("plan", "net.toml", "--from", "2027")
    assert result.exit_code == 1
    first = text.split("\n").index("[[blackouts]]") + 1
    assert f"line {first}, blackouts[0]: Västerås cannot host NOVU youth week 2029 (away)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.toml"]


def test_a_fixed_row_on_its_hosts_blackout_is_refused_before_planning(run, tmp_path):
    extra = """
[[history]]
series = "youth-week"
year = 2029
host = "randers"
status = "fixed"

[[blackouts]]
city = "randers"
years = [2028, 2029]
reason = "new culture house"
"""
    (tmp_path / "net.toml").write_text(bundled_with(extra))
    for command in ("validate", "plan"):
        result = run(command, "net.toml")
        assert result.exit_code == 2, result.output
        assert "history[8]: host: Randers hosts" in result.output
        assert "blackouts[0]: Randers cannot host 2029 (new culture house)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.toml"]


def test_blackout_departure_is_explained(run, tmp_path):
    extra = """
[[blackouts]]
city = "lahti"
years = [2027]
series = "youth-week"
reason = "town hall renovation"
"""
    (tmp_path / "net.toml").write_text(bundled_with(extra))
    result = run("plan", "net.toml")
    assert result.exit_code == 0, result.output
    assert "Lahti and Akureyri swap 2027–28: Lahti cannot host in 2027, town hall renovation" in result.output


def test_previous_plan_keeps_published_hosts(run, tmp_path):
    blackout = """
[[blackouts]]
city = "lahti"
years = [2027]
series = "youth-week"
"""
    (tmp_path / "net.toml").write_text(bundled_with(blackout))
    assert run("plan", "net.toml", "--out", "published").exit_code == 0
    # The blackout is lifted after publication: the published swap stays.
    (tmp_path / "net.toml").write_text(bundled_with())
    assert run("plan", "net.toml", "--out", "fresh").exit_code == 0
    assert run("plan", "net.toml", "--out", "kept", "--previous", "published/plan.json").exit_code == 0

    def youth(folder):
        data = json.loads((tmp_path / folder / "plan.json").read_text(encoding="utf-8"))
        return {e["year"]: e["host"] for e in data["editions"] if e["series"] == "youth-week"}

    assert youth("fresh")[2027] == "lahti"
    assert youth("kept")[2027] == youth("published")[2027] == "akureyri"
    assert youth("kept")[2028] == "lahti"
    notes = {
        e["year"]: e["note"]
        for e in json.loads((tmp_path / "kept" / "plan.json").read_text(encoding="utf-8"))["editions"]
        if e["series"] == "youth-week"
    }
    # The blackout is gone from the file; the note names the cause the swap was published for.
    assert notes[2027] == (
        "Lahti and Akureyri swap 2027–28: kept as published in the previous plan "
        "(Lahti cannot host in 2027, blackouts[0])"
    )


def test_planning_again_keeps_the_reasons(run, tmp_path):
    extra = '[[blackouts]]\ncity = "lahti"\nyears = [2027]\nseries = "youth-week"\nreason = "renovation"\n'
    (tmp_path / "net.toml").write_text(bundled_with(extra))
    first = run("plan", "net.toml")
    again = run("plan", "net.toml", "--force")
    assert first.exit_code == again.exit_code == 0
    swap = "Lahti and Akureyri swap 2027–28: Lahti cannot host in 2027, renovation"
    assert swap in first.output and swap in again.output
    assert "disruption 4" in first.output  # two swaps: the youth week and the contact meeting
    assert "disruption 0" in again.output and "counted against the previous plan" in again.output


def test_a_later_start_keeps_the_published_editions_before_it(run, tmp_path):
    assert run("plan", "--out", "published").exit_code == 0
    assert run("plan", "--out", "later", "--from", "2028", "--previous", "published").exit_code == 0

    def editions(folder):
        data = json.loads((tmp_path / folder / "plan.json").read_text(encoding="utf-8"))
        return {(e["series"], e["year"]): e for e in data["editions"]}

    before, after = editions("published"), editions("later")
    for key in [("youth-week", 2027), ("contact-meeting", 2027)]:
        assert after[key]["carried_over"] and after[key]["status"] == "planned"
        assert (after[key]["host"], after[key]["start"]) == (before[key]["host"], before[key]["start"])
    assert after["youth-week", 2028]["start"] == before["youth-week", 2028]["start"]
    assert run("check", "later").exit_code == 0
    published = (tmp_path / "published" / "calendar.ics").read_bytes().count(b"BEGIN:VEVENT")
    assert (tmp_path / "later" / "calendar.ics").read_bytes().count(b"BEGIN:VEVENT") == published + 2


def test_plan_in_out_is_the_default_previous(run, tmp_path):
    (tmp_path / "net.toml").write_text(bundled_with('[[blackouts]]\ncity = "lahti"\nyears = [2027]\n'))
    assert run("plan", "net.toml").exit_code == 0
    (tmp_path / "net.toml").write_text(bundled_with())
    assert run("plan", "net.toml", "--force").exit_code == 0
    data = json.loads((tmp_path / "novu-plan" / "plan.json").read_text(encoding="utf-8"))
    hosts = {(e["series"], e["year"]): e["host"] for e in data["editions"]}
    assert hosts["youth-week", 2027] == "akureyri"


def test_previous_plan_of_another_network_is_refused(run, tmp_path):
    assert run("plan", "--out", "novu").exit_code == 0
    plan = json.loads((tmp_path / "novu" / "plan.json").read_text(encoding="utf-8"))
    plan["network"]["id"] = "other"
    (tmp_path / "other.json").write_text(json.dumps(plan), encoding="utf-8")
    result = run("plan", "--out", "x", "--previous", "other.json")
    assert result.exit_code == 2 and "not of 'novu'" in result.output
    assert not (tmp_path / "x").exists()


def test_time_limit_without_a_plan_exits_3(run, tmp_path, monkeypatch):
    from novu_planner.solver import base_plan, rotation

    # The bundled network's base rota is its optimum: make it need the solver.
    monkeypatch.setattr(base_plan, "base_plan", lambda problem: None)
    monkeypatch.setattr(rotation, "solve_rotation", lambda *a, **k: RotationResult("unknown"))
    result = run("plan")
    assert result.exit_code == 3 and "time limit" in result.output
    assert not (tmp_path / "novu-plan").exists()


def test_interrupt_exits_130_and_writes_nothing(run, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(planner, "make_plan", interrupted)
    result = run("plan")
    assert result.exit_code == 130
    assert not (tmp_path / "novu-plan").exists()


def test_json_result(run):
    result = run("plan", "--json", "--years", "2")
    data = json.loads(result.output)
    assert data["ok"] is True and data["status"] == "optimal" and data["out"] == "novu-plan"


def test_show_prints_the_table(run):
    assert run("plan", "--years", "3").exit_code == 0
    shown = run("show", "novu-plan")
    assert shown.exit_code == 0
    assert "2027  youth-week" in shown.output and "Lahti" in shown.output
    assert "2027-06-27 – 2027-07-03" in shown.output
    assert "youth-week 2027: Västerås (member) 17 youths, 2 leaders, officials 2–5" in shown.output
    assert json.loads(run("show", "novu-plan/plan.json", "--json").output)["from"] == 2027


def test_show_of_a_missing_plan_exits_2(run):
    result = run("show", "nowhere")
    assert result.exit_code == 2 and "no such file" in result.output


def test_check_confirms_a_plan_and_catches_a_tampered_one(run, tmp_path):
    extra = '[[blackouts]]\ncity = "lahti"\nyears = [2027]\nseries = "youth-week"\n'
    (tmp_path / "net.toml").write_text(bundled_with(extra))
    assert run("plan", "net.toml").exit_code == 0
    good = run("check", "novu-plan", "--network", "net.toml")
    assert good.exit_code == 0 and "every rule holds" in good.output
    path = tmp_path / "novu-plan" / "plan.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for edition in data["editions"]:
        if (edition["series"], edition["year"]) == ("youth-week", 2027):
            edition["host"] = "lahti"  # into its own blackout year
    path.write_text(json.dumps(data), encoding="utf-8")
    bad = run("check", "novu-plan", "--network", "net.toml")
    assert bad.exit_code == 1
    assert "blackout: youth-week 2027" in bad.output and "cost:" in bad.output


def _tamper(path: Path, series: str, year: int, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for edition in data["editions"]:
        if (edition["series"], edition["year"]) == (series, year):
            change(edition)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_check_catches_days_and_places_that_break_the_rules(run, tmp_path):
    assert run("plan").exit_code == 0
    path = tmp_path / "novu-plan" / "plan.json"

    def onto_midsummer(edition):
        edition["start"], edition["end"] = "2027-06-21", "2027-06-27"

    def one_youth_more(edition):
        edition["delegations"][0]["youth"] += 1

    _tamper(path, "youth-week", 2027, onto_midsummer)
    _tamper(path, "youth-week", 2028, one_youth_more)
    bad = run("check", "novu-plan")
    assert bad.exit_code == 1
    assert "dates: youth-week 2027: 2027-06-25 is Midsummer Eve" in bad.output
    assert "quotas: youth-week 2028" in bad.output and "86 places handed out, expected 85" in bad.output


def test_a_later_start_counts_fairness_with_the_published_hosts(run, tmp_path):
    # Akureyri cannot host 2028, so the published plan swapped it with
    # Randers. Planned again from 2029, the published 2027-28 hosts are what
    # happened: check recomputes the same fairness from them, and 2029 keeps
    # its published reason although the blackout year now lies before the plan.
    (tmp_path / "net.toml").write_text(bundled_with('[[blackouts]]\ncity = "akureyri"\nyears = [2028]\n'))
    assert run("plan", "net.toml", "--out", "first").exit_code == 0
    again = run("plan", "net.toml", "--out", "later", "--from", "2029", "--years", "8", "--previous", "first")
    assert again.exit_code == 0, again.output
    assert run("check", "later", "--network", "net.toml").exit_code == 0
    assert "youth-week: Akureyri and Randers swap 2028–29: Akureyri cannot host in 2028" in again.output


def test_a_previous_plan_with_a_series_or_city_since_removed_is_used_for_the_rest(run, tmp_path):
    assert run("plan", "--out", "first").exit_code == 0
    text = bundled_with()
    no_meeting = text[: text.index("# The contact meeting")] + text[text.index("# Youth weeks held") :]
    (tmp_path / "net.toml").write_text(no_meeting, encoding="utf-8")
    result = run("plan", "net.toml", "--out", "again", "--previous", "first")
    assert result.exit_code == 0, result.output
    assert "previous plan: contact-meeting 2027, 2028" in result.output and "left out" in result.output
    assert run("check", "again", "--network", "net.toml").exit_code == 0


def test_out_through_a_symlink_replaces_the_folder_it_points_to(run, tmp_path):
    assert run("plan", "--out", "real").exit_code == 0
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = run("plan", "--out", "link", "--force", "--years", "3")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link").is_symlink()
    assert json.loads((tmp_path / "real" / "plan.json").read_text(encoding="utf-8"))["years"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_out_that_is_the_current_folder_is_refused(run, tmp_path):
    result = run("plan", "--out", ".")
    assert result.exit_code == 2 and "current folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_users_folder_beside_the_plan_is_never_removed(run, tmp_path):
    keep = tmp_path / ".userdata.building" / "keep.txt"
    keep.parent.mkdir()
    keep.write_text("mine", encoding="utf-8")
    result = run("plan", "--out", "userdata")
    assert result.exit_code == 2 and "in the way" in result.output
    assert keep.read_text(encoding="utf-8") == "mine" and not (tmp_path / "userdata").exists()
