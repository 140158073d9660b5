"""Errors the library raises and the CLI turns into messages and exit codes.

Every error a user can cause is one of these; anything else reaching the
CLI is a bug in novu-planner, not in the user's file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # controls, format (bidi), surrogates, line breaks


def printable(text: str, keep: str = "") -> str:
    """Text safe to print on a terminal: control and format characters escaped.

    ESC sequences, CR, bidi overrides (U+202E) and the like are shown as
    `\\x1b`, `\\r`, `\\u202e`; everything else, and the characters in `keep`, as is.
    """
    return "".join(
        c if c in keep or unicodedata.category(c) not in _HIDDEN else _escape(c) for c in str(text)
    )


def _escape(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as known."""

    file: str
    line: int | None
    entry: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(self.field)
        return printable(": ".join(parts) + f": {self.message}")

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "entry": self.entry,
            "field": self.field,
            "message": self.message,
        }


class NovuError(Exception):
    """Base class of the errors a user's input can cause."""

    exit_code = 2


class NetworkError(NovuError):
    """The network file (or another input file) is not valid: exit 2."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [f"{len(self.problems)} {noun} found:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class InputError(NovuError):
    """A command-line argument or a file other than the network is wrong: exit 2."""


class InfeasibleError(NovuError):
    """No plan can satisfy the hard rules: exit 1.

    `conflict` names the user's own entries that together make the plan
    impossible; dropping any one of them leaves the rest satisfiable.
    """

    exit_code = 1

    def __init__(self, message: str, conflict: list[str] | None = None, explained: list[dict] | None = None):
        self.conflict = conflict or []
        # The same entries for --json: {"entry": key, "line": n, "text": "line n, key: what it says"}.
        self.explained = explained or [{"entry": key, "line": None, "text": key} for key in self.conflict]
        super().__init__(message)


class TimeLimitError(NovuError):
    """The time limit ran out before any plan was found: exit 3."""

    exit_code = 3


class PublishError(NovuError):
    """A server (CalDAV) refused or could not be reached: exit 4.

    `report` holds what was compared and how many changes were sent before it
    stopped (a `PublishReport`); a second run sends the rest.
    """

    exit_code = 4

    def __init__(self, message: str, report: object = None):
        self.report = report
        super().__init__(message)
