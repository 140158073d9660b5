"""Which countries and subdivisions the `holidays` package knows, cached on disk.

Validating a network needs only the list of country codes and, for the
countries named, their subdivisions; importing `holidays` to ask costs more
than the rest of `validate`. The answers are kept in the user's cache folder,
keyed by the installed package's registry file, so a new `holidays` release
is asked afresh. The cache is a convenience: absent, unreadable, corrupt or
not writable, it is simply not used.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "NOVU_PLANNER_CACHE"  # a folder, or "off"


def _cache_file() -> Path | None:
    setting = os.environ.get(CACHE_ENV)
    if setting == "off":
        return None
    if setting:
        folder = Path(setting)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "novu-planner"
    return folder / "holidays-index.json"


def _key() -> str | None:
    """The installed holidays' registry file, by path, size and time: changes with every release."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    registry = Path(next(iter(spec.submodule_search_locations))) / "registry.py"
    try:
        stat = registry.stat()
    except OSError:
        return None
    return f"{registry}:{stat.st_size}:{stat.st_mtime_ns}"


def _load() -> dict[str, Any]:
    path, key = _cache_file(), _key()
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
    path = _cache_file()
    if path is None or "key" not in data:
        return
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
