"""Who takes part in an edition: the members active that year, then the guests attending."""

from __future__ import annotations

from novu_planner.network.model import City, Network, Series
from novu_planner.plans.model import Edition, Role, Status


def taking_part(
    network: Network, series: Series, year: int, host: str | None, order: tuple[str, ...] | None = None
) -> list[tuple[City, Role]]:
    """The delegations of an edition: members (in `order` when given), then guests."""
    members = [network.city(c) for c in order or series.members if network.city(c).active(year)]
    guests = [g for g in network.guests_attending(series) if g.guest_in(year)]
    out = [(c, Role.HOST if c.id == host else Role.MEMBER) for c in members]
    return out + [(g, Role.GUEST) for g in guests]


def takes_part(network: Network, e: Edition, city_id: str) -> bool:
    """Whether the city's own calendar carries the edition as one its delegation goes to."""
    if e.host == city_id or any(d.city_id == city_id for d in e.delegations):
        return True
    series = network.get_series(e.series)
    city = network.city(city_id)
    if e.status == Status.CANCELLED:
        # No delegations any more, but every town that would have come had it
        # in its calendar: the cancellation must reach them all.
        return any(c.id == city_id for c, _ in taking_part(network, series, e.year, e.host))
    return series.quota is None and city_id in series.members and city.active(e.year)


def feed_cities(network: Network, e: Edition) -> tuple[str, ...]:
    """The cities whose own calendar carries the edition as taking part, in file order."""
    if e.start is None or e.end is None:
        return ()  # no days, no event
    return tuple(c.id for c in network.cities if takes_part(network, e, c.id))
