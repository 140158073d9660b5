"""Writing the plan folder so that nothing is ever half-written or lost.

The new folder is built beside the old one, the old one is renamed aside,
the new one renamed into place, and only then the old one removed. A run
that finds a folder set aside with no plan in its place (a crash between
the two renames) restores it before doing anything else.

Every folder this program makes beside --out carries its mark from its
first moment: the half-built folder is made under a random name
(`.X.building-*`), marked, and only then renamed `.X.building`; the old plan
gets its mark before it is emptied, and the mark is the last file removed.
So whatever step a kill interrupts, the next run knows what it left and
finishes or undoes it. Only the names this program writes (`is_plan_name`)
and its marks are ever removed; an empty folder of ours is removed too.
Files the user put into a plan folder make `plan` refuse to replace it.

A run holds an exclusive lock on `.X.lock`, a file beside the folder, from
before it reads the old plan until the new one is in place.

The same machinery writes any folder this program owns as a whole: a
`FolderKind` says which names it writes and which file (with this program's
`generator`) marks a finished folder of that kind. The plan folder is
`PLAN_FOLDER`; the website of `novu-planner site` is another kind.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import json
import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from novu_planner.errors import InputError
from novu_planner.files import read_capped_text
from novu_planner.plans.plan_json import GENERATOR, PLAN_FILE

FAULT_ENV = "NOVU_PLANNER_FAULT"  # tests set it to kill the process at one step

BUILD_MARK = ".novu-planner-building"  # in a folder being built
ASIDE_MARK = ".novu-planner-replaced"  # in an old plan being removed
MARKS = (BUILD_MARK, ASIDE_MARK)
LOCK_WAIT = 2.0  # seconds a run waits for another run into the same folder


@dataclass(frozen=True)
class FolderKind:
    """A folder this program writes as a whole: the names it holds and the file that marks it."""

    noun: str  # "plan", "site": as messages name it
    top: frozenset[str]  # the files at its top level
    inner: tuple[tuple[str, str], ...]  # (subfolder, pattern of the file names in it)
    identity: str  # a JSON file of the top level with {"generator": GENERATOR}

    def is_name(self, name: str) -> bool:
        """True for a path (relative, with `/`) that this program writes in such a folder."""
        if name in self.top:
            return True
        folder, _, rest = name.partition("/")
        return any(folder == sub and re.fullmatch(pattern, rest) for sub, pattern in self.inner)

    @property
    def subfolders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(sub for sub, _ in self.inner))

    def is_ours(self, path: Path) -> bool:
        """A finished folder of this kind: its identity file names this program."""
        if path.is_symlink():
            return False
        try:
            data = json.loads(read_capped_text(path / self.identity))
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and data.get("generator") == GENERATOR


# The files a plan folder holds: top level, and one calendar per city.
TOP_NAMES = frozenset({"plan.json", "rotation.csv", "quotas.csv", "plan.xlsx", "calendar.ics", "report.html"})
CALENDARS = "calendars"
PLAN_FOLDER = FolderKind("plan", TOP_NAMES, ((CALENDARS, r"[a-z0-9-]{1,40}\.ics"),), PLAN_FILE)


def is_plan_name(name: str) -> bool:
    """True for a path (relative, with `/`) that this program writes in a plan folder."""
    return PLAN_FOLDER.is_name(name)


def _foreign(folder: Path, kind: FolderKind = PLAN_FOLDER) -> list[str]:
    """What in a folder this program did not write, as relative names."""
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name in MARKS and entry.is_file() and not entry.is_symlink():
            continue
        if entry.name in kind.subfolders and entry.is_dir() and not entry.is_symlink():
            for item in sorted(entry.iterdir()):
                name = f"{entry.name}/{item.name}"
                if not (kind.is_name(name) and item.is_file() and not item.is_symlink()):
                    found.append(name)
        elif not (kind.is_name(entry.name) and entry.is_file() and not entry.is_symlink()):
            found.append(entry.name)
    return found


def is_plan_folder(path: Path) -> bool:
    return PLAN_FOLDER.is_ours(path)


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


def _os_refusal(out: Path | str, error: OSError) -> InputError:
    return InputError(f"--out {out}: cannot be written ({error.strerror or error})")


def check_place(out: Path | str) -> Path:
    """Refuse, before any work, an --out the system cannot take; return the real folder.

    Only the folder itself is ever created, never the folders above it.
    """
    real = resolve_out(out)
    try:
        os.stat(real.parent)
        if not real.parent.is_dir():
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        os.stat(real)  # a symlink loop, a name too long, a path under a file
    except FileNotFoundError:
        if not real.parent.exists():
            raise InputError(
                f"--out {out}: the folder {real.parent} does not exist; "
                "create it first (only the plan folder itself is created)"
            ) from None
    except OSError as error:
        raise _os_refusal(out, error) from None
    longest = f"{_build_path(real).name}-{'x' * 8}"  # the random name a build starts under
    try:
        limit = os.pathconf(real.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    if len(os.fsencode(longest)) > limit:
        raise InputError(
            f"--out {out}: cannot be written ({os.strerror(errno.ENAMETOOLONG)}: "
            "the folder's name may have at most "
            f"{limit - len(os.fsencode(longest)) + len(os.fsencode(real.name))} bytes)"
        )
    return real


_HELD: set[Path] = set()  # the locks this process holds


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def out_lock(out: Path | str, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold `.X.lock` beside the folder, so two runs never write the same folder.

    The lock file is made when missing. Its holder removes it just before
    letting go, so nothing is left behind; a run that was waiting then finds
    that the file it locked is no longer the one at that name, and starts
    again with a new one. A killed run leaves the file; the next run reuses it.
    """
    real = check_place(out)
    lock = lock_path(real)
    if lock in _HELD:  # this process holds it already (the command line around Plan.write)
        yield
        return
    deadline = time.monotonic() + wait
    while True:
        fd = _open_lock(out, lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise InputError(
                    f"--out {out}: another novu-planner run is writing it (it holds {lock}); "
                    "wait for it to finish, or choose another --out"
                ) from None
            time.sleep(0.05)
            continue
        if _same_file(fd, lock):
            break
        os.close(fd)  # removed by the run that held it: lock the new one
    _HELD.add(lock)
    try:
        yield
    finally:
        _HELD.discard(lock)
        try:
            lock.unlink()
        finally:
            os.close(fd)  # also lets go of the lock


def _open_lock(out: Path | str, lock: Path) -> int:
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as error:
        raise _os_refusal(out, error) from None


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


def aside_path(out: Path) -> Path:
    return out.parent / f".{out.name}.replaced"


def _build_path(out: Path) -> Path:
    return out.parent / f".{out.name}.building"


def _is_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _is_empty_dir(path: Path) -> bool:
    return _is_dir(path) and not any(path.iterdir())


def _ours(path: Path, mark: str, kind: FolderKind) -> bool:
    """A folder this program made beside --out: it carries the mark, or is empty, and holds nothing else."""
    if not _is_dir(path):
        return False
    return ((path / mark).is_file() or kind.is_ours(path) or _is_empty_dir(path)) and not _foreign(path, kind)


def _remove_ours(folder: Path, kind: FolderKind) -> None:
    """Remove a folder of ours: its files first, the marks last, then the folder.

    Anything this program did not write stays, and so does the folder.
    """
    names = sorted(p.name for p in folder.iterdir())
    for sub in kind.subfolders:
        if _is_dir(folder / sub):
            names += sorted(f"{sub}/{p.name}" for p in (folder / sub).iterdir())
    names = [name for name in names if kind.is_name(name)]
    for position, name in enumerate(names):
        (folder / name).unlink()
        if position == 0:
            _fault("deleting")
    for sub in kind.subfolders:
        if _is_empty_dir(folder / sub):
            (folder / sub).rmdir()
    for mark in MARKS:
        (folder / mark).unlink(missing_ok=True)
    if _is_empty_dir(folder):
        folder.rmdir()


def recover(out: Path, kind: FolderKind = PLAN_FOLDER) -> None:
    """Finish or undo a replacement that a kill interrupted.

    Only folders this program made are touched: a set-aside plan, a
    half-built folder, each known by its mark (or, emptied, by being empty).
    """
    out = Path(os.path.realpath(out))
    aside = aside_path(out)
    if _ours(aside, ASIDE_MARK, kind):
        if kind.is_ours(out):
            _remove_ours(aside, kind)  # the new folder made it into place: only the clean-up was left
        elif kind.is_ours(aside) and (not out.exists() or _is_empty_dir(out)):
            if out.exists():
                out.rmdir()
            (aside / ASIDE_MARK).unlink(missing_ok=True)
            os.replace(aside, out)
        elif _is_empty_dir(aside):
            aside.rmdir()
    for build in [_build_path(out), *out.parent.glob(f"{glob.escape(_build_path(out).name)}-*")]:
        if _ours(build, BUILD_MARK, kind):
            _remove_ours(build, kind)
    if kind.is_ours(out) and not out.is_symlink():
        for mark in MARKS:
            (out / mark).unlink(missing_ok=True)  # killed just after moving in, or before setting aside


def recover_if_idle(out: Path, kind: FolderKind = PLAN_FOLDER) -> None:
    """Recover, unless a run is writing this folder right now (it holds the lock).

    Nothing is done (no lock file made) unless a folder of ours is beside it.
    """
    real = Path(os.path.realpath(out))
    beside = [aside_path(real), *real.parent.glob(f"{glob.escape(_build_path(real).name)}*")]
    if not any(_is_dir(path) for path in beside):
        return
    try:
        with out_lock(out, wait=0):
            recover(out, kind)
    except (InputError, OSError):
        pass  # busy, or a place nobody can write: there is nothing to put back


def check_out(out: Path, force: bool, kind: FolderKind = PLAN_FOLDER) -> bool:
    """Refuse an --out that would lose something; True when it holds a folder of this kind to replace."""
    noun = kind.noun
    out = check_place(out)
    recover(out, kind)
    for beside in (_build_path(out), aside_path(out)):
        if beside.exists() or beside.is_symlink():
            raise InputError(
                f"--out {out}: {beside} is in the way (it is not a {noun} this program left); "
                "move it, or choose another --out"
            )
    if not out.exists() or _is_empty_dir(out):
        return False
    if not out.is_dir():
        raise InputError(f"--out {out}: is a file; expected a folder that is absent, empty or holds a {noun}")
    if kind.is_ours(out):
        foreign = _foreign(out, kind)
        if foreign:
            raise InputError(
                f"--out {out}: holds files novu-planner did not write ({', '.join(foreign)}); "
                f"a {noun} folder is replaced as a whole, so move them out first"
            )
        if not force:
            raise InputError(f"--out {out}: already holds a {noun}; add --force to replace it")
        return True
    raise InputError(
        f"--out {out}: holds files that are not a novu-planner {noun}; refusing to replace it, "
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


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _write_all(folder: Path, files: dict[str, bytes]) -> None:
    """Write every file into `folder`, then return once all of them are on disk.

    The files are flushed to disk together, one thread each, so that the
    file system can commit them in one go; flushed one after another, each
    waits for a commit of its own. On a quiet disk that saves little (the
    bundled plan's folder: 6 ms instead of 7.5); while other programs are
    flushing files too, each of those waits can take several milliseconds.
    """
    from concurrent.futures import ThreadPoolExecutor  # only a command that writes a folder needs it

    for name, data in sorted(files.items()):
        target = folder / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(data)
    paths = [folder / name for name in files]
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(16, len(files)))) as pool:
            for _ in pool.map(_sync, paths):
                pass  # an OSError of any file is raised here
    except RuntimeError:
        # No thread to be had (a process limit): the same syncs, one by one.
        for path in paths:
            _sync(path)


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _new_folder(build: Path) -> Path:
    """An empty folder under a random name beside `build`, with the usual permissions."""
    while True:
        start = build.with_name(f"{build.name}-{os.urandom(4).hex()}")
        try:
            start.mkdir()
            return start
        except FileExistsError:
            continue


def write_plan_folder(out: Path, files: dict[str, bytes], kind: FolderKind = PLAN_FOLDER) -> None:
    """Build the folder beside --out, then swap it in; the caller holds `out_lock`."""
    unknown = [name for name in files if not kind.is_name(name)]
    assert not unknown, f"not a {kind.noun} file name: {unknown}"  # teach the kind's names first
    assert kind.identity in files, f"a {kind.noun} folder needs {kind.identity}"
    out = check_place(out)
    recover(out, kind)
    build = _build_path(out)
    try:
        start = _new_folder(build)
    except OSError as error:
        raise _os_refusal(out, error) from None
    try:
        _fault("build-created")
        _write(start / BUILD_MARK, b"")
        _fault("build-marked")
        os.rename(start, build)
    except OSError as error:
        _remove_ours(start, kind)
        raise _os_refusal(out, error) from None
    try:
        _write_all(build, files)
    except OSError as error:
        _remove_ours(build, kind)
        raise _os_refusal(out, error) from None
    _fault("built")
    aside = aside_path(out)
    replacing = out.exists()
    if replacing:
        os.replace(out, aside)
    _fault("set-aside")
    os.replace(build, out)
    _fault("moved-in")
    (out / BUILD_MARK).unlink()
    _fault("unmarked")
    if replacing:
        _write(aside / ASIDE_MARK, b"")
        _fault("aside-marked")
        _remove_ours(aside, kind)


def replace_folder(
    out: str | os.PathLike[str], files: dict[str, bytes], force: bool, kind: FolderKind = PLAN_FOLDER
) -> Path:
    """Write `files` as the folder `out`, under its lock: refused when it holds anything but a
    folder of this kind, or one of this kind without `force`; else built beside and swapped in."""
    out = Path(out)
    with out_lock(out):
        check_out(out, force, kind)
        write_plan_folder(out, files, kind)
    return out
