"""Why an edition departs from the base rota or from the published plan, in words a city council reads.

Pure Python: given the problem and the chosen hosts, each planned edition
whose host is not its base host, or not the host the previous plan
published, gets one sentence naming the cause (a blackout and its reason, a
membership year, a history row, another series' host, a granted wish, the
change of members that re-opened the published plan) and, where two cities
trade turns, the swap. A departure that only follows from another one names
the first cause in that chain, never just "the other changes".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
from novu_planner.rules import CAUSES, Hosts, distinct
from novu_planner.rules.base import Cause

Key = tuple[str, int]


def span(first: int, second: int) -> str:
    a, b = sorted((first, second))
    return f"{a}–{str(b)[2:]}" if a // 100 == b // 100 else f"{a}–{b}"


@dataclass(frozen=True)
class Published:
    """What the previous plan said, as far as the notes need it."""

    hosts: Hosts
    notes: Mapping[Key, str] = field(default_factory=dict)
    reopened: int | None = None  # the first year planned again (see planning.previous.Reopened)
    change: str = ""  # why it was planned again


def departure_notes(
    problem: RotationProblem,
    hosts: Hosts,
    published: Hosts | Published | None = None,
) -> dict[Key, str]:
    """One sentence per departure; `problem` holds the base rota they are told against.

    `published` (the previous plan) names the cause of a departure that
    nothing in the network file explains any more (it was published, for the
    reason its own note gave), and of a change from what was published.
    """
    if not isinstance(published, Published):
        published = Published(published or {})
    heads: dict[Key, str] = {}  # what happens: "Västerås hosts instead of Lahti"
    causes: dict[Key, str] = {}  # why; "" until a cause is found
    for sp in problem.series:
        for slot in sp.planned:
            host = hosts.get((slot.series, slot.year))
            if slot.cancelled or host is None or slot.base is None or host == slot.base:
                continue
            if (slot.series, slot.year) not in heads:
                for key, (head, cause) in _explain(problem, sp, slot, host, hosts, published).items():
                    heads[key], causes[key] = head, cause
    for sp in problem.series:
        for slot in sp.planned:
            key = (slot.series, slot.year)
            host, before = hosts.get(key), published.hosts.get(key)
            if key not in heads and host is not None and before is not None and host != before:
                was = problem.city(before).name
                heads[key] = f"{problem.city(host).name} hosts instead of {was}, who was published"
                reopened = published.reopened is not None and slot.year >= published.reopened
                # In re-opened years a published host moved by `distinct_from` is a
                # knock-on of the re-opening, which is then the first cause.
                skip = (distinct.RULE.cause,) if reopened else ()
                causes[key] = _cause(problem, sp, slot, before, host, hosts, skip)
    _fill_chains(problem, published, causes)
    notes = {key: f"{head}: {causes[key]}" for key, head in heads.items()}
    for key, text in _entries(problem, hosts).items():
        notes[key] = f"{notes[key]}; {text}" if key in notes else text
    return notes


def _explain(
    problem: RotationProblem, sp: SeriesProblem, slot: Slot, host: str, hosts: Hosts, published: Published
) -> dict[Key, tuple[str, str]]:
    name = problem.city
    base = slot.base
    assert base is not None  # departure_notes skips the editions with no base host
    key = (slot.series, slot.year)
    cause = _cause(problem, sp, slot, base, host, hosts)
    if not cause and published.hosts.get(key) == host:
        cause = _kept(published.notes.get(key, ""))
    # The swap's other half is the nearest edition where the two trade back:
    # a trade ten years away is no swap a council would recognise as one.
    partners = [
        other
        for other in sp.planned
        if other is not slot and other.base == host and hosts.get((other.series, other.year)) == base
    ]
    partner = min(partners, key=lambda other: (abs(other.year - slot.year), other.year), default=None)
    if partner is not None:
        # The cause may lie on the other half of the swap (a fixed row there).
        cause = cause or _cause(problem, sp, partner, host, base, hosts)
        other = (partner.series, partner.year)
        if not cause and published.hosts.get(other) == base:
            cause = _kept(published.notes.get(other, ""))
        head = f"{name(base).name} and {name(host).name} swap {span(slot.year, partner.year)}"
        return {key: (head, cause), other: (head, cause)}
    return {key: (f"{name(host).name} hosts instead of {name(base).name}", cause)}


def _fill_chains(problem: RotationProblem, published: Published, causes: dict[Key, str]) -> None:
    """A departure no rule explains follows from another one: name the first cause in the chain.

    In the years a changed membership re-opened, that change is the first
    cause; otherwise the earliest explained departure up to that year (of
    any series, as `distinct_from` ties them), or else the earliest at all.
    """
    order = {sp.series.id: sp.series.index for sp in problem.series}
    explained = sorted((k for k, c in causes.items() if c), key=lambda k: (k[1], order[k[0]]))
    for key, cause in causes.items():
        if cause:
            continue
        if published.reopened is not None and key[1] >= published.reopened:
            causes[key] = _reopened(published)
            continue
        first = next((k for k in explained if k[1] <= key[1]), explained[0] if explained else None)
        if first is not None:
            series = problem.network.get_series(first[0]).name
            causes[key] = f"a knock-on of the {series} {first[1]} ({causes[first]})"
        elif published.reopened is not None:
            causes[key] = _reopened(published)
        else:
            causes[key] = "the turns move on to make room for the other changes"


def _reopened(published: Published) -> str:
    return (
        f"{published.change}, so the published editions from {published.reopened} are planned again "
        "in the rota among the members taking part"
    )


def _kept(old_note: str) -> str:
    """The cause a kept departure was published with: the first cause in its chain."""
    cause = old_note.split(": ", 1)[1] if ": " in old_note else ""
    if not cause or cause.startswith("kept as published"):
        return cause or "kept as published in the previous plan"
    return f"kept as published in the previous plan ({cause})"


def _entries(problem: RotationProblem, hosts: Hosts) -> dict[Key, str]:
    """Where a town that joins during the plan first hosts, and why there."""
    out: dict[Key, str] = {}
    network = problem.network
    for sp in problem.series:
        order = sp.rota.order
        for city_id in order:
            city = network.city(city_id)
            if city.joined is None or city.joined <= problem.first or city.guest:
                continue
            first = next(
                (s for s in sp.planned if not s.cancelled and hosts.get((s.series, s.year)) == city_id), None
            )
            if first is None:
                continue
            before = order[order.index(city_id) - 1] if len(order) > 1 else city_id
            out[(first.series, first.year)] = (
                f"{city.name}'s first turn: it takes part from {city.joined} and comes after "
                f"{network.city(before).name} in the order"
            )
    return out


def _cause(
    problem: RotationProblem,
    sp: SeriesProblem,
    slot: Slot,
    base: str,
    host: str,
    hosts: Hosts,
    skip: tuple[Cause | None, ...] = (),
) -> str:
    """The first cause a rule gives, in the order `rules.CAUSES` asks them."""
    asked = (c for c in CAUSES if c not in skip)
    return next((text for cause in asked if (text := cause(problem, sp, slot, base, host, hosts))), "")
