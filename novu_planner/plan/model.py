"""The plan: every edition of every series with its host, days and delegations.

A `Plan` is what the exporters write and `show` reads back. It holds plain
data only; `planner.make_plan` builds it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from novu_planner.network.model import Network
from novu_planner.rotation.result import WishOutcome


@dataclass(frozen=True)
class DelegationRow:
    city_id: str
    role: str  # host, member or guest
    youth: int
    leaders: int | None
    officials: tuple[int, int] | None


@dataclass
class EditionPlan:
    series: str
    year: int
    status: str  # held, cancelled, fixed, assumed or planned
    host: str | None
    base_host: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    note: str = ""
    delegations: tuple[DelegationRow, ...] = ()
    carried: bool = False  # taken over unchanged from the previous plan
    sequence: int = 0  # the calendar event's SEQUENCE as published with this plan
    fingerprint: str = ""  # of the event's content, to tell whether the next plan changes it

    @property
    def key(self) -> tuple[str, int]:
        return self.series, self.year


def event_uid(network_id: str, series_id: str, year: int) -> str:
    """Stable, and naming no host or person: re-importing updates, never duplicates."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:novu-planner:{network_id}:{series_id}:{year}"))


@dataclass
class Plan:
    network: Network
    first: int
    years: int
    seed: int
    status: str  # optimal or feasible
    costs: dict[str, int]
    editions: list[EditionPlan]
    wishes: list[WishOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: dt.datetime | None = None
    solve_seconds: float = 0.0
    changes: list[str] = field(default_factory=list)  # what changed since the previous plan
    # Hosts the model gave the editions past the horizon (not part of the
    # plan; kept so `check` can recompute the disruption).
    lookahead: dict[tuple[str, int], str] = field(default_factory=dict)
    previous: str | None = None  # the plan.json whose hosts the costs were counted against

    @property
    def last(self) -> int:
        return self.first + self.years - 1

    def planned(self, series_id: str | None = None) -> list[EditionPlan]:
        return [
            e
            for e in self.editions
            if self.first <= e.year <= self.last
            and not e.carried
            and e.status in ("planned", "fixed", "held", "cancelled")
            and (series_id is None or e.series == series_id)
        ]

    def uid(self, edition: EditionPlan) -> str:
        return event_uid(self.network.id, edition.series, edition.year)
