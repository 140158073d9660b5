"""Text from the network file never reaches the terminal raw: control characters are escaped."""

from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, EPOCH

from novu_planner.cli import cli
from novu_planner.errors import Problem, printable


def _raw_controls(text: str) -> list[str]:
    return [
        f"U+{ord(c):04X}"
        for c in text
        if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
    ]


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def invoke(network_text: str, *args: str):
        path = tmp_path / "net.toml"
        path.write_text(network_text, encoding="utf-8")
        return CliRunner().invoke(cli, [args[0], str(path), *args[1:]])

    return invoke


def test_printable_escapes_controls_and_keeps_the_rest():
    assert printable("a\x1b[31mb\r\u202ec\u2028d\x85e") == "a\\x1b[31mb\\r\\u202ec\\u2028d\\x85e"
    assert printable("Västerås – Þórshöfn 😀") == "Västerås – Þórshöfn 😀"
    assert printable("two\nlines", keep="\n") == "two\nlines"
    assert printable("two\nlines") == "two\\nlines"


def test_problem_messages_are_escaped():
    problem = Problem("f\x1b.toml", 3, 'cities[0] "a\u202e"', "x\x1b[2J", "unknown key")
    assert _raw_controls(str(problem)) == []
    assert "\\x1b[2J" in str(problem)


def test_validate_escapes_an_unknown_key_and_a_bad_id(run):
    text = BUNDLED.replace('id = "lahti"', 'id = "lahti\\u001b[2J"\n"evil\\u001b[31m\\u202e" = 1', 1)
    result = run(text, "validate")
    assert result.exit_code == 2, result.output
    assert _raw_controls(result.output) == []
    assert "\\x1b[31m\\u202e" in result.output


def test_validate_summary_escapes_names(run):
    text = BUNDLED.replace('name = "NOVU – Nordisk vänortsvecka för ungdom"', 'name = "NOVU\\r\\u202eX"', 1)
    result = run(text, "validate")
    assert result.exit_code == 0, result.output
    assert _raw_controls(result.output) == []
    assert "NOVU\\r\\u202eX" in result.output


def test_the_plan_table_escapes_names(run, tmp_path):
    text = BUNDLED.replace('name = "Lahti"', 'name = "Lah\\u202eti\\r"', 1)
    out = tmp_path / "plan"
    planned = run(text, "plan", "--years", "3", "--out", str(out))
    assert planned.exit_code == 0, planned.output
    assert _raw_controls(planned.output) == []
    shown = CliRunner().invoke(cli, ["show", str(out)])
    assert shown.exit_code == 0, shown.output
    assert _raw_controls(shown.output) == []
    assert "Lah\\u202eti\\r" in shown.output
