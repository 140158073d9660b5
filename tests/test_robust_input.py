"""Hostile input files: line numbers as TOML counts them, and reads capped by what is read."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, EPOCH, line_of

from novu_planner import files
from novu_planner.cli import cli
from novu_planner.network.loader import bundled_network_path
from novu_planner.network.toml_lines import key_lines

# 8. Lines are counted as TOML counts them: LF only


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_in_a_comment_do_not_shift_lines(validate, separator):
    text = BUNDLED.replace("# NOVU", f"# NOVU{separator}{separator}", 1)
    text = text.replace('timezone = "Europe/Oslo"', 'timezone = "Europe/Olso"', 1)
    result = validate(text)
    assert result.exit_code == 2, result.output
    assert f":{line_of(text, 'Europe/Olso')}: " in result.output, result.output


def test_key_lines_count_lf_only():
    text = 'a = "x\u2028y"\n# c\u2029d\x85e\nb = 1\n'
    assert key_lines(text)[("b",)] == 3


def test_an_unclosed_multiline_string_gets_the_line_it_opens_on(validate):
    text = BUNDLED + '\n[[blackouts]]\ncity = "lahti"\nreason = """never closed\n\nmore\n'
    result = validate(text)
    assert result.exit_code == 2, result.output
    assert f":{line_of(text, 'reason = ')}: TOML syntax error" in result.output, result.output


# 13. Reads are capped by what is read, not by what stat says


def test_the_capped_read_stops_at_the_cap():
    with pytest.raises(files.TooLarge):
        files.read_capped(Path("/dev/zero"), 1000)
    assert files.read_capped(bundled_network_path(), 10**6) == bundled_network_path().read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_validate_a_fifo_larger_than_the_cap(tmp_path):
    fifo = tmp_path / "net.toml"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as pipe:
            try:
                for _ in range(12):
                    pipe.write(b"#" * 2**20)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed)
    writer.start()
    result = CliRunner().invoke(cli, ["validate", str(fifo)])
    writer.join()
    assert result.exit_code == 2 and "larger than 10 MiB" in result.output, result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_validate_dev_zero_ends(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "novu_planner", "validate", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "larger than 10 MiB" in result.stderr, result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_plan_json_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "plan.json").symlink_to("/dev/zero")
    shown = CliRunner().invoke(cli, ["show", str(folder)])
    assert shown.exit_code == 2 and "larger than 50 MiB" in shown.output, shown.output
    planned = CliRunner().invoke(cli, ["plan", "--previous", str(folder), "--out", str(tmp_path / "new")])
    assert planned.exit_code == 2 and "larger than 50 MiB" in planned.output, planned.output
