"""plan.json: the whole plan as one JSON document, and reading it back.

A plan carries the text of the network file it was made from, so that
`read_plan` gives back the same typed plan (and writing it again gives the
same bytes) without the file at hand. Reading checks every field and
reports each problem with where it is, as the network loader does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from novu_planner.errors import NetworkError, Problem
from novu_planner.files import PLAN_JSON_MAX, TooLarge, read_capped
from novu_planner.network.model import City, Network
from novu_planner.plans.model import Delegation, Edition, PlanData, Role, Status, WishOutcome

GENERATOR = "novu-planner"
FORMAT = 1
PLAN_FILE = "plan.json"
LIBRARIES = ("novu-planner", "ortools", "holidays", "tzdata", "icalendar", "pandas")


def versions() -> dict[str, str]:
    installed = _dist_folders()  # each folder on the path listed once for all the libraries
    return {package: _version(package, installed) for package in LIBRARIES}


def _dist_folders() -> list[dict[str, list[str]]]:
    """Each folder on sys.path: its `.dist-info` and `.egg-info` folders by distribution name."""
    out = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found: dict[str, list[str]] = {}
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                found.setdefault(_normalise(name.partition("-")[0]), []).append(name)
        out.append(found)
    return out


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _version(package: str, installed: list[dict[str, list[str]]] | None = None) -> str:
    """The installed distribution's version, as importlib.metadata gives it.

    Read from the name of its `<name>-<version>.dist-info` folder where that
    is plain (the first folder on sys.path that has one, as importlib.metadata
    searches): importing importlib.metadata, and the e-mail parser it reads
    the metadata with, cost a run more than the rest of writing plan.json.
    """
    for found in _dist_folders() if installed is None else installed:
        names = found.get(_normalise(package))
        if not names:
            continue
        stem = names[0].removesuffix(".dist-info")
        if len(names) == 1 and stem != names[0] and stem.count("-") == 1:
            return stem.partition("-")[2]
        break  # anything less plain: as importlib.metadata reads it
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


# -- writing ---------------------------------------------------------------------------------


def edition_json(plan: PlanData, e: Edition) -> dict:
    network = plan.network
    host = _city(network, e.host)
    return {
        "series": e.series,
        "year": e.year,
        "status": str(e.status),
        "host": e.host,
        "host_name": host.name if host else None,
        "country": host.country if host else None,
        "base_host": e.base_host,
        "start": e.start.isoformat() if e.start else None,
        "end": e.end.isoformat() if e.end else None,
        "days_note": e.days_note,
        "note": e.note,
        "carried_over": e.carried,
        "delegations": [delegation_json(network, d) for d in e.delegations],
        "calendar": calendar_json(plan, e),
    }


def calendar_json(plan: PlanData, e: Edition) -> dict:
    """What was published for the edition's event, for the next plan to compare with."""
    return {
        "uid": plan.uid(e),
        "sequence": e.sequence,
        "fingerprint": e.fingerprint,
        "description_fingerprint": e.description_fingerprint,
        "last_modified": e.last_modified.isoformat() if e.last_modified else None,
        "feeds": list(e.feeds),
        "withdrawn": dict(sorted(e.withdrawn.items())),
    }


def delegation_json(network: Network, d: Delegation) -> dict:
    city = _city(network, d.city_id)
    return {
        "city_id": d.city_id,
        "city": city.name if city else d.city_id,
        "role": str(d.role),
        "youth": d.youth,
        "leaders": d.leaders,
        "officials_min": d.officials[0] if d.officials else None,
        "officials_max": d.officials[1] if d.officials else None,
    }


def _city(network: Network, city_id: str | None) -> City | None:
    if city_id is None:
        return None
    try:
        return network.city(city_id)
    except KeyError:
        return None


def _wish_json(plan: PlanData, w: WishOutcome) -> dict:
    wish = plan.network.wishes[w.wish_index]
    out: dict[str, Any] = {
        "entry": wish.entry,
        "city": wish.city,
        "year": wish.year,
        "series": wish.series,
        "weight": wish.weight,
        "reason": wish.reason,
    }
    if not w.granted:
        out["disruption_if_granted"] = w.disruption_if_granted
        out["disruption_now"] = plan.costs.get("disruption")
        out["priced"] = w.priced  # false: the time limit ran out before it was priced
    return out


def plan_to_json(plan: PlanData) -> dict:
    network = plan.network
    return {
        "generator": GENERATOR,
        "format": FORMAT,
        "network": {
            "id": network.id,
            "name": network.name,
            "file": network.source.name if network.source else None,
            "sha256": network.sha256,
            "text": network.text,
        },
        "from": plan.first,
        "years": plan.years,
        "to": plan.last,
        "seed": plan.seed,
        "created": plan.created.isoformat() if plan.created else None,
        "versions": plan.versions or versions(),
        "status": plan.status,
        "costs": plan.costs,
        "warnings": plan.warnings,
        "wishes_granted": [_wish_json(plan, w) for w in plan.wishes if w.granted],
        "wishes_not_granted": [_wish_json(plan, w) for w in plan.wishes if not w.granted],
        "changes": plan.changes,
        "editions": [edition_json(plan, e) for e in plan.editions],
        "lookahead": [{"series": s, "year": y, "host": h} for (s, y), h in sorted(plan.lookahead.items())],
        **_previous_json(plan),
    }


def _shown(e: Edition) -> tuple:
    return e.status, e.host, e.start, e.end, e.delegations


def _previous_json(plan: PlanData) -> dict:
    """The previous plan's editions, for the report's "changes since": written only when one of them
    differs, so that a plan made again, unchanged, against itself stays the same bytes."""
    earlier = plan.previous_editions
    if earlier is None:
        return {}
    before = {e.key: _shown(e) for e in earlier}
    now = {e.key: _shown(e) for e in plan.editions}
    if set(now) == set(before) and all(before[key] == shown for key, shown in now.items()):
        return {}
    return {"previous_editions": [edition_json(plan, e) for e in earlier]}


def dumps(plan: PlanData) -> str:
    return json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2) + "\n"


# -- reading ---------------------------------------------------------------------------------


def find_plan_json(path: str | Path) -> Path:
    path = Path(path)
    return path / PLAN_FILE if path.is_dir() else path


def load_json(path: str | Path) -> tuple[Path, dict]:
    """The plan.json in `path` (a plan folder or the file), parsed; InputError-style problems otherwise."""
    source = find_plan_json(path)
    label = str(source)

    def fail(message: str) -> NetworkError:
        return NetworkError([Problem(label, None, None, None, message)])

    try:
        raw = read_capped(source, PLAN_JSON_MAX)
    except TooLarge as error:
        raise fail(f"is {error}; expected a plan.json of novu-planner") from None
    except FileNotFoundError:
        raise fail("no such file; expected a plan folder or its plan.json") from None
    except IsADirectoryError:
        raise fail("is a folder without a plan.json; expected a plan folder or its plan.json") from None
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror or error})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise fail(f"byte {error.start} is not UTF-8; expected a plan.json of novu-planner") from None
    except (ValueError, RecursionError) as error:
        raise fail(f"is not JSON ({error}); expected a plan.json of novu-planner") from None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        raise fail("is not a plan.json written by novu-planner")
    return source, data


def plan_network_id(data: dict) -> Any:
    network = data.get("network")
    return network.get("id") if isinstance(network, dict) else None


def read_plan_file(path: str | Path, network: Network | None = None) -> PlanData:
    """The plan in a plan folder or plan.json, typed.

    Without `network`, the network the plan carries is used; with it, the
    plan is read against that network (a city or series it no longer has
    is a problem for the caller, not for reading).
    """
    source, data = load_json(path)
    return plan_from_json(data, str(source), network)


def plan_from_json(data: dict, label: str, network: Network | None = None) -> PlanData:
    reader = _Reader(label)
    plan = reader.plan(data, network)
    if reader.problems:
        raise NetworkError(reader.problems)
    assert plan is not None
    return plan


def _wish_index(entry: str) -> int:
    match = re.fullmatch(r"wishes\[(\d+)\]", entry)
    if not match:
        raise ValueError(f"expected an entry such as 'wishes[0]', got {entry!r}")
    return int(match.group(1))


class _Reader:
    """Reads plan.json field by field, collecting every problem with its place."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []

    def bad(self, entry: str | None, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.label, None, entry, key, message))

    def get(
        self, raw: Any, entry: str | None, key: str, check: Callable[[Any], Any], default: Any = ...
    ) -> Any:
        if not isinstance(raw, dict):
            self.bad(entry, None, f"expected an object, got {type(raw).__name__}")
            return None
        if key not in raw:
            if default is not ...:
                return default
            self.bad(entry, key, "is missing")
            return None
        try:
            return check(raw[key])
        except (TypeError, ValueError, KeyError, OverflowError) as error:
            self.bad(entry, key, str(error) or "has the wrong type")
            return None

    def plan(self, data: dict, network: Network | None) -> PlanData | None:
        meta = self.get(data, None, "network", _object)
        if network is None and meta is not None:
            network = self.network(meta)
        first = self.get(data, None, "from", _year)
        years = self.get(data, None, "years", _int(1, 1000))
        editions = [
            e
            for i, raw in enumerate(self.get(data, None, "editions", _list) or [])
            if (e := self.edition(f"editions[{i}]", raw)) is not None
        ]
        lookahead = {}
        for i, raw in enumerate(self.get(data, None, "lookahead", _list, []) or []):
            where = f"lookahead[{i}]"
            series, year, host = (
                self.get(raw, where, "series", _text),
                self.get(raw, where, "year", _year),
                self.get(raw, where, "host", _text),
            )
            if series is not None and year is not None and host is not None:
                lookahead[series, year] = host
        wishes = self.wishes(data, "wishes_granted", True) + self.wishes(data, "wishes_not_granted", False)
        plan = PlanData(
            network=network,  # type: ignore[arg-type]  # checked below
            first=first,
            years=years,
            seed=self.get(data, None, "seed", _int(0, 2**31 - 1), 0),
            status=self.get(data, None, "status", _choice("optimal", "feasible")),
            costs=self.get(data, None, "costs", _costs, {}),
            editions=editions,
            wishes=sorted(wishes, key=lambda w: w.wish_index),
            warnings=self.get(data, None, "warnings", _texts, []),
            created=self.get(data, None, "created", _optional(_datetime), None),
            changes=self.get(data, None, "changes", _texts, []),
            lookahead=lookahead,
            versions=self.get(data, None, "versions", _text_map, {}),
            previous_editions=self._previous(data),
        )
        if network is None or self.problems:
            return None
        return plan

    def _previous(self, data: dict) -> tuple[Edition, ...] | None:
        if "previous_editions" not in data:
            return None
        raws = self.get(data, None, "previous_editions", _list) or []
        return tuple(
            e for i, raw in enumerate(raws) if (e := self.edition(f"previous_editions[{i}]", raw)) is not None
        )

    def network(self, meta: dict) -> Network | None:
        from novu_planner.network.loader import parse_network

        text = self.get(meta, "network", "text", _text, None)
        if not text:
            self.bad(
                "network",
                "text",
                "is missing (a plan made before plans carried their network); give the network file too",
            )
            return None
        name = self.get(meta, "network", "file", _optional(_text), None)
        sha256 = self.get(meta, "network", "sha256", _text, "")
        try:
            network = parse_network(text.encode("utf-8"), f"{self.label} (network.text)")
        except NetworkError as error:
            self.problems.extend(error.problems)
            return None
        return replace(network, source=Path(name) if name else None, sha256=sha256 or network.sha256)

    def edition(self, where: str, raw: Any) -> Edition | None:
        if not isinstance(raw, dict):
            self.bad(where, None, f"expected an object, got {type(raw).__name__}")
            return None
        before = len(self.problems)
        calendar = self.get(raw, where, "calendar", _object, {}) or {}
        published = f"{where}.calendar"
        delegations = tuple(
            d
            for i, item in enumerate(self.get(raw, where, "delegations", _list, []) or [])
            if (d := self.delegation(f"{where}.delegations[{i}]", item)) is not None
        )
        edition = Edition(
            series=self.get(raw, where, "series", _text),
            year=self.get(raw, where, "year", _year),
            status=self.get(raw, where, "status", Status),
            host=self.get(raw, where, "host", _optional(_text), None),
            base_host=self.get(raw, where, "base_host", _optional(_text), None),
            start=self.get(raw, where, "start", _optional(_date), None),
            end=self.get(raw, where, "end", _optional(_date), None),
            note=self.get(raw, where, "note", _optional(_text), "") or "",
            delegations=delegations,
            carried=self.get(raw, where, "carried_over", _bool, False),
            sequence=self.get(calendar, published, "sequence", _sequence, 0),
            fingerprint=self.get(calendar, published, "fingerprint", _text, ""),
            description_fingerprint=self.get(calendar, published, "description_fingerprint", _text, ""),
            last_modified=self.get(calendar, published, "last_modified", _optional(_datetime), None),
            feeds=tuple(self.get(calendar, published, "feeds", _texts, []) or ()),
            withdrawn=self.get(calendar, published, "withdrawn", _sequences, {}) or {},
            days_note=self.get(raw, where, "days_note", _text, ""),
        )
        if edition.start and edition.end and edition.end < edition.start:
            self.bad(where, "end", f"{edition.end} lies before the start {edition.start}")
        return edition if len(self.problems) == before else None

    def delegation(self, where: str, raw: Any) -> Delegation | None:
        before = len(self.problems)
        low = self.get(raw, where, "officials_min", _optional(_int(0, 10**6)), None)
        high = self.get(raw, where, "officials_max", _optional(_int(0, 10**6)), None)
        d = Delegation(
            city_id=self.get(raw, where, "city_id", _text),
            role=self.get(raw, where, "role", Role),
            youth=self.get(raw, where, "youth", _int(0, 10**7)),
            leaders=self.get(raw, where, "leaders", _optional(_int(0, 10**7)), None),
            officials=None if low is None or high is None else (low, high),
        )
        return d if len(self.problems) == before else None

    def wishes(self, data: dict, key: str, granted: bool) -> list[WishOutcome]:
        out = []
        for i, raw in enumerate(self.get(data, None, key, _list, []) or []):
            where = f"{key}[{i}]"
            index = self.get(raw, where, "entry", _wish_index)
            cost = None if granted else self.get(raw, where, "disruption_if_granted", _optional(_cost), None)
            priced = granted or self.get(raw, where, "priced", _bool, True)
            if index is not None:
                out.append(WishOutcome(index, granted, cost, priced))
        return out


# -- value checkers: each returns the value or raises with what was expected -----------------


def _object(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _texts(value: Any) -> list[str]:
    return [_text(v) for v in _list(value)]


def _text_map(value: Any) -> dict[str, str]:
    return {_text(k): _text(v) for k, v in _object(value).items()}


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__}")
    return value


def _int(lo: int, hi: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected a whole number, got {type(value).__name__}")
        if not lo <= value <= hi:
            raise ValueError(f"expected a whole number from {lo} to {hi}, got {value}")
        return value

    return check


_year = _int(1900, 2200)
_cost = _int(0, 2**62)
_sequence = _int(0, 2**31 - 1)


def _sequences(value: Any) -> dict[str, int]:
    return {_text(k): _sequence(v) for k, v in _object(value).items()}


def _costs(value: Any) -> dict[str, int]:
    return {_text(k): _cost(v) for k, v in _object(value).items()}


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    return check


def _date(value: Any) -> dt.date:
    day = dt.date.fromisoformat(_text(value))
    if not 1900 <= day.year <= 2201:
        raise ValueError(f"expected a date from 1900 to 2200, got {value}")
    return day


def _datetime(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(_text(value))


def _optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def optional(value: Any) -> Any:
        return None if value is None else check(value)

    return optional
