"""Reading input files with a cap on what is actually read.

`stat` says nothing about a pipe, a FIFO or /dev/zero, so a size check
alone lets them be read whole. These helpers read at most the cap plus one
byte and refuse the file when that byte is there.
"""

from __future__ import annotations

from pathlib import Path

PLAN_JSON_MAX = 50 * 1024 * 1024  # a plan.json of a hundred years of nine towns is well under 1 MiB


class TooLarge(ValueError):
    """The file holds more than the cap allows."""

    def __init__(self, path: Path | str, limit: int):
        super().__init__(f"larger than {limit // 2**20} MiB")
        self.path = path
        self.limit = limit


def read_capped(path: Path | str, limit: int) -> bytes:
    """The bytes of a file, or `TooLarge` once more than `limit` bytes come."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, limit)
    return data


def read_capped_text(path: Path | str, limit: int = PLAN_JSON_MAX) -> str:
    """The UTF-8 text of a file, capped as `read_capped`."""
    return read_capped(path, limit).decode("utf-8")


def shipped(in_package: str, in_checkout: str) -> Path:
    """A file pyproject.toml copies into the wheel: inside the package there, at its place in
    the repository in a source checkout (an editable install). Paths are relative to each."""
    package = Path(__file__).resolve().parent
    inside = package / in_package
    return inside if inside.is_file() else package.parent / in_checkout
