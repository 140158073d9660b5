"""Why an edition departs from the base rota, in words a city council reads.

Pure Python: given the problem and the chosen hosts, each planned edition
whose host is not its base host gets one sentence naming the cause (a
blackout and its reason, a membership year, a history row, another series'
host, a granted wish) and, where two cities trade turns, the swap.
"""

from __future__ import annotations

from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
from novu_planner.rules import CAUSES, Hosts


def span(first: int, second: int) -> str:
    a, b = sorted((first, second))
    return f"{a}–{str(b)[2:]}" if a // 100 == b // 100 else f"{a}–{b}"


def departure_notes(
    problem: RotationProblem,
    hosts: Hosts,
    published: Hosts | None = None,
) -> dict[tuple[str, int], str]:
    """One sentence per departure; `problem` holds the base rota they are told against.

    `published` (the previous plan's hosts) names the cause of a departure
    that nothing in the network file explains any more: it was published.
    """
    published = published or {}
    notes: dict[tuple[str, int], str] = {}
    for sp in problem.series:
        for slot in sp.planned:
            host = hosts.get((slot.series, slot.year))
            if slot.cancelled or host is None or slot.base is None or host == slot.base:
                continue
            if (slot.series, slot.year) in notes:
                continue
            notes.update(_explain(problem, sp, slot, host, hosts, published))
    return notes


def _explain(
    problem: RotationProblem, sp: SeriesProblem, slot: Slot, host: str, hosts: Hosts, published: Hosts
) -> dict[tuple[str, int], str]:
    name = problem.city
    base = slot.base
    assert base is not None  # departure_notes skips the editions with no base host
    cause = _cause(problem, sp, slot, base, host, hosts)
    if not cause and published.get((slot.series, slot.year)) == host:
        cause = "kept as published in the previous plan"
    partner = next(
        (
            other
            for other in sp.planned
            if other is not slot and other.base == host and hosts.get((other.series, other.year)) == base
        ),
        None,
    )
    if partner is not None:
        # The cause may lie on the other half of the swap (a fixed row there).
        cause = cause or _cause(problem, sp, partner, host, base, hosts)
        text = f"{name(base).name} and {name(host).name} swap {span(slot.year, partner.year)}"
        text += f": {cause}" if cause else ""
        return {(slot.series, slot.year): text, (partner.series, partner.year): text}
    text = f"{name(host).name} hosts instead of {name(base).name}"
    text += f": {cause}" if cause else ": follows the other changes to the rota"
    return {(slot.series, slot.year): text}


def _cause(
    problem: RotationProblem, sp: SeriesProblem, slot: Slot, base: str, host: str, hosts: Hosts
) -> str:
    """The first cause a rule gives, in the order `rules.CAUSES` asks them."""
    return next((text for cause in CAUSES if (text := cause(problem, sp, slot, base, host, hosts))), "")
