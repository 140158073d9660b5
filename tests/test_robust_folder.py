"""The plan folder under hostile conditions: user files, kills, two runs, bad --out paths."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EPOCH

from novu_planner.cli import cli
from novu_planner.plans import folder
from novu_planner.plans.folder import FAULT_ENV

PLAN = [sys.executable, "-m", "novu_planner", "plan", "--years", "1"]


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args))

    return invoke


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **extra}


def _tree(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))
    }


# 1. Files the user put into a plan folder


def test_files_the_user_added_to_a_plan_folder_are_never_deleted(run, tmp_path):
    out = tmp_path / "plan"
    assert run("plan", "--years", "1", "--out", str(out)).exit_code == 0
    (out / "NOTES.txt").write_text("keep me")
    (out / "mine").mkdir()
    (out / "mine" / "a.txt").write_text("mine too")
    (out / "calendars" / "notes.txt").write_text("and me")
    before = _tree(out)

    result = run("plan", "--years", "1", "--out", str(out), "--force")

    assert result.exit_code == 2, result.output
    for name in ("NOTES.txt", "mine", "calendars/notes.txt"):
        assert name in result.output
    assert _tree(out) == before


def test_the_names_this_program_writes_are_known():
    for name in (
        "plan.json",
        "rotation.csv",
        "quotas.csv",
        "plan.xlsx",
        "calendar.ics",
        "calendars/lahti.ics",
    ):
        assert folder.is_plan_name(name), name
    for name in (
        "NOTES.txt",
        "mine",
        "calendars/notes.txt",
        "calendars/x/y.ics",
        "rotation.csv.bak",
        "../plan.json",
    ):
        assert not folder.is_plan_name(name), name


# 2. A run killed at any step: the next run recovers by itself


KILL_SEQUENCES = [
    ["build-created"],
    ["build-marked"],
    ["built"],
    ["set-aside"],
    ["moved-in"],
    ["unmarked"],
    ["aside-marked"],
    ["deleting"],
    ["built", "deleting"],  # killed again while the half-built folder is being removed
    ["moved-in", "deleting"],
]


@pytest.mark.parametrize("steps", KILL_SEQUENCES, ids="+".join)
def test_after_a_kill_at_any_step_the_next_run_succeeds(tmp_path, steps):
    out = tmp_path / "plan"
    command = [*PLAN, "--out", str(out)]
    subprocess.run(command, env=_env(), check=True, capture_output=True)
    old = _tree(out)
    for step in steps:
        killed = subprocess.run([*command, "--force"], env=_env(**{FAULT_ENV: step}), capture_output=True)
        assert killed.returncode == -9, (step, killed.stderr)

    again = subprocess.run([*command, "--force"], env=_env(), capture_output=True, text=True)

    assert again.returncode == 0, again.stderr
    assert _tree(out) == old  # same input, same plan
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]


def test_a_first_run_killed_before_its_mark_leaves_nothing_in_the_way(tmp_path):
    out = tmp_path / "plan"
    command = [*PLAN, "--out", str(out)]
    killed = subprocess.run(command, env=_env(**{FAULT_ENV: "build-created"}), capture_output=True)
    assert killed.returncode == -9
    again = subprocess.run(command, env=_env(), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


def test_a_folder_of_the_user_beside_the_plan_is_still_in_the_way(run, tmp_path):
    out = tmp_path / "plan"
    (tmp_path / ".plan.building").mkdir()
    (tmp_path / ".plan.building" / "draft.txt").write_text("mine")
    result = run("plan", "--years", "1", "--out", str(out))
    assert result.exit_code == 2 and "in the way" in result.output
    assert (tmp_path / ".plan.building" / "draft.txt").read_text() == "mine"


# 3. Two runs into the same --out


def test_a_second_run_into_a_locked_folder_exits_2_naming_the_lock(tmp_path):
    out = tmp_path / "plan"
    lock = tmp_path / ".plan.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('locked', flush=True); sys.stdin.read()",
            str(lock),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        blocked = subprocess.run([*PLAN, "--out", str(out)], env=_env(), capture_output=True, text=True)
    finally:
        holder.communicate("")
    assert blocked.returncode == 2, blocked.stderr
    assert str(lock) in blocked.stderr
    assert not out.exists()

    after = subprocess.run([*PLAN, "--out", str(out)], env=_env(), capture_output=True, text=True)
    assert after.returncode == 0, after.stderr
    assert not lock.exists()  # removed by the run that held it last


def test_a_disk_failing_while_the_files_are_flushed_keeps_the_old_plan(run, tmp_path, monkeypatch):
    out = tmp_path / "plan"
    assert run("plan", "--years", "1", "--out", str(out)).exit_code == 0
    before = _tree(out)
    flushed = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        flushed.append(descriptor)
        if len(flushed) > 1:  # the new folder's mark is flushed first, then the plan's files together
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    result = run("plan", "--years", "1", "--out", str(out), "--force")
    assert result.exit_code == 2, result.output
    assert "cannot be written (No space left on device)" in result.output
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]  # no half-built folder left beside it


def test_without_threads_to_spare_the_files_are_flushed_one_by_one(run, tmp_path, monkeypatch):
    import concurrent.futures

    class NoThreads(concurrent.futures.ThreadPoolExecutor):
        def submit(self, *args, **kwargs):
            raise RuntimeError("can't start new thread")

    monkeypatch.setattr(concurrent.futures, "ThreadPoolExecutor", NoThreads)
    flushed = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda descriptor: flushed.append(real_fsync(descriptor)))
    out = tmp_path / "plan"
    assert run("plan", "--years", "1", "--out", str(out)).exit_code == 0
    assert (out / "plan.json").is_file() and len(flushed) > len(list(out.rglob("*.ics")))


# 4. and 5. --out paths the system cannot take


@pytest.fixture
def no_solving(monkeypatch):
    """A bad --out is refused before any planning starts."""
    from novu_planner.planning import pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("planned although --out cannot be written")

    monkeypatch.setattr(pipeline, "make_plan", refuse)


def _refused(result, reason: str) -> None:
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert "\n" not in message and "internal error" not in message
    assert reason in message, message


def test_a_dangling_symlink_out_creates_no_parent_folders(run, tmp_path, no_solving):
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "nonexistent" / "dir")
    _refused(run("plan", "--out", str(link)), "does not exist")
    assert not (tmp_path / "nonexistent").exists()


def test_an_out_whose_parent_is_missing_is_refused(run, tmp_path, no_solving):
    _refused(run("plan", "--out", str(tmp_path / "a" / "b")), "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_an_out_under_a_file_is_refused(run, tmp_path, no_solving):
    (tmp_path / "file.txt").write_text("x")
    _refused(run("plan", "--out", str(tmp_path / "file.txt" / "plan")), "Not a directory")
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_a_name_too_long_is_refused(run, tmp_path, no_solving):
    _refused(run("plan", "--out", str(tmp_path / ("p" * 250))), "File name too long")
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_loop_is_refused(run, tmp_path, no_solving):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    _refused(run("plan", "--out", str(tmp_path / "a")), "Too many levels of symbolic links")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_folder_is_refused(run, tmp_path, no_solving):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        _refused(run("plan", "--out", str(locked / "plan")), "Permission denied")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs")
def test_a_folder_where_even_root_cannot_create_files_is_refused(run, no_solving):
    # sysfs refuses new files to everyone, root included.
    result = run("plan", "--out", "/sys/novu-plan")
    assert result.exit_code == 2, result.output
    assert "\n" not in result.output.strip() and "internal error" not in result.output
    assert not os.path.lexists("/sys/novu-plan") and not os.path.lexists("/sys/.novu-plan.lock")
