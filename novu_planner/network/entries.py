"""The user's entries named for a message: line, entry, town, year and reason.

The solver names the entries behind its constraints with short keys
(`history[4]`, `blackouts[0].years[0] = 2028`, `cities[2] "lahti" left =
2030`), which identify its assumption literals. A coordinator needs more:
where the entry is and what it says, such as

    line 71, history[4]: Tromsø hosts Youth week 2028 (fixed)
    line 80, blackouts[0]: Tromsø cannot host 2028 (new culture house)

The loader's own conflict checks use the same wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from novu_planner.errors import Problem
from novu_planner.network.model import Blackout, City, HistoryRow, Network, Series, Wish


@dataclass(frozen=True)
class NamedEntry:
    """One entry of a conflict: its key (machine-readable), its line and what it says."""

    entry: str
    line: int | None
    text: str

    def to_json(self) -> dict[str, object]:
        return {"entry": self.entry, "line": self.line, "text": self.text}


def located(line: int | None, entry: str, says: str) -> str:
    where = f"line {line}, {entry}" if line is not None else entry
    return f"{where}: {says}"


def _name(city: City | None, fallback: str) -> str:
    return city.name if city is not None else fallback


def history_says(row: HistoryRow, city: City | None, series: Series | None) -> str:
    what = f"{series.name} " if series is not None else ""
    return f"{_name(city, row.host)} hosts {what}{row.year} ({row.status})"


def blackout_says(blackout: Blackout, city: City | None, year: int, series: Series | None = None) -> str:
    what = f"{series.name} " if series is not None else ""
    why = f" ({blackout.reason})" if blackout.reason else ""
    return f"{_name(city, blackout.city)} cannot host {what}{year}{why}"


def membership_says(city: City, key: str) -> str:
    if key == "joined":
        return f"{city.name} takes part only from {city.joined} (joined = {city.joined})"
    if key == "left":
        return f"{city.name} takes part only until {city.left} (left = {city.left})"
    return f"{city.name} is a guest (guest = true) and never hosts"


def wish_says(wish: Wish, city: City | None, series: Series | None) -> str:
    what = f"{series.name} " if series is not None else ""
    return f"{_name(city, wish.city)} wishes to host {what}{wish.year}"


def why_not_hosting(city: City, year: int) -> str | None:
    """Why `city` cannot host in `year` by its own entry (guest, not yet joined, left); None if it can."""
    if city.guest:
        return membership_says(city, "guest")
    if city.active(year):
        return None
    if city.guest_in(year):
        assert city.joined is not None and city.guest_from is not None
        return (
            f"{city.name} comes as a guest {city.guest_from}–{city.joined - 1} "
            f"(guest_from = {city.guest_from}) and hosts only from {city.joined} (joined = {city.joined})"
        )
    return membership_says(city, "joined" if city.joined is not None and year < city.joined else "left")


def hosting_years(city: City) -> str:
    """The years in which a member can host, in words: "2030 to 2034", "2030 or later"."""
    if city.joined is not None and city.left is not None:
        return f"{city.joined} to {city.left}"
    if city.joined is not None:
        return f"{city.joined} or later"
    return f"{city.left} or earlier"


def idle_blackouts(network: Network) -> list[str]:
    """Warnings for blackout years in which the town cannot host anyway: harmless, but pointless.

    Located as a problem is ("file:line: blackouts[0]: years: ..."), one per
    blackout and reason, in file order.
    """
    label = str(network.source) if network.source is not None else "<network>"
    warnings = []
    for b in network.blackouts:
        city = network.city(b.city)
        idle: dict[str, list[int]] = {}
        for year in b.years:
            why = why_not_hosting(city, year)
            if why is not None:
                idle.setdefault(why, []).append(year)
        for why, years in idle.items():
            listed = ", ".join(map(str, years))
            says = (
                f"{city.name} cannot host {listed} anyway: {located(city.line, city.entry, why)}; "
                "the blackout changes nothing there"
            )
            warnings.append(str(Problem(label, b.line, b.entry, "years", says)))
    return warnings


def distinct_says(series: Series, other: Series | None, other_id: str) -> str:
    them = other.name if other is not None else other_id
    return f"no town hosts {series.name} and {them} in the same year (distinct_from {other_id!r})"


def members_says(network: Network, series: Series) -> str:
    names = ", ".join(_name(_city(network, m), m) for m in series.members)
    return f"only its members host {series.name}: {names} (members)"


_Entry = TypeVar("_Entry", HistoryRow, Blackout, City, Series)

# The solver's keys; compiled on first use (only a plan that cannot be made names its entries).
_HISTORY = r"history\[(\d+)\]"
_BLACKOUT = r"blackouts\[(\d+)\]\.years\[\d+\] = (\d+)"
_CITY = r'cities\[(\d+)\] ".*" (joined|left|guest) = .*'
_MEMBERS = r'series\[(\d+)\] ".*" members'
_DISTINCT = r"series\[(\d+)\] \".*\" distinct_from '(.*)'"


def name_entry(network: Network, key: str) -> NamedEntry:
    """The entry behind a solver's key, with its line and what it says; the key alone if unknown."""
    named = _name_entry(network, key)
    if named is None:
        return NamedEntry(key, None, key)
    line, entry, says = named
    return NamedEntry(key, line, located(line, entry, says))


def _name_entry(network: Network, key: str) -> tuple[int | None, str, str] | None:
    if match := re.fullmatch(_HISTORY, key):
        row = _at(network.history, int(match[1]))
        if row is None:
            return None
        return row.line, row.entry, history_says(row, _city(network, row.host), _series(network, row.series))
    if match := re.fullmatch(_BLACKOUT, key):
        blackout = _at(network.blackouts, int(match[1]))
        if blackout is None:
            return None
        series = _series(network, blackout.series) if blackout.series else None
        says = blackout_says(blackout, _city(network, blackout.city), int(match[2]), series)
        return blackout.line, blackout.entry, says
    if match := re.fullmatch(_CITY, key):
        city = _at(network.cities, int(match[1]))
        return None if city is None else (city.line, city.entry, membership_says(city, match[2]))
    if match := re.fullmatch(_MEMBERS, key):
        series = _at(network.series, int(match[1]))
        return None if series is None else (series.line, series.entry, members_says(network, series))
    if match := re.fullmatch(_DISTINCT, key):
        series = _at(network.series, int(match[1]))
        if series is None:
            return None
        return series.line, series.entry, distinct_says(series, _series(network, match[2]), match[2])
    return None


def _at(entries: tuple[_Entry, ...], index: int) -> _Entry | None:
    return next((e for e in entries if e.index == index), None)


def _city(network: Network, city_id: str) -> City | None:
    return next((c for c in network.cities if c.id == city_id), None)


def _series(network: Network, series_id: str | None) -> Series | None:
    return next((s for s in network.series if s.id == series_id), None)
