"""The plan's types: editions, delegations, wish outcomes and the plan itself.

Plain data, passed from stage to stage: the rotation fills in the hosts,
the schedule the days and delegations, the sequences the calendar
numbers; the exporters, the checks and `show` only read it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from novu_planner.network.model import Network


class Status(StrEnum):
    """An edition's status, as plan.json and rotation.csv write it."""

    HELD = "held"
    CANCELLED = "cancelled"
    FIXED = "fixed"  # decided, not yet held
    ASSUMED = "assumed"  # between the last history row and the plan, as the rota says
    PLANNED = "planned"


# Editions that take place and get days and delegations.
TAKES_PLACE = frozenset({Status.PLANNED, Status.FIXED, Status.HELD})
# Editions a published plan decided: what a new plan must disturb least.
DECIDED = frozenset({Status.PLANNED, Status.FIXED})


class Role(StrEnum):
    HOST = "host"
    MEMBER = "member"
    GUEST = "guest"


@dataclass(frozen=True)
class Delegation:
    """One town's delegation to one edition."""

    city_id: str
    role: Role
    youth: int
    leaders: int | None
    officials: tuple[int, int] | None


@dataclass
class Edition:
    """One edition of a series, past or planned."""

    series: str
    year: int
    status: Status
    host: str | None
    base_host: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    note: str = ""
    delegations: tuple[Delegation, ...] = ()
    carried: bool = False  # taken over unchanged from the previous plan
    sequence: int = 0  # the calendar event's SEQUENCE as published with this plan
    fingerprint: str = ""  # of what the event shows, to tell whether the next plan changes it
    description_fingerprint: str = ""  # of its description text only (delegations, note)
    # When the event's content last changed: the creation time of the plan that changed it.
    last_modified: dt.datetime | None = None
    # The cities whose own feed carries the event as taking part, as published with this plan.
    feeds: tuple[str, ...] = ()
    # Cities whose own feed keeps the event, cancelled for them, because they no
    # longer take part (a town that left): city id -> that copy's SEQUENCE.
    withdrawn: dict[str, int] = field(default_factory=dict)
    # Why the days differ from the series' reference start (a holiday, another edition).
    days_note: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return self.series, self.year


@dataclass(frozen=True)
class WishOutcome:
    """Whether a wish was granted, and what granting a refused one would have cost."""

    wish_index: int
    granted: bool
    # The disruption of the best plan that grants it; None when no plan can
    # (or when it was not priced).
    disruption_if_granted: int | None = None
    # False when the time limit ran out before the cost of granting it was found.
    priced: bool = True


def event_uid(network_id: str, series_id: str, year: int) -> str:
    """Stable, and naming no host or person: re-importing updates, never duplicates."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:novu-planner:{network_id}:{series_id}:{year}"))


@dataclass
class PlanData:
    """Everything a plan holds. `novu_planner.Plan` adds writing and tables to it."""

    network: Network
    first: int
    years: int
    seed: int
    status: str  # optimal or feasible
    costs: dict[str, int]
    editions: list[Edition]
    wishes: list[WishOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: dt.datetime | None = None
    solve_seconds: float = 0.0
    changes: list[str] = field(default_factory=list)  # what changed since the previous plan
    # Hosts the model gave the editions past the horizon (not part of the
    # plan; kept so `check` can recompute the disruption).
    lookahead: dict[tuple[str, int], str] = field(default_factory=dict)
    # The plan.json whose hosts the costs were counted against (not written:
    # the same plan re-made against itself stays byte for byte the same).
    previous: str | None = None
    versions: dict[str, str] = field(default_factory=dict)  # of the libraries that made it
    # The previous plan's editions, for the report's changes (not written either).
    previous_editions: tuple[Edition, ...] | None = None

    @property
    def last(self) -> int:
        return self.first + self.years - 1

    def in_plan(self, e: Edition) -> bool:
        """Planned by this plan: inside its years and not carried over from an earlier one."""
        return self.first <= e.year <= self.last and not e.carried

    def uid(self, edition: Edition) -> str:
        return event_uid(self.network.id, edition.series, edition.year)
