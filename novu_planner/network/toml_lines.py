"""Where each table and key of a TOML document starts.

`tomllib` reports positions only for syntax errors, but a coordinator needs
the line of the entry a message is about. This scanner reads the text the
way people write network files (table headers, `key = value` lines,
multi-line arrays and strings) and maps paths such as `("cities", 2)` or
`("cities", 2, "country")` to 1-based line numbers. Anything it cannot
place (inline tables, dotted keys) is simply left out: the message then
names the nearest enclosing entry's line.
"""

from __future__ import annotations

import re

_KEY = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_KEY})\s*=")


def _unquote(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _split_dotted(name: str) -> list[str]:
    return [_unquote(k) for k in re.findall(_KEY, name)]


def toml_lines(text: str) -> list[str]:
    """The lines as TOML counts them: only LF ends a line (CRLF too, its CR is kept).

    `str.splitlines` would also break at U+2028, U+2029, U+0085 and more,
    which TOML allows inside strings and comments, and every later line
    number would be off.
    """
    return text.split("\n")


def key_lines(text: str) -> dict[tuple, int]:
    return _scan(text)[0]


def unclosed_string_line(text: str) -> int | None:
    """The line a multi-line string opens on that is never closed, if any."""
    return _scan(text)[1]


def _scan(text: str) -> tuple[dict[tuple, int], int | None]:
    lines: dict[tuple, int] = {}
    counters: dict[tuple, int] = {}
    table: tuple = ()
    depth = 0  # open brackets of a multi-line value
    in_string: str | None = None  # the delimiter of an open multi-line string
    opened = None  # the line that string opened on

    for number, raw in enumerate(toml_lines(text), start=1):
        if in_string is not None:
            if in_string in raw:
                in_string = None
            continue
        if depth > 0:
            depth = max(0, depth + _bracket_balance(raw))
            continue
        header = _HEADER.match(raw)
        if header:
            names = _split_dotted(header.group(2))
            table = _resolve(names, counters, array=header.group(1) == "[[")
            lines.setdefault(table, number)
            continue
        assign = _ASSIGN.match(raw)
        if assign:
            lines.setdefault(table + (_unquote(assign.group(1)),), number)
            rest = raw[assign.end() :]
            in_string = _opens_multiline_string(rest)
            opened = number
            if in_string is None:
                depth = max(0, _bracket_balance(rest))
    return lines, (opened if in_string is not None else None)


def _resolve(names: list[str], counters: dict[tuple, int], *, array: bool) -> tuple:
    """Turn a header's dotted name into a path with array indexes.

    `[series.quota]` belongs to the latest `[[series]]`, so every prefix
    that names an array of tables takes that array's current index.
    """
    path: tuple = ()
    for position, name in enumerate(names):
        path += (name,)
        last = position == len(names) - 1
        if last and array:
            index = counters.get(path, -1) + 1
            counters[path] = index
            path += (index,)
        elif path in counters:
            path += (counters[path],)
    return path


def _opens_multiline_string(rest: str) -> str | None:
    for delimiter in ('"""', "'''"):
        start = rest.find(delimiter)
        if start != -1 and rest.find(delimiter, start + 3) == -1:
            return delimiter
    return None


def _bracket_balance(fragment: str) -> int:
    """Opened minus closed brackets, ignoring strings and comments."""
    balance = 0
    quote: str | None = None
    for char in fragment:
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
    return balance
