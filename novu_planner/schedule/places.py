"""Delegations for the planned editions, once the hosts are known.

Quotas go series by series in year order, so places that do not split
evenly are shared out over the whole plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from novu_planner.network.model import Network, Quota
from novu_planner.plans.model import TAKES_PLACE, Delegation, Edition
from novu_planner.rotation.rota import base_rota
from novu_planner.schedule.participants import taking_part

# One edition's taking part, in rota order: city id, role, population.
Participant = tuple[str, str, int | None]
Allocate = Callable[[Quota, Sequence[tuple[Edition, tuple[Participant, ...]]]], list[list[Delegation]]]


def add_delegations(
    network: Network, editions: list[Edition], first: int, last: int, allocate: Allocate
) -> None:
    """Fill in every taking-place edition's delegations; `allocate` shares out the places."""
    for series in network.series:
        if series.quota is None:
            continue
        order = base_rota(network, series, first).order
        planned = sorted(
            (
                e
                for e in editions
                if e.series == series.id and first <= e.year <= last and e.status in TAKES_PLACE and e.host
            ),
            key=lambda e: e.year,
        )
        inputs = [
            (
                e,
                tuple(
                    (c.id, role, c.population)
                    for c, role in taking_part(network, series, e.year, e.host, order)
                ),
            )
            for e in planned
        ]
        for e, delegations in zip(planned, allocate(series.quota, inputs), strict=True):
            e.delegations = tuple(delegations)
