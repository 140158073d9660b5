"""Writing the plan folder so that nothing is ever half-written or lost.

The new folder is built beside the old one, the old one is renamed aside,
the new one renamed into place, and only then the old one removed. A run
that finds a folder set aside with no plan in its place (a crash between
the two renames) restores it before doing anything else.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

from novu_planner.errors import InputError
from novu_planner.plan.plan_json import GENERATOR, PLAN_FILE

FAULT_ENV = "NOVU_PLANNER_FAULT"  # tests set it to kill the process at one step


BUILD_MARK = ".novu-planner-building"  # written first, so a half-built folder is known as ours


def is_plan_folder(path: Path) -> bool:
    if path.is_symlink():
        return False
    try:
        data = json.loads((path / PLAN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == GENERATOR


def resolve_out(out: Path | str) -> Path:
    """The folder --out really names: a symlink is followed, `.` made absolute.

    The folder is replaced by renames beside it, so it may not be the
    current folder or one that holds it.
    """
    real = Path(os.path.realpath(out))
    here = Path.cwd().resolve()
    if real == here or real in here.parents:
        raise InputError(
            f"--out {out}: is the current folder or holds it; expected a folder of its own, "
            "such as ./novu-plan"
        )
    return real


def aside_path(out: Path) -> Path:
    return out.parent / f".{out.name}.replaced"


def _build_path(out: Path) -> Path:
    return out.parent / f".{out.name}.building"


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and not any(path.iterdir())


def _ours_half_built(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and (path / BUILD_MARK).exists()


def recover(out: Path) -> None:
    """Finish or undo a replacement that a crash interrupted.

    Only folders this program made are touched: a set-aside plan, or a
    half-built folder carrying its mark.
    """
    out = Path(os.path.realpath(out))
    aside = aside_path(out)
    if is_plan_folder(aside):
        if is_plan_folder(out):
            shutil.rmtree(aside)  # the new plan made it into place: only the clean-up was left
        elif not out.exists() or _is_empty_dir(out):
            if out.exists():
                out.rmdir()
            os.replace(aside, out)
    build = _build_path(out)
    if _ours_half_built(build):
        shutil.rmtree(build)
    if is_plan_folder(out):
        (out / BUILD_MARK).unlink(missing_ok=True)  # killed just after moving in


def check_out(out: Path, force: bool) -> bool:
    """Refuse an --out that would lose something; True when it holds a plan to replace."""
    out = resolve_out(out)
    recover(out)
    for beside in (_build_path(out), aside_path(out)):
        if beside.exists() or beside.is_symlink():
            raise InputError(
                f"--out {out}: {beside} is in the way (it is not a plan this program left); "
                "move it, or choose another --out"
            )
    if not out.exists() or _is_empty_dir(out):
        return False
    if not out.is_dir():
        raise InputError(f"--out {out}: is a file; expected a folder that is absent, empty or holds a plan")
    if is_plan_folder(out):
        if not force:
            raise InputError(f"--out {out}: already holds a plan; add --force to replace it")
        return True
    raise InputError(
        f"--out {out}: holds files that are not a novu-planner plan; refusing to replace it, "
        "even with --force (choose an empty or new folder)"
    )


def default_previous(out: Path | str) -> Path | None:
    """The plan already in `out`, which a new plan into `out` is counted against, or None.

    Re-planning into the folder a network published from keeps what was
    published: the plan there is the previous plan unless another is named.
    """
    out = Path(os.path.realpath(out))
    recover(out)
    return out / PLAN_FILE if is_plan_folder(out) else None


def _fault(step: str) -> None:
    if os.environ.get(FAULT_ENV) == step:
        # Killed for real where the system allows it: no clean-up, no finally blocks.
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)


def write_plan_folder(out: Path, files: dict[str, bytes]) -> None:
    out = resolve_out(out)
    recover(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    build = _build_path(out)
    build.mkdir()
    (build / BUILD_MARK).write_bytes(b"")
    for name, data in sorted(files.items()):
        target = build / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    _fault("built")
    aside = aside_path(out)
    replacing = out.exists()
    if replacing:
        os.replace(out, aside)
    _fault("set-aside")
    os.replace(build, out)
    _fault("moved-in")
    (out / BUILD_MARK).unlink()
    if replacing:
        shutil.rmtree(aside)
