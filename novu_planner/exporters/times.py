"""A timed series' hours as the tables and the printed plan show them (no heavy imports)."""

from __future__ import annotations

from novu_planner.network.model import Network
from novu_planner.plans.model import Edition


def edition_times(network: Network, e: Edition) -> tuple[str, str, str] | None:
    """A timed edition's start and end time (HH:MM) and its host's zone; None for all-day ones."""
    times = network.get_series(e.series).times
    if times is None or e.host is None:
        return None
    return f"{times[0]:%H:%M}", f"{times[1]:%H:%M}", network.city(e.host).timezone
