"""A previously published plan: what a new plan must disturb least.

Its planned hosts replace the base hosts for the years it covered, up to
the year the network's membership changed since it was made (`Reopened`):
from then on the rota among the members taking part is planned again. Its
editions before the new years are carried over unchanged, the ones after
them are withdrawn, and its calendar SEQUENCE numbers are what the new
calendars must exceed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from novu_planner.errors import InputError, NetworkError
from novu_planner.network.model import Network, Series
from novu_planner.plans.model import DECIDED, Edition, PlanData, Status
from novu_planner.plans.plan_json import load_json, plan_from_json, plan_network_id

# Published editions in the first planned years stay firm whatever changed:
# people have already begun to organise them.
FIRM_YEARS = 2


@dataclass(frozen=True)
class Reopened:
    """From which year the published hosts are planned again, and why."""

    year: int
    change: str  # "Randers takes part only until 2030"


@dataclass
class PreviousPlan:
    """The published plan a new plan must disturb least: its editions that still fit the network."""

    path: Path | str  # where it was read from, as the new plan names it
    network_id: str
    editions: list[Edition]
    dropped: list[str] = field(default_factory=list)  # what no longer fits the network
    # The network the plan was made from (None: the plan does not carry it).
    before: Network | None = None
    withdrawn: list[str] = field(default_factory=list)  # filled by carry_over

    @property
    def notes(self) -> dict[tuple[str, int], str]:
        return {e.key: e.note for e in self.editions if e.note}

    def reopened(self, network: Network, first: int) -> Reopened | None:
        """Where the published plan stops being firm: None when the membership has not changed.

        The first year from `first` in which some series' hosting members
        (members taking part that year, not guests) differ from those of
        the network the plan was made from; never before the first
        `FIRM_YEARS` planned years.
        """
        if self.before is None:
            return None
        last = max((e.year for e in self.editions if e.status in DECIDED), default=first - 1)
        for year in range(first, last + 1):
            changes = [
                text
                for series in network.series
                if series.id in {s.id for s in self.before.series}
                for text in membership_change(self.before, network, series, year)
            ]
            if changes:
                return Reopened(max(year, first + FIRM_YEARS), " and ".join(dict.fromkeys(changes)))
        return None

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
        """Keep the previous plan's editions before the new years; withdraw those after them.

        An edition called off since it was published keeps its published
        days, so its event stays in the calendars, marked cancelled, instead
        of vanishing from them. A published edition after the new last year
        (a shorter or earlier re-plan) is withdrawn the same way: the new
        plan does not vouch for it, so it stays in the calendars as
        cancelled, with a note, until a plan covers its year again.
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
            elif old.status == Status.PLANNED and old.year > last:
                note = f"withdrawn: planned earlier, but this plan covers only {first}–{last}"
                out.append(replace(old, status=Status.CANCELLED, note=note, carried=True))
                self.withdrawn.append(f"{old.series} {old.year}")
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
    return PreviousPlan(label.strip(), network.id, kept, dropped, plan.network)


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
    return PreviousPlan(source, network_id, kept, dropped, _made_from(data, str(source), network))


def _made_from(data: dict, source: str, network: Network) -> Network | None:
    """The network the plan carries; None when it carries none (every published host stays firm).

    Re-planning an unchanged file is the usual case: the plan then carries
    `network`'s own text, which need not be read a second time.
    """
    carried = data.get("network")
    if network.text and isinstance(carried, dict) and carried.get("text") == network.text:
        return network
    try:
        return plan_from_json(data, source).network
    except NetworkError:
        return None


def membership_change(before: Network, network: Network, series: Series, year: int) -> list[str]:
    """Why the members who may host `series` in `year` differ from `before`'s, one phrase per town."""
    old = _hosting(before, before.get_series(series.id), year)
    new = _hosting(network, series, year)
    out = []
    for city_id in sorted(new - old):
        city = network.city(city_id)
        joined = f" from {city.joined}" if city.joined is not None else ""
        out.append(f"{city.name} takes part{joined} and hosts the {series.name}")
    for city_id in sorted(old - new):
        if city_id not in {c.id for c in network.cities}:
            out.append(f"{before.city(city_id).name} is no longer in the network")
            continue
        city = network.city(city_id)
        if city.left is not None and year > city.left:
            out.append(f"{city.name} takes part only until {city.left}")
        elif city.joined is not None and year < city.joined:
            out.append(f"{city.name} takes part only from {city.joined}")
        elif city.guest:
            out.append(f"{city.name} is now a guest")
        else:
            out.append(f"{city.name} no longer hosts the {series.name}")
    return out


def _hosting(network: Network, series: Series, year: int) -> set[str]:
    return {c for c in series.members if not network.city(c).guest and network.city(c).active(year)}


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
