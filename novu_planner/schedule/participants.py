"""Who takes part in an edition: the members active that year, then the guests attending."""

from __future__ import annotations

from novu_planner.network.model import City, Network, Series
from novu_planner.plan.model import Role


def taking_part(
    network: Network, series: Series, year: int, host: str | None, order: tuple[str, ...] | None = None
) -> list[tuple[City, Role]]:
    """The delegations of an edition: members (in `order` when given), then guests."""
    members = [network.city(c) for c in order or series.members if network.city(c).active(year)]
    guests = [g for g in network.guests_attending(series) if g.active(year)]
    out = [(c, Role.HOST if c.id == host else Role.MEMBER) for c in members]
    return out + [(g, Role.GUEST) for g in guests]
