"""Read a network file into the domain model, reporting every problem at once.

The loader works in two passes: each entry's own fields first (types,
ranges, unknown keys), then the references between entries (members,
hosts, guests, cadence). Every problem found is collected with its file,
entry, field and line, and raised together as one `NetworkError`, so a
coordinator fixes the whole file in one round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from novu_planner.errors import NetworkError, Problem
from novu_planner.files import TooLarge, read_capped, shipped
from novu_planner.network import fields as f
from novu_planner.network.entries import (
    blackout_says,
    distinct_says,
    history_says,
    hosting_years,
    located,
    membership_says,
    why_not_hosting,
    wish_says,
)
from novu_planner.network.model import (
    DEFAULT_HOLIDAY_CATEGORIES,
    HISTORY_STATUSES,
    QUOTA_METHODS,
    ROTAS,
    Blackout,
    City,
    HistoryRow,
    Network,
    Quota,
    Series,
    Wish,
    guests_of,
)
from novu_planner.network.toml_lines import key_lines, unclosed_string_line

MAX_BYTES = 10 * 1024 * 1024
BUNDLED_NAME = "novu.toml"


@dataclass(frozen=True)
class Field:
    """How one key of a table is checked, and whether it must be there."""

    check: f.Checker
    required: bool = False


TOP = {"format", "network", "cities", "series", "history", "blackouts", "wishes"}
NETWORK = {
    "id": Field(f.slug, True),
    "name": Field(f.name, True),
    "organizer": Field(f.organizer),
    "language": Field(f.language),
}
CITY = {
    "id": Field(f.file_safe_slug, True),
    "name": Field(f.name, True),
    "country": Field(f.country, True),
    "subdivision": Field(f.string),  # checked against the country afterwards
    "timezone": Field(f.timezone, True),
    "population": Field(f.integer(1, 10**10)),
    "lat": Field(f.number(-90, 90)),
    "lon": Field(f.number(-180, 180)),
    "language": Field(f.language),
    "joined": Field(f.year),
    "left": Field(f.year),
    "guest": Field(f.boolean),
    "guest_from": Field(f.year),
    "series": Field(f.list_of(f.slug)),
}
SERIES = {
    "id": Field(f.slug, True),
    "name": Field(f.name, True),
    "every": Field(f.integer(1, 10)),
    "first_year": Field(f.year),
    "members": Field(f.list_of(f.slug, min_items=1)),
    "order": Field(f.list_of(f.slug, min_items=1)),
    "rota": Field(f.one_of(*ROTAS)),
    "duration_days": Field(f.integer(1, 60), True),
    "window": Field(f.pair(f.month_day)),
    "start_weekdays": Field(f.list_of(f.weekday, min_items=1)),
    "preferred_start": Field(f.month_day),
    "avoid_holidays": Field(f.boolean),
    "holiday_categories": Field(f.list_of(f.holiday_category)),
    "start_time": Field(f.clock),
    "end_time": Field(f.clock),
    "distinct_from": Field(f.list_of(f.slug)),
    "quota": Field(lambda v: v),  # a table, read on its own below
}
QUOTA = {
    "capacity": Field(f.integer(1, 100_000), True),
    "method": Field(f.one_of(*QUOTA_METHODS)),
    "min": Field(f.integer(0, 100_000)),
    "max": Field(f.integer(1, 100_000)),
    "host_extra": Field(f.integer(0, 100_000)),
    "leaders_per": Field(f.integer(1, 100_000)),
    "officials": Field(f.pair(f.integer(0, 1000))),
}
HISTORY = {
    "series": Field(f.slug, True),
    "year": Field(f.year, True),
    "host": Field(f.slug, True),
    "status": Field(f.one_of(*HISTORY_STATUSES)),
    "start": Field(f.date),
    "end": Field(f.date),
}
BLACKOUT = {
    "city": Field(f.slug, True),
    "years": Field(f.list_of(f.year, min_items=1), True),
    "series": Field(f.slug),
    "reason": Field(f.name),
}
WISH = {
    "city": Field(f.slug, True),
    "year": Field(f.year, True),
    "series": Field(f.slug),
    "weight": Field(f.integer(1, 100)),
    "reason": Field(f.name),
}


def bundled_network_path() -> Path:
    """The NOVU network shipped with the package.

    A wheel carries it inside the package; a source checkout (an editable
    install) reads the one copy in `schedules/`.
    """
    return shipped(f"bundled/{BUNDLED_NAME}", f"schedules/{BUNDLED_NAME}")


def load_network(path: str | Path | None = None) -> Network:
    """Load and validate a network file; raise `NetworkError` listing every problem."""
    path = bundled_network_path() if path is None else Path(path)
    label = str(path)
    try:
        if path.is_dir():
            raise NetworkError(
                [Problem(label, None, None, None, "is a folder; expected a network file (TOML)")]
            )
        if path.stat().st_size > MAX_BYTES:
            raise NetworkError([_too_large(label)])
        data = read_capped(path, MAX_BYTES)  # a pipe or /dev/zero has no size to check first
    except FileNotFoundError:
        raise NetworkError(
            [Problem(label, None, None, None, "no such file; expected a network file (TOML)")]
        ) from None
    except TooLarge:
        raise NetworkError([_too_large(label)]) from None
    except OSError as error:
        raise NetworkError(
            [Problem(label, None, None, None, f"cannot be read ({error.strerror or error})")]
        ) from None
    return parse_network(data, label, source=path)


def _too_large(label: str) -> Problem:
    return Problem(
        label,
        None,
        None,
        None,
        f"is larger than {MAX_BYTES // 2**20} MiB; expected a network file of a few kilobytes",
    )


def parse_network(data: bytes, label: str = "<network>", source: Path | None = None) -> Network:
    text = _decode(data, label)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise NetworkError([_syntax_problem(label, error, text)]) from None
    except (RecursionError, MemoryError):
        raise NetworkError(
            [Problem(label, None, None, None, "is nested too deeply to read; expected a flat network file")]
        ) from None
    reader = _Reader(label, key_lines(text))
    network = reader.read(raw, source, hashlib.sha256(data).hexdigest(), text)
    if reader.problems:
        raise NetworkError(reader.problems)
    assert network is not None
    return network


def _decode(data: bytes, label: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):  # Notepad's byte-order mark
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise NetworkError(
            [Problem(label, line, None, None, f"byte {error.start} is not UTF-8; save the file as UTF-8")]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise NetworkError(
            [Problem(label, line, None, None, "contains a NUL byte; expected a text file (TOML)")]
        )
    return text


def _syntax_problem(label: str, error: tomllib.TOMLDecodeError, text: str) -> Problem:
    message = str(error)
    line = getattr(error, "lineno", None)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        line = int(match.group(1))
        message = message[: match.start()].strip()
        return Problem(
            label,
            line,
            None,
            None,
            f"TOML syntax error at column {match.group(2)}: {message}{_date_hint(text, line)}",
        )
    if "end of document" in message:
        # An unclosed string runs to the end: name the line it opens on.
        line = unclosed_string_line(text)
        if line is not None:
            message = "a multi-line string opened on this line is never closed"
    return Problem(label, line, None, None, f"TOML syntax error: {message}")


# Text that is meant as a date but is not one TOML reads: 2024-8-5, 05.08.2024, 2024-08-32.
_DATE_LIKE = r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}/\d{1,2}/\d{1,2})\b"


def _date_hint(text: str, line: int) -> str:
    lines = text.split("\n")  # as TOML counts lines
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    for token in re.findall(_DATE_LIKE, here.split("#", 1)[0]):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
                dt.date.fromisoformat(token)
                continue  # a real date, not the mistake
        except ValueError:
            pass
        return (
            f"; {token!r} looks like a date: dates are written year-month-day with two-digit "
            "month and day and no quotes, such as 2024-08-05, and the day must exist"
        )
    return ""


@dataclass
class _Reader:
    """Reads one network file table by table, collecting every problem with its line."""

    file: str
    lines: dict[tuple, int]
    problems: list[Problem] = field(default_factory=list)
    # Each city's id, and its id and name folded (no case, no accents), to the id.
    city_names: dict[str, str] = field(default_factory=dict)

    # -- reporting -----------------------------------------------------------------

    def report(self, path: tuple, entry: str | None, key: str | None, message: str) -> None:
        line = None
        if key is not None:
            # A key's own line, or the header of the first [[key]] table.
            line = self.lines.get(path + (key,)) or self.lines.get(path + (key, 0))
        probe = path
        while line is None and probe:
            line = self.lines.get(probe)
            probe = probe[:-1]
        problem = Problem(self.file, line, entry, key, message)
        if problem not in self.problems:  # two checks that meet one mistake tell it once
            self.problems.append(problem)

    def fields(self, raw: Any, spec: dict[str, Field], path: tuple, entry: str) -> dict[str, Any] | None:
        """Check one table's keys and values; None when it is not a table at all."""
        if not isinstance(raw, dict):
            self.report(path, entry, None, f"expected a table, got {f._type_name(raw)}")
            return None
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in spec:
                self.report(path, entry, key, _unknown_key(key, spec))
                continue
            try:
                values[key] = spec[key].check(value)
            except f.Bad as bad:
                hint = self.city_hint(value) if key in CITY_REFERENCES else ""
                self.report(path, entry, key, f"{bad}{hint}")
        for key, rule in spec.items():
            if rule.required and key not in raw:
                self.report(path, entry, key, "is required")
        return values

    def city_hint(self, value: Any) -> str:
        """For `host = "Oulu"` or a city's name (`"Tromsø"`): the id that was meant."""
        items = value if isinstance(value, list) else [value]
        words = [v for v in items if isinstance(v, str)]
        for word in words:
            if word in self.city_names:
                continue  # a valid id in a list whose other item is wrong
            meant = self.city_names.get(word.casefold()) or self.city_names.get(_fold(word))
            if meant is not None:
                return f"; the city's id is {meant!r}"
            close = f.closest(_fold(word), self.city_names)
            if close:
                return f"; did you mean {self.city_names[close]!r}?"
        return ""

    def array(self, raw: dict, key: str) -> list:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.report(
                (key,), None, key, f"expected an array of tables ([[{key}]]), got {f._type_name(value)}"
            )
            return []
        return value

    # -- the whole file ------------------------------------------------------------

    def read(self, raw: dict, source: Path | None, sha256: str, text: str) -> Network | None:
        for key in raw:
            if key not in TOP:
                self.report((), None, key, _unknown_key(key, dict.fromkeys(TOP)))
        if "format" not in raw:
            self.report((), None, "format", "is required: add `format = 1` at the top")
        elif raw["format"] != 1 or isinstance(raw["format"], bool):
            self.report(
                (), None, "format", f"expected 1 (the only format there is), got {f._show(raw['format'])}"
            )

        network = self.fields(raw.get("network", {}), NETWORK, ("network",), "[network]")
        if "network" not in raw:
            self.report((), "[network]", None, "is required: add a [network] table with id and name")
        cities = [c for c in (self.city(i, r) for i, r in enumerate(self.array(raw, "cities"))) if c]
        for c in self.named(raw, "cities"):
            if isinstance(c.get("name"), str):
                self.city_names.setdefault(_fold(c["name"]), c["id"])
            self.city_names.setdefault(_fold(c["id"]), c["id"])
            self.city_names[c["id"]] = c["id"]
        series = [s for s in (self.series(i, r) for i, r in enumerate(self.array(raw, "series"))) if s]
        history = [h for h in (self.history(i, r) for i, r in enumerate(self.array(raw, "history"))) if h]
        blackouts = [
            b for b in (self.blackout(i, r) for i, r in enumerate(self.array(raw, "blackouts"))) if b
        ]
        wishes = [w for w in (self.wish(i, r) for i, r in enumerate(self.array(raw, "wishes"))) if w]
        if not raw.get("cities"):
            self.report((), None, "cities", "expected at least one [[cities]] entry")
        if not raw.get("series"):
            self.report((), None, "series", "expected at least one [[series]] entry")

        # Cities whose own entry has a mistake still count as members, so one
        # misspelt field is reported once, not again by every list naming them.
        named = {kind: self.named(raw, kind) for kind in ("cities", "series")}
        everyone = tuple(dict.fromkeys(e["id"] for e in named["cities"] if e.get("guest") is not True))
        series = self.default_members(series, everyone)
        history = _complete_ends(history, series)
        declared = {kind: tuple(dict.fromkeys(e["id"] for e in entries)) for kind, entries in named.items()}
        _CrossCheck(self, declared, everyone, cities, series, history, blackouts, wishes).run()
        if self.problems or network is None:
            return None
        return Network(
            id=network["id"],
            name=network["name"],
            organizer=network.get("organizer"),
            language=network.get("language"),
            cities=tuple(cities),
            series=tuple(series),
            history=tuple(history),
            blackouts=tuple(blackouts),
            wishes=tuple(wishes),
            source=source,
            sha256=sha256,
            text=text,
        )

    # -- one entry each -------------------------------------------------------------

    def city(self, index: int, raw: Any) -> City | None:
        path = ("cities", index)
        entry = _entry("cities", index, raw)
        values = self.fields(raw, CITY, path, entry)
        if values is None:
            return None
        if "subdivision" in values and "country" in values:
            try:
                f.subdivision_for(values["country"])(values["subdivision"])
            except f.Bad as bad:
                self.report(path, entry, "subdivision", str(bad))
                del values["subdivision"]
        if "joined" in values and "left" in values and values["left"] < values["joined"]:
            self.report(
                path,
                entry,
                "left",
                f"expected a year no earlier than joined ({values['joined']}), got {values['left']}",
            )
            del values["left"]
        if not _has_required(values, CITY):
            return None
        return City(index=index, line=self.lines.get(path), **values)

    def series(self, index: int, raw: Any) -> Series | None:
        path = ("series", index)
        entry = _entry("series", index, raw)
        values = self.fields(raw, SERIES, path, entry)
        if values is None:
            return None
        quota = None
        if "quota" in values:
            quota = self.quota(values.pop("quota"), path + ("quota",), entry)
        if not _has_required(values, SERIES):
            return None
        window = values.get("window")
        if window is not None and not self.check_window(path, entry, window, values["duration_days"]):
            del values["window"]
        if "end_time" in values and "start_time" not in values:
            self.report(path, entry, "end_time", "is only allowed with start_time (a timed edition)")
        if "start_time" in values:
            if "end_time" not in values:
                self.report(path, entry, "end_time", "is required with start_time")
            elif values["end_time"] <= values["start_time"]:
                self.report(
                    path,
                    entry,
                    "end_time",
                    f"expected a time later than start_time "
                    f"({values['start_time']:%H:%M}), got {values['end_time']:%H:%M}",
                )
        if values["id"] in values.get("distinct_from", ()):
            self.report(path, entry, "distinct_from", "names the series itself; expected other series' ids")
        members = values.pop("members", None)
        return Series(
            index=index,
            line=self.lines.get(path),
            quota=quota,
            members=members or (),
            members_given=members is not None,
            holiday_categories=values.pop("holiday_categories", DEFAULT_HOLIDAY_CATEGORIES),
            **values,
        )

    def check_window(self, path: tuple, entry: str, window: tuple, duration: int) -> bool:
        (m1, d1), (m2, d2) = window
        if (m2, d2) < (m1, d1):
            self.report(
                path,
                entry,
                "window",
                f"{m1:02}-{d1:02} to {m2:02}-{d2:02} wraps past 31 December; "
                "expected a start no later than the end within one year",
            )
            return False
        # Measured in a non-leap year: the shortest the window can be.
        start = dt.date(2001, m1, min(d1, 28) if m1 == 2 else d1)
        end = dt.date(2001, m2, min(d2, 28) if m2 == 2 else d2)
        days = (end - start).days + 1
        if days < duration:
            self.report(
                path,
                entry,
                "window",
                f"{m1:02}-{d1:02} to {m2:02}-{d2:02} holds {days} days, "
                f"fewer than duration_days = {duration}; expected a window of at least {duration} days",
            )
            return False
        return True

    def quota(self, raw: Any, path: tuple, entry: str) -> Quota | None:
        values = self.fields(raw, QUOTA, path, entry)
        if values is None or not _has_required(values, QUOTA):
            return None
        low, high = values.get("min", 0), values.get("max")
        if high is not None and low > high:
            self.report(path, entry, "min", f"quota min {low} is more than max {high}; expected min <= max")
        if values.get("host_extra", 0) > values["capacity"]:
            self.report(
                path,
                entry,
                "host_extra",
                f"host_extra {values['host_extra']} is more than capacity {values['capacity']}",
            )
        officials = values.get("officials")
        if officials is not None and officials[0] > officials[1]:
            self.report(path, entry, "officials", f"expected [fewest, most], got {list(officials)}")
        return Quota(**values)

    def history(self, index: int, raw: Any) -> HistoryRow | None:
        path = ("history", index)
        entry = f"history[{index}]"
        values = self.fields(raw, HISTORY, path, entry)
        if values is None or not _has_required(values, HISTORY):
            return None
        start, end = values.get("start"), values.get("end")
        if end is not None and start is None:
            self.report(path, entry, "end", "is only allowed with start (the first day)")
        elif start is not None and start.year != values["year"]:
            self.report(path, entry, "start", f"{start} is not in the row's year {values['year']}")
        elif start is not None and end is not None and end < start:
            self.report(
                path, entry, "end", f"{end} is before start {start}; expected the last day, inclusive"
            )
        return HistoryRow(index=index, line=self.lines.get(path), **values)

    def blackout(self, index: int, raw: Any) -> Blackout | None:
        values = self.fields(raw, BLACKOUT, ("blackouts", index), f"blackouts[{index}]")
        if values is None or not _has_required(values, BLACKOUT):
            return None
        return Blackout(index=index, line=self.lines.get(("blackouts", index)), **values)

    def wish(self, index: int, raw: Any) -> Wish | None:
        values = self.fields(raw, WISH, ("wishes", index), f"wishes[{index}]")
        if values is None or not _has_required(values, WISH):
            return None
        return Wish(index=index, line=self.lines.get(("wishes", index)), **values)

    def named(self, raw: dict, kind: str) -> list[dict]:
        """The entries of a table that have a text id, whether or not they are otherwise valid."""
        return [e for e in self.array(raw, kind) if isinstance(e, dict) and isinstance(e.get("id"), str)]

    def default_members(self, series: list[Series], everyone: tuple[str, ...]) -> list[Series]:
        from dataclasses import replace

        return [s if s.members_given else replace(s, members=everyone) for s in series]


class _Entry(Protocol):
    """A city or a series: an entry with an id."""

    @property
    def index(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def entry(self) -> str: ...


class _CrossCheck:
    """The rules that tie entries to one another."""

    def __init__(
        self,
        reader: _Reader,
        declared: dict[str, tuple[str, ...]],
        hosts: tuple[str, ...],
        cities: list[City],
        series: list[Series],
        history: list[HistoryRow],
        blackouts: list[Blackout],
        wishes: list[Wish],
    ) -> None:
        self.r = reader
        # Ids of every entry the file names, in file order, also those that
        # failed their own checks: references to them are not reported again,
        # and a wrong reference is offered them among the ids expected.
        self.declared = declared
        self.cities = {c.id: c for c in cities}
        self.hosts = hosts
        self.series = {s.id: s for s in series}
        self.city_list, self.series_list = cities, series
        self.history, self.blackouts, self.wishes = history, blackouts, wishes

    def run(self) -> None:
        self.unique_ids("cities", self.city_list)
        self.unique_ids("series", self.series_list)
        for s in self.series_list:
            self.check_series(s)
        for c in self.city_list:
            self.check_city(c)
        self.check_history()
        for b in self.blackouts:
            self.check_blackout(b)
        for w in self.wishes:
            self.check_wish(w)
        self.check_conflicts()

    def unique_ids(self, kind: str, entries: Iterable[_Entry]) -> None:
        seen: dict[str, int] = {}
        for e in entries:
            if e.id in seen:
                self.r.report(
                    (kind, e.index),
                    e.entry,
                    "id",
                    f"{e.id!r} is already the id of {kind}[{seen[e.id]}]; expected a unique id",
                )
            seen.setdefault(e.id, e.index)

    def known_city(
        self, path: tuple, entry: str, key: str, city_id: str, *, host_of: str | None = None
    ) -> City | None:
        city = self.cities.get(city_id)
        if city is None and city_id in self.declared["cities"]:
            return None
        if city is None:
            self.r.report(
                path,
                entry,
                key,
                f"{city_id!r} is not a city of this network; "
                f"expected one of {_listing(self.hosts)}{_suggest(city_id, self.declared['cities'])}",
            )
            return None
        if city.guest:
            role = host_of or "named here"
            self.r.report(path, entry, key, f"{city_id!r} is a guest; a guest cannot be {role}")
            return None
        return city

    def known_series(self, path: tuple, entry: str, key: str, series_id: str) -> Series | None:
        series = self.series.get(series_id)
        if series is None and series_id not in self.declared["series"]:
            self.r.report(
                path,
                entry,
                key,
                f"{series_id!r} is not a series of this network; "
                f"expected one of {_listing(self.declared['series'])}"
                f"{_suggest(series_id, self.declared['series'])}",
            )
        return series

    def check_series(self, s: Series) -> None:
        path = ("series", s.index)
        if s.members_given:
            for member in s.members:
                self.known_city(path, s.entry, "members", member, host_of="a member")
        if s.order is not None:
            missing = [m for m in s.members if m not in s.order]
            extra = [m for m in s.order if m not in s.members]
            if missing or extra:
                detail = "; ".join(
                    x
                    for x in (
                        f"missing {', '.join(missing)}" if missing else "",
                        f"not members: {', '.join(extra)}" if extra else "",
                    )
                    if x
                )
                self.r.report(path, s.entry, "order", f"expected every member exactly once ({detail})")
        for other in s.distinct_from:
            self.known_series(path, s.entry, "distinct_from", other)
        has_history = any(h.series == s.id for h in self.history)
        if s.first_year is None and s.every > 1:
            self.r.report(
                path,
                s.entry,
                "first_year",
                f"is required with every = {s.every}: "
                "expected the year of one edition, to fix which years have one",
            )
        elif s.first_year is None and not has_history:
            self.r.report(
                path,
                s.entry,
                "first_year",
                "is required for a series without history: expected the year of its first edition",
            )
        if s.quota is not None:
            self.check_quota(s, s.quota)

    def check_quota(self, s: Series, q: Quota) -> None:
        path = ("series", s.index, "quota")
        teams = self.most_delegations(s)
        room = q.capacity - q.host_extra
        if q.min * teams > room:
            self.r.report(
                path,
                s.entry,
                "min",
                f"quota min {q.min} x {teams} delegations = {q.min * teams} "
                f"places, more than capacity {q.capacity} - host_extra {q.host_extra} = {room}",
            )
        if q.method == "population":
            for city in self.delegations(s):
                if city.population is None:
                    self.r.report(
                        ("cities", city.index),
                        city.entry,
                        "population",
                        f"is required: series {s.id!r} shares places by population",
                    )

    def delegations(self, s: Series) -> list[City]:
        """Every town that sends a delegation to `s` in some year, once each.

        A town that comes as a guest before it joins (`guest_from`) is both a
        member and a guest of the series: it is listed once, as a member.
        """
        members = [self.cities[m] for m in s.members if m in self.cities]
        return members + [g for g in guests_of(self.city_list, s) if g.id not in s.members]

    def most_delegations(self, s: Series) -> int:
        """The most delegations that are ever active together in an edition."""
        teams = self.delegations(s)
        turning = {1900} | {c.joined for c in teams if c.joined} | {c.left + 1 for c in teams if c.left}
        turning |= {c.guest_from for c in teams if c.guest_from}
        return max((sum(c.active(y) or c.guest_in(y) for c in teams) for y in turning), default=0)

    def check_city(self, c: City) -> None:
        path = ("cities", c.index)
        if c.guest:
            if c.joined is None:
                self.r.report(
                    path, c.entry, "joined", "is required for a guest: the first year it takes part"
                )
            if c.guest_from is not None:
                self.r.report(
                    path,
                    c.entry,
                    "guest_from",
                    "is for a town that will join (it comes as a guest until `joined`); "
                    "a guest takes part from `joined` on",
                )
        elif c.guest_from is not None:
            if c.joined is None or c.guest_from >= c.joined:
                self.r.report(
                    path,
                    c.entry,
                    "guest_from",
                    f"expected a year before `joined` (the year it becomes a member), got {c.guest_from}",
                )
        elif c.series is not None:
            self.r.report(
                path,
                c.entry,
                "series",
                "is only for guests and towns that come as guests before they join "
                "(members take part in their series)",
            )
        for series_id in c.series or ():
            self.known_series(path, c.entry, "series", series_id)

    def check_history(self) -> None:
        seen: dict[tuple[str, int], int] = {}
        for h in self.history:
            path = ("history", h.index)
            series = self.known_series(path, h.entry, "series", h.series)
            key = (h.series, h.year)
            if key in seen:
                self.r.report(
                    path,
                    h.entry,
                    "year",
                    f"{h.series} {h.year} already has history[{seen[key]}]; "
                    "expected one row per series and year",
                )
            seen.setdefault(key, h.index)
            city = self.known_city(path, h.entry, "host", h.host, host_of="a host")
            if series is None:
                continue
            self.check_edition_year(path, h.entry, "year", series, h.year)
            if city is not None and city.id not in series.members:
                self.r.report(
                    path,
                    h.entry,
                    "host",
                    f"{h.host!r} is not a member of {series.id!r}; "
                    f"expected one of {', '.join(series.members)}",
                )
            elif city is not None and not city.active(h.year):
                why = "joined" if city.joined is not None and h.year < city.joined else "left"
                self.r.report(
                    path,
                    h.entry,
                    "host",
                    f"{history_says(h, city, series)}, but "
                    f"{located(city.line, city.entry, membership_says(city, why))}: "
                    f"{h.host!r} does not take part in {h.year}",
                )

    def check_conflicts(self) -> None:
        """Entries that contradict each other, which no plan can keep together.

        A held or fixed row on its host's own blackout year; two rows of the
        same year, at least one of them fixed, giving one town two series that
        are `distinct_from` each other. (Two held rows are past facts: a
        `distinct_from` added later does not make them wrong.) Without a
        solver: the solver's conflict search finds the rest when planning.
        """
        kept = [h for h in self.history if h.status != "cancelled" and h.host in self.cities]
        for h in kept:
            city, series = self.cities[h.host], self.series.get(h.series)
            for b in self.blackouts:
                if b.city == h.host and b.applies(h.series) and h.year in b.years:
                    theirs = located(b.line, b.entry, blackout_says(b, city, h.year))
                    self.conflict(h, f"{history_says(h, city, series)}, but {theirs}")
        for h in kept:
            for other in kept:
                if (other.year, other.host) != (h.year, h.host) or other.index >= h.index:
                    continue
                if "fixed" not in (h.status, other.status):
                    continue
                rule = self.distinct_rule(h.series, other.series)
                if rule is None:
                    continue
                city = self.cities[h.host]
                theirs = located(
                    other.line, other.entry, history_says(other, city, self.series[other.series])
                )
                ours = located(rule.line, rule.entry, distinct_says(rule, *self.other_of(rule, h, other)))
                says = f"{history_says(h, city, self.series[h.series])}, but {theirs}, and {ours}"
                self.conflict(h, says, "all three")

    def distinct_rule(self, one: str, two: str) -> Series | None:
        """The series whose `distinct_from` keeps `one` and `two` apart, if any."""
        for mine, theirs in ((one, two), (two, one)):
            series = self.series.get(mine)
            if series is not None and theirs in series.distinct_from:
                return series
        return None

    def other_of(self, rule: Series, *rows: HistoryRow) -> tuple[Series | None, str]:
        other = next(r.series for r in rows if r.series != rule.id)
        return self.series.get(other), other

    def conflict(self, h: HistoryRow, message: str, which: str = "both") -> None:
        self.r.report(("history", h.index), h.entry, "host", f"{message}; no plan can keep {which}")

    def check_edition_year(self, path: tuple, entry: str, key: str, series: Series, year: int) -> None:
        if series.first_year is not None and year < series.first_year:
            self.r.report(
                path,
                entry,
                key,
                f"{year} is before the first edition of '{series.id}' (first_year = {series.first_year})",
            )
        elif not series.has_edition(year):
            self.r.report(
                path,
                entry,
                key,
                f"{series.id!r} has no edition in {year}: it meets every "
                f"{series.every} years from {series.first_year}",
            )

    def check_blackout(self, b: Blackout) -> None:
        path = ("blackouts", b.index)
        self.known_city(path, b.entry, "city", b.city, host_of="in a blackout")
        if b.series is not None:
            self.known_series(path, b.entry, "series", b.series)

    def check_wish(self, w: Wish) -> None:
        path = ("wishes", w.index)
        city = self.known_city(path, w.entry, "city", w.city, host_of="in a wish")
        series = None if w.series is None else self.known_series(path, w.entry, "series", w.series)
        why = None if city is None else why_not_hosting(city, w.year)
        if city is not None and why is not None:
            self.r.report(
                path,
                w.entry,
                "year",
                f"{wish_says(w, city, series)}, but {located(city.line, city.entry, why)}; "
                f"expected a year in which {city.name} can host: {hosting_years(city)}",
            )
        if series is None:
            return
        self.check_edition_year(path, w.entry, "year", series, w.year)
        if city is not None and city.id not in series.members:
            self.r.report(
                path, w.entry, "city", f"{w.city!r} is not a member of {series.id!r}, so it cannot host it"
            )


# Keys whose values name cities: a wrong one gets the id that was probably meant.
CITY_REFERENCES = {"host", "city", "members", "order"}
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ð": "d", "þ": "th", "ß": "ss", "đ": "d", "ł": "l"})


def _fold(word: str) -> str:
    """Lower case without accents: "Tromsø" and "TROMSO" both give "tromso"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _has_required(values: dict, spec: dict[str, Field]) -> bool:
    return all(key in values for key, rule in spec.items() if rule.required)


def _complete_ends(history: list[HistoryRow], series: list[Series]) -> list[HistoryRow]:
    """A row that gives only `start` lasts its series' `duration_days`."""
    from dataclasses import replace

    length = {s.id: s.duration_days for s in series}
    return [
        replace(h, end=h.start + dt.timedelta(days=length[h.series] - 1))
        if h.start is not None and h.end is None and h.series in length
        else h
        for h in history
    ]


def _entry(kind: str, index: int, raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and len(raw["id"]) <= 60:
        return f'{kind}[{index}] "{raw["id"]}"'
    return f"{kind}[{index}]"


def _unknown_key(key: str, known: Collection[str]) -> str:
    close = f.closest(key, known)
    hint = f"; did you mean {close!r}?" if close else f"; known keys: {', '.join(known)}"
    return f"unknown key {f._show(key)}{hint}"


def _suggest(word: str, known: Collection[str]) -> str:
    close = f.closest(word, known)
    return f" (did you mean {close!r}?)" if close else ""


def _listing(known: Collection[str]) -> str:
    names = list(known)
    if not names:
        return "(none is valid yet)"
    return ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")


__all__ = ["load_network", "parse_network", "bundled_network_path"]
