"""The rotation problem, prepared from a network for a range of years.

Everything the solver and the plan validator need to agree on is computed
here once, in pure Python: which editions are planned, which are only
looked ahead at, who the base host of each is, which hosts history fixes,
and where each city's turns lie. The solver turns this into CP-SAT; the
validator recomputes the costs from it by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from novu_planner.network.model import City, HistoryRow, Network, Series
from novu_planner.rotation.rota import BaseRota, Edition, base_hosts, base_rota, edition_years, past_editions


@dataclass(frozen=True)
class Slot:
    """One edition the rotation model decides (planned) or only costs (look-ahead)."""

    series: str
    year: int
    index: int  # position among the series' modelled editions, from 0
    planned: bool
    base: str | None  # base host; None when the edition uses no turn
    row: HistoryRow | None = None  # the history row of this edition (planned or look-ahead)

    @property
    def cancelled(self) -> bool:
        return self.row is not None and self.row.status == "cancelled"

    @property
    def fixed_row(self) -> HistoryRow | None:
        """The held or fixed row that decides the host (hard rule 2)."""
        if self.row is not None and self.row.status != "cancelled":
            return self.row
        return None

    @property
    def fixed_host(self) -> str | None:
        row = self.fixed_row
        return row.host if row is not None else None


@dataclass(frozen=True)
class Turn:
    """A city's k-th turn in the base rota, at a modelled edition position."""

    city: str
    k: int
    position: int  # may lie past the modelled editions (an extension of the rota)


@dataclass
class SeriesProblem:
    """One series' part of the host rotation: its base rota, past editions, slots and turns."""

    series: Series
    rota: BaseRota
    past: list[Edition]
    slots: list[Slot]  # planned editions first, then look-ahead, in year order
    turns: dict[str, list[Turn]]  # by city, in order

    @property
    def planned(self) -> list[Slot]:
        return [s for s in self.slots if s.planned]

    @property
    def size(self) -> int:
        """Number of modelled editions (planned and look-ahead)."""
        return len(self.slots)

    def modelled(self, year: int) -> Slot | None:
        """The planned or look-ahead edition of `year`."""
        return next((s for s in self.slots if s.year == year), None)


@dataclass
class RotationProblem:
    """The host rotation of every series from `first` to `last`, shared by the solver and the validator."""

    network: Network
    first: int
    last: int
    series: list[SeriesProblem]
    # The first year whose published hosts were re-opened (the network changed
    # after the previous plan); None when every published host is kept as a base.
    reopened: int | None = None

    def of(self, series_id: str) -> SeriesProblem:
        return next(sp for sp in self.series if sp.series.id == series_id)

    def city(self, city_id: str) -> City:
        return self.network.city(city_id)


def build_problem(
    network: Network,
    first: int,
    years: int,
    previous: dict[tuple[str, int], str] | None = None,
    reopened: int | None = None,
) -> RotationProblem:
    """Prepare the rotation for the `years` calendar years starting at `first`.

    `previous` maps (series, year) to the host a published plan gave: those
    hosts take the place of the base hosts, so the new plan disturbs least
    what people were already told. With `reopened`, only the published
    editions before that year are firm; from it on, the base is the rota
    among the members taking part, continued from the firm editions
    (`continued_rota`), so a plan re-made after a member left or joined is
    fair again.
    """
    last = first + years - 1
    series = [_series_problem(network, s, first, last, previous or {}, reopened) for s in network.series]
    return RotationProblem(network, first, last, series, reopened)


def lookahead(series: Series) -> int:
    """How many editions past the horizon are costed, so a pushed-out turn costs what it really costs."""
    return len(series.members)


def _series_problem(
    network: Network,
    series: Series,
    first: int,
    last: int,
    previous: dict[tuple[str, int], str],
    reopened: int | None,
) -> SeriesProblem:
    rota = base_rota(network, series, first)
    planned_years = edition_years(series, first, last)
    n_ahead = lookahead(series)
    ahead = edition_years(series, last + 1, last + (n_ahead + 1) * series.every)[:n_ahead]
    # The rota is extended twice as far again: a city that hosts more often
    # than its base turns (others being blacked out) is matched to those.
    extension = edition_years(series, last + 1, last + 1 + 400)[: 2 * (len(planned_years) + len(ahead)) + 2]
    base = base_hosts(network, rota, max([last, *extension]))
    rows = {h.year: h for h in network.history_of(series.id)}
    prev = {y: h for (sid, y), h in previous.items() if sid == series.id}
    # A published host who can no longer host is not kept as a base.
    firm = {
        y: h
        for y, h in prev.items()
        if (reopened is None or y < reopened) and y in planned_years and eligible(network, series, h, y)
    }
    planned_base = continued_rota(network, series, planned_years, base, firm, rows, reopened)

    slots: list[Slot] = []
    for index, year in enumerate(planned_years + ahead):
        planned = year <= last
        # History decides look-ahead editions too: a cancelled one past the
        # horizon holds no turn, a fixed one its host.
        row = rows.get(year)
        host = planned_base[year] if planned else base.get(year)
        if row is not None and row.status == "cancelled":
            host = None  # the cancelled edition's turn is spent by the network's decision
        slots.append(Slot(series.id, year, index, planned, host, row))

    turns: dict[str, list[Turn]] = {}
    beyond = extension[len(ahead) :]
    positions = [(s.index, s.base) for s in slots] + [
        (len(slots) + i, base.get(y)) for i, y in enumerate(beyond)
    ]
    for position, host in positions:
        if host is not None:
            bucket = turns.setdefault(host, [])
            bucket.append(Turn(host, len(bucket), position))
    # A city may have to host more often than even the extended rota gives
    # it turns (a member about to leave while the others are blacked out).
    # Its further turns count as lying just past the extended rota.
    far = len(slots) + len(beyond)
    for city in series.members:
        bucket = turns.setdefault(city, [])
        room = sum(eligible(network, series, city, s.year) for s in slots if not s.cancelled)
        while len(bucket) < room:
            bucket.append(Turn(city, len(bucket), far))
    past = [
        # A year a published plan covered and the new plan starts after: what
        # was published is what happened, for fairness as for the outputs.
        replace(e, host=prev[e.year]) if e.status == "assumed" and e.year in prev else e
        for e in past_editions(network, rota, first)
    ]
    return SeriesProblem(series, rota, past, slots, turns)


def continued_rota(
    network: Network,
    series: Series,
    years: list[int],
    base: dict[int, str | None],
    firm: dict[int, str],
    rows: dict[int, HistoryRow],
    reopened: int | None,
) -> dict[int, str | None]:
    """The base host of each planned edition: a firm published host, or the rota continued past them.

    Without `reopened` this is the published host where there is one, else
    the rota's. With it, the firm editions may have traded turns (a swap
    published around a blackout): a town whose turn a firm edition took is
    owed it, and a town that hosted a firm edition ahead of its turn gives
    up its next turn in the rota, which goes to the earliest town still owed
    one and taking part that year. So the rota among the members taking
    part goes on from the firm editions as if they had been its own turns.
    """
    out: dict[int, str | None] = {}
    owed: list[str] = []
    ahead: Counter[str] = Counter()
    for year in years:
        rota = base.get(year)
        row = rows.get(year)
        if row is not None and row.status == "cancelled":
            out[year] = rota
            continue
        if year in firm:
            out[year] = firm[year]
            if rota != firm[year]:
                owed += [rota] if rota is not None else []
                ahead[firm[year]] += 1
            continue
        if reopened is not None and rota is not None and ahead[rota] > 0:
            ahead[rota] -= 1
            owed = [c for c in owed if network.city(c).active(year)]
            rota = owed.pop(0) if owed else rota
        out[year] = rota
    return out


def eligible(network: Network, series: Series, city_id: str, year: int) -> bool:
    """Whether a city may host `series` in `year` by membership alone (hard rule 1)."""
    city = network.city(city_id)
    return city_id in series.members and not city.guest and city.active(year)
