"""The validated domain model of a network file.

Plain frozen dataclasses and a few pure helpers. Nothing here imports
OR-Tools or pandas: `validate` and `--help` load this module, and they must
stay instant.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HISTORY_STATUSES = ("held", "cancelled", "fixed")
ROTAS = ("editions", "years")
QUOTA_METHODS = ("equal", "population")
DEFAULT_HOLIDAY_CATEGORIES = ("public", "de_facto")

MonthDay = tuple[int, int]


@dataclass(frozen=True)
class City:
    """A town of the network (`[[cities]]`): where it is, and the years it is a member or a guest."""

    index: int
    id: str
    name: str
    country: str
    timezone: str
    subdivision: str | None = None
    population: int | None = None
    lat: float | None = None
    lon: float | None = None
    language: str | None = None
    joined: int | None = None
    left: int | None = None
    guest: bool = False
    # A town that will join: from this year until it joins it comes as a guest.
    guest_from: int | None = None
    series: tuple[str, ...] | None = None
    # The line of its [[cities]] header, for messages; not part of what the city is.
    line: int | None = field(default=None, compare=False)

    def active(self, year: int) -> bool:
        if self.joined is not None and year < self.joined:
            return False
        return self.left is None or year <= self.left

    @property
    def entry(self) -> str:
        return f'cities[{self.index}] "{self.id}"'

    def attends_as_guest(self, series: Series) -> bool:
        """A guest takes part in the series it names, by default in every series with a quota."""
        if not self.guest and self.guest_from is None:
            return False
        return series.quota is not None if self.series is None else series.id in self.series

    def guest_in(self, year: int) -> bool:
        """Whether it comes as a guest that year: a guest taking part, or a future member before it joins."""
        if self.guest:
            return self.active(year)
        return (
            self.guest_from is not None and self.joined is not None and self.guest_from <= year < self.joined
        )


@dataclass(frozen=True)
class Quota:
    """The places of a series' editions (`[series.quota]`) and how they are shared out."""

    capacity: int
    method: str = "equal"
    min: int = 0
    max: int | None = None
    host_extra: int = 0
    leaders_per: int | None = None
    officials: tuple[int, int] | None = None

    @property
    def max_share(self) -> int:
        return self.capacity if self.max is None else self.max


@dataclass(frozen=True)
class Series:
    """An event the towns take turns hosting (`[[series]]`): its cadence, rota, window and days."""

    index: int
    id: str
    name: str
    duration_days: int
    members: tuple[str, ...]
    members_given: bool = False
    every: int = 1
    first_year: int | None = None
    order: tuple[str, ...] | None = None
    rota: str = "editions"
    window: tuple[MonthDay, MonthDay] | None = None
    start_weekdays: tuple[int, ...] | None = None  # 0 = Monday
    preferred_start: MonthDay | None = None
    avoid_holidays: bool = True
    holiday_categories: tuple[str, ...] = DEFAULT_HOLIDAY_CATEGORIES
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    distinct_from: tuple[str, ...] = ()
    quota: Quota | None = None
    line: int | None = field(default=None, compare=False)  # of its [[series]] header

    @property
    def entry(self) -> str:
        return f'series[{self.index}] "{self.id}"'

    @property
    def timed(self) -> bool:
        return self.start_time is not None

    @property
    def times(self) -> tuple[dt.time, dt.time] | None:
        """The start and end time of a timed edition (the loader requires both or neither)."""
        if self.start_time is None or self.end_time is None:
            return None
        return self.start_time, self.end_time

    def has_edition(self, year: int) -> bool:
        """Whether the cadence puts an edition in `year`.

        `first_year` is the series' first edition: there are none before it.
        Without it (only allowed for yearly series with history) every year
        has an edition.
        """
        if self.first_year is None:
            return True
        return year >= self.first_year and (year - self.first_year) % self.every == 0


@dataclass(frozen=True)
class HistoryRow:
    """An edition held, cancelled or fixed before planning (`[[history]]`)."""

    index: int
    series: str
    year: int
    host: str
    status: str = "held"
    start: dt.date | None = None
    end: dt.date | None = None
    line: int | None = field(default=None, compare=False)  # of its [[history]] header

    @property
    def entry(self) -> str:
        return f"history[{self.index}]"


@dataclass(frozen=True)
class Blackout:
    """Years in which a town cannot host (`[[blackouts]]`): one series, or every series."""

    index: int
    city: str
    years: tuple[int, ...]
    series: str | None = None
    reason: str | None = None
    line: int | None = field(default=None, compare=False)  # of its [[blackouts]] header

    @property
    def entry(self) -> str:
        return f"blackouts[{self.index}]"

    def applies(self, series_id: str) -> bool:
        return self.series is None or self.series == series_id


@dataclass(frozen=True)
class Wish:
    """A town's wish to host in a year (`[[wishes]]`): one series, or any."""

    index: int
    city: str
    year: int
    series: str | None = None
    weight: int = 1
    reason: str | None = None
    line: int | None = field(default=None, compare=False)  # of its [[wishes]] header

    @property
    def entry(self) -> str:
        return f"wishes[{self.index}]"

    def applies(self, series_id: str) -> bool:
        return self.series is None or self.series == series_id


@dataclass(frozen=True)
class Network:
    """A whole network file, validated, with the text it was read from."""

    id: str
    name: str
    cities: tuple[City, ...]
    series: tuple[Series, ...]
    history: tuple[HistoryRow, ...] = ()
    blackouts: tuple[Blackout, ...] = ()
    wishes: tuple[Wish, ...] = ()
    organizer: str | None = None
    language: str | None = None  # of the report and the network-wide texts
    format: int = 1
    source: Path | None = None
    sha256: str = ""
    # The file as read, so that a plan can carry the network it was made from.
    text: str = field(default="", compare=False, repr=False)

    def city(self, city_id: str) -> City:
        return self._cities[city_id]

    def get_series(self, series_id: str) -> Series:
        return self._series[series_id]

    @functools.cached_property
    def _cities(self) -> dict[str, City]:
        return {c.id: c for c in self.cities}

    @functools.cached_property
    def _series(self) -> dict[str, Series]:
        return {s.id: s for s in self.series}

    def history_of(self, series_id: str) -> list[HistoryRow]:
        return sorted((h for h in self.history if h.series == series_id), key=lambda h: h.year)

    def blackouts_of(self, city_id: str, series_id: str) -> list[Blackout]:
        return [b for b in self.blackouts if b.city == city_id and b.applies(series_id)]

    def guests_attending(self, series: Series) -> list[City]:
        """Guests that take part in `series` (default: every series with a quota)."""
        return guests_of(self.cities, series)


def guests_of(cities: Iterable[City], series: Series) -> list[City]:
    """The guests among `cities` that take part in `series`."""
    return [c for c in cities if c.attends_as_guest(series)]
