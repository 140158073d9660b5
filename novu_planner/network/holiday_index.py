"""What the `holidays` package (and pycountry) know, cached on disk.

Validating a network needs only the list of country codes and, for the
countries named, their subdivisions; planning needs the holidays of a few
countries in a few years. Importing `holidays` to ask costs more than the
rest of `validate`, and asking it for one country's holidays imports every
country it has. The answers are kept in the user's cache folder, one file
per installed release of `holidays` and pycountry (keyed by their files'
path, size and time), so another release, or another environment beside
this one, is asked afresh without spoiling this one's file. The cache is a
convenience: absent, unreadable, corrupt or not writable, it is simply not
used, and the answers are the same either way.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CACHE_ENV = "NOVU_PLANNER_CACHE"  # a folder, or "off"


def cache_file() -> Path | None:
    """This installation's cache file, or None when the cache is off or nothing keys it."""
    setting = os.environ.get(CACHE_ENV)
    key = _key()
    if setting == "off" or key is None:
        return None
    if setting:
        folder = Path(setting)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "novu-planner"
    return folder / f"holidays-index-{hashlib.sha256(key.encode()).hexdigest()[:12]}.json"


@functools.cache
def _key() -> str | None:
    """holidays' registry file and pycountry's package, by path, size and time: they change with
    every release. Looked up once a run."""
    parts = []
    for package, name in (("holidays", "registry.py"), ("pycountry", "__init__.py")):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(next(iter(spec.submodule_search_locations))) / name
        try:
            stat = path.stat()
        except OSError:
            return None
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def _load() -> dict[str, Any]:
    path, key = cache_file(), _key()
    if path is None or key is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"key": key}
    if not isinstance(data, dict) or data.get("key") != key:
        return {"key": key}
    return data


def _store(data: dict[str, Any]) -> None:
    path = cache_file()
    if path is None or "key" not in data:
        return
    import tempfile  # only when the cache is written, which most runs never do

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
            json.dump(data, handle)
        os.replace(handle.name, path)
    except OSError:
        pass


_index: dict[str, Any] | None = None


def _cached() -> dict[str, Any]:
    global _index
    if _index is None:
        _index = _load()
    return _index


def country_classes() -> dict[str, str]:
    """Country code -> the holidays class name."""
    index = _cached()
    countries = index.get("countries")
    if isinstance(countries, dict) and all(isinstance(v, str) for v in countries.values()):
        return countries
    from holidays.registry import COUNTRIES

    # The registry names every country without importing its module.
    countries = {entry[1]: entry[0] for entry in COUNTRIES.values()}
    index["countries"] = countries
    _store(index)
    return countries


def subdivisions(country_code: str) -> tuple[str, ...]:
    """The subdivision codes the holidays package knows for one country (imports that country only)."""
    index = _cached()
    known = index.setdefault("subdivisions", {})
    if not isinstance(known, dict):
        known = index["subdivisions"] = {}
    listed = known.get(country_code)
    if isinstance(listed, list) and all(isinstance(c, str) for c in listed):
        return tuple(listed)
    name = country_classes().get(country_code)
    if name is None:
        return ()
    import holidays

    codes = tuple(getattr(holidays, name).subdivisions)
    known[country_code] = list(codes)
    _store(index)
    return codes


def categories(country_code: str) -> tuple[str, ...]:
    """The holiday categories the holidays package defines for one country."""
    found = _lookup("categories", country_code)
    if found is not None:
        return tuple(found)
    import holidays

    names = tuple(sorted(holidays.country_holidays(country_code).supported_categories))
    _remember("categories", country_code, list(names))
    return names


def iso_subdivisions(country_code: str) -> tuple[str, ...]:
    """pycountry's ISO 3166-2 codes of one country (its data takes a tenth of a second to load)."""
    found = _lookup("iso_subdivisions", country_code)
    if found is not None:
        return tuple(found)
    import pycountry

    codes = tuple(sorted(s.code for s in pycountry.subdivisions.get(country_code=country_code) or ()))
    _remember("iso_subdivisions", country_code, list(codes))
    return codes


def holiday_days(
    country_code: str, subdiv: str | None, year: int, wanted: Sequence[str], language: str
) -> list[tuple[dt.date, str]]:
    """The holidays of those categories in one country (and subdivision) and year, in date order."""
    entry = "|".join((country_code, subdiv or "", str(year), ",".join(wanted), language))
    found = _lookup("days", entry, pairs=True)
    if found is not None:
        return [(dt.date.fromisoformat(day), name) for day, name in found]
    import holidays

    days = holidays.country_holidays(
        country_code, subdiv=subdiv, years=year, categories=tuple(wanted), language=language
    )
    listed = sorted(days.items())
    _remember("days", entry, [[day.isoformat(), name] for day, name in listed], later=True)
    return listed


def _lookup(table: str, entry: str, pairs: bool = False) -> list[Any] | None:
    """A kept answer: a list of texts, or with `pairs` of [ISO date, text]; None when absent or damaged."""
    known = _cached().get(table)
    found = known.get(entry) if isinstance(known, dict) else None
    if not isinstance(found, list):
        return None
    if all(_pair(x) if pairs else isinstance(x, str) for x in found):
        return found
    return None


def _pair(item: Any) -> bool:
    if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
        return False
    try:
        dt.date.fromisoformat(item[0])
    except ValueError:
        return False
    return True


_pending = False


def _remember(table: str, entry: str, value: list[Any], later: bool = False) -> None:
    """Keep an answer; `later` writes the file once at exit, for answers that come by the hundred."""
    global _pending
    index = _cached()
    known = index.get(table)
    if not isinstance(known, dict):
        known = index[table] = {}
    known[entry] = value
    if not later:
        _store(index)
    elif not _pending:
        _pending = True
        atexit.register(_flush)


def _flush() -> None:
    global _pending
    if _pending:
        _pending = False
        _store(_cached())
