"""The base rota: who would host each edition if nothing got in the way.

Pure Python, shared by `validate` (which shows the rota it will use), the
solver (which measures every departure from it) and the plan validator.
"""

from __future__ import annotations

from dataclasses import dataclass

from novu_planner.network.model import HistoryRow, Network, Series
from novu_planner.plans.model import Edition, Status


@dataclass(frozen=True)
class Anchor:
    """The edition the rota counts from."""

    year: int
    host: str
    row: HistoryRow | None  # None: anchored at first_year, or at the first planned year


@dataclass(frozen=True)
class BaseRota:
    """A series' base rota: the order its members host in, where it came from, and its anchor."""

    series: Series
    order: tuple[str, ...]
    order_source: str  # "given", "inferred" (from history) or "members"
    anchor: Anchor


def infer_order(network: Network, series: Series, before: int) -> tuple[tuple[str, ...], str]:
    """The order, and whether it was given, inferred from history or taken from members."""
    if series.order is not None:
        return series.order, "given"
    rows = [h for h in network.history_of(series.id) if h.year < before and h.host in series.members]
    if series.rota == "editions":
        # A cancelled edition uses up nobody's turn: the town that holds the
        # next edition after its own cancelled one is taking that same turn.
        rows = [h for h in rows if h.status != "cancelled"]
    run: list[str] = []
    for row in reversed(rows):
        if row.host in run or len(run) == len(series.members):
            break
        run.insert(0, row.host)
    if not run:
        return series.members, "members"
    return tuple(run) + tuple(m for m in series.members if m not in run), "inferred"


def find_anchor(network: Network, series: Series, order: tuple[str, ...], first_planned: int) -> Anchor:
    counted = ("held", "fixed") if series.rota == "editions" else ("held", "fixed", "cancelled")
    rows = [h for h in network.history_of(series.id) if h.year < first_planned and h.status in counted]
    if rows:
        return Anchor(rows[-1].year, rows[-1].host, rows[-1])
    # No history to count from: the first edition (first_year, or else the
    # first planned one) that some member takes part in goes to the first
    # of the order taking part. Editions before it had nobody to host them.
    year = series.first_year if series.first_year is not None else first_planned
    for candidate in edition_years(series, year, max(year, first_planned) + 400):
        host = next((c for c in order if network.city(c).active(candidate)), None)
        if host is not None:
            return Anchor(candidate, host, None)
    return Anchor(year, order[0], None)  # nobody ever takes part: every edition is impossible


def base_rota(network: Network, series: Series, first_planned: int) -> BaseRota:
    order, source = infer_order(network, series, first_planned)
    return BaseRota(series, order, source, find_anchor(network, series, order, first_planned))


def next_host(network: Network, order: tuple[str, ...], after: str, year: int) -> str | None:
    """The member after `after` in the order, skipping those not taking part in `year`."""
    start = order.index(after) if after in order else -1
    for step in range(1, len(order) + 1):
        candidate = order[(start + step) % len(order)]
        if network.city(candidate).active(year):
            return candidate
    return None


def base_hosts(network: Network, rota: BaseRota, last_year: int) -> dict[int, str | None]:
    """The base host of every edition from the anchor up to `last_year`.

    Under `rota = "editions"` a cancelled edition uses up no turn, so the
    order resumes where it stopped; under `"years"` every edition does.
    """
    series = rota.series
    rows = {h.year: h for h in network.history_of(series.id)}
    hosts: dict[int, str | None] = {rota.anchor.year: rota.anchor.host}
    current: str | None = rota.anchor.host
    for year in range(rota.anchor.year + 1, last_year + 1):
        if not series.has_edition(year):
            continue
        row = rows.get(year)
        if row is not None and row.status == "cancelled" and series.rota == "editions":
            hosts[year] = None
            continue
        turn = next_host(network, rota.order, current, year) if current else None
        hosts[year] = turn
        current = turn or current
    return hosts


def edition_years(series: Series, first: int, last: int) -> list[int]:
    return [y for y in range(first, last + 1) if series.has_edition(y)]


def past_editions(network: Network, rota: BaseRota, first_planned: int) -> list[Edition]:
    """History rows before the plan, and the `assumed` editions after the last of them."""
    series = rota.series
    rows = network.history_of(series.id)
    base = base_hosts(network, rota, first_planned - 1)
    past = [
        Edition(series.id, h.year, Status(h.status), h.host, base.get(h.year), h.start, h.end)
        for h in rows
        if h.year < first_planned
    ]
    # The editions after the last history row are assumed (years with no row
    # inside history are gaps the format ignores). Anchored at first_year
    # rather than at a row, that first edition is assumed too.
    last_row = max((h.year for h in rows if h.year < first_planned), default=None)
    start = rota.anchor.year if last_row is None else last_row + 1
    for year in edition_years(series, start, first_planned - 1):
        host = base.get(year)
        if host is not None and network.city(host).active(year):
            past.append(Edition(series.id, year, Status.ASSUMED, host, host))
    return past
