"""A previously published plan: what a new plan must disturb least.

Its planned hosts replace the base hosts for the years it covered, its
editions outside the new years are carried over unchanged, and its
calendar SEQUENCE numbers are what the new calendars must exceed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from novu_planner.errors import InputError
from novu_planner.network.model import Network
from novu_planner.plan.model import DECIDED, Edition, PlanData, Status
from novu_planner.plan.plan_json import load_json, plan_from_json, plan_network_id


@dataclass
class PreviousPlan:
    path: Path | str  # where it was read from, as the new plan names it
    network_id: str
    editions: list[Edition]
    dropped: list[str] = field(default_factory=list)  # what no longer fits the network

    @property
    def hosts(self) -> dict[tuple[str, int], str]:
        return {e.key: e.host for e in self.editions if e.status in DECIDED and e.host and not e.carried}

    def edition(self, key: tuple[str, int]) -> Edition | None:
        return next((e for e in self.editions if e.key == key), None)

    def swaps_begun_before(
        self, first: int, hosts: Mapping[tuple[str, int], str]
    ) -> dict[tuple[str, int], str]:
        """Published swap notes whose first half now lies before `first`, host unchanged.

        The new plan cannot see the cause any more (a blackout of a year now
        past), so the published reason stands. Both halves of a swap carry
        the same note, which is how the earlier half is found.
        """
        before = {(e.series, e.note) for e in self.editions if e.note and e.year < first}
        return {
            e.key: e.note
            for e in self.editions
            if e.year >= first and (e.series, e.note) in before and hosts.get(e.key) == e.host
        }

    def carry_over(self, editions: list[Edition], first: int, last: int) -> list[Edition]:
        """Keep the previous plan's editions outside the new years, unchanged.

        An edition called off since it was published keeps its published
        days, so its event stays in the calendars, marked cancelled, instead
        of vanishing from them.
        """
        out = []
        for e in editions:
            old = self.edition(e.key)
            if old is not None and old.status in DECIDED:
                if e.status == Status.CANCELLED and e.start is None:
                    e.start, e.end = old.start, old.end
                elif e.status == Status.ASSUMED:
                    # Planned before and now in the past (a later --from): what was published stands.
                    e = replace(old, carried=True)
            out.append(e)
        known = {e.key for e in editions}
        for old in self.editions:
            if old.key in known or old.status not in DECIDED:
                continue
            if first <= old.year <= last:
                # Published, and no longer taking place: it stays, cancelled.
                note = "published earlier; no longer takes place"
                out.append(replace(old, status=Status.CANCELLED, note=note, carried=False))
            elif old.status == Status.PLANNED:
                out.append(replace(old, carried=True))
        return out


def previous_from(plan: PlanData, network: Network) -> PreviousPlan:
    """A plan in memory as the previous plan of a new one of the same network."""
    if plan.network.id != network.id:
        raise InputError(
            f"previous plan: a plan of network {plan.network.id!r}, not of {network.id!r}; "
            "expected an earlier plan of the same network"
        )
    kept, dropped = _still_in(network, plan.editions)
    label = f"the plan of {plan.first}–{plan.last} made {plan.created.isoformat() if plan.created else ''}"
    return PreviousPlan(label.strip(), network.id, kept, dropped)


def read_previous(path: str | Path, network: Network) -> PreviousPlan:
    source, data = load_json(path)
    network_id = plan_network_id(data)
    if network_id != network.id:
        raise InputError(
            f"{source}: a plan of network {network_id!r}, not of {network.id!r}; "
            "expected an earlier plan of the same network"
        )
    editions = plan_from_json(data, str(source), network).editions
    kept, dropped = _still_in(network, editions)
    return PreviousPlan(source, network_id, kept, dropped)


def _still_in(network: Network, editions: list[Edition]) -> tuple[list[Edition], list[str]]:
    """The editions whose series and host the network still has, and a warning for the others.

    A series or city taken out of the network file since the plan was made
    cannot be kept or carried over; its delegations are dropped likewise.
    """
    series = {s.id for s in network.series}
    cities = {c.id for c in network.cities}
    kept: list[Edition] = []
    gone: dict[tuple[str, str], list[int]] = {}
    for e in editions:
        if e.series not in series:
            gone.setdefault((e.series, "the series is no longer in the network"), []).append(e.year)
        elif e.host is not None and e.host not in cities:
            gone.setdefault((e.series, f"host {e.host!r} is no longer a city of it"), []).append(e.year)
        else:
            kept.append(replace(e, delegations=tuple(d for d in e.delegations if d.city_id in cities)))
    dropped = [
        f"previous plan: {sid} {', '.join(map(str, years))} left out: {why}"
        for (sid, why), years in gone.items()
    ]
    return kept, dropped
