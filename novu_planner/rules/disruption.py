"""Soft rule 1, disruption: Σ d² over every turn, d = editions between the turn and where it is held.

A city's k-th hosting is its k-th turn; a turn not held inside the
modelled editions (planned and look-ahead) counts as held just past them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from novu_planner.rules.base import CostItem, Hosts, SoftRule

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from novu_planner.rotation.problem import RotationProblem, Slot, Turn
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> cp_model.LinearExprT:
    """The turn-placement variables y link every host variable to one turn of its city."""
    terms = []
    for sp in m.problem.series:
        size = sp.size
        held_by: dict[tuple[str, int], list[cp_model.IntVar]] = {}
        for city, turns in sp.turns.items():
            previous: tuple[cp_model.IntVar, cp_model.LinearExprT] | None = None
            for turn in turns:
                placements = m.turns.placements(sp.series.id, city, turn.k)
                for slot in _window(m, sp.slots, turn):
                    if m.hosts.get(slot, city) is None:
                        continue
                    var = m.model.new_bool_var(f"turn[{sp.series.id},{city},{turn.k},{slot.year}]")
                    placements[slot.index] = var
                    held_by.setdefault((city, slot.index), []).append(var)
                    terms.append((slot.index - turn.position) ** 2 * var)
                placed = m.model.new_bool_var(f"placed[{sp.series.id},{city},{turn.k}]")
                m.model.add(placed == sum(placements.values()))
                position = sum(i * v for i, v in placements.items())
                if turn.position < size:
                    terms.append((size - turn.position) ** 2 * (1 - placed))
                if previous is not None:
                    # Turns are held in order: a later one only after an earlier one.
                    m.model.add(placed <= previous[0])
                    m.model.add(position >= previous[1] + 1).only_enforce_if(placed)
                previous = (placed, position)
        for slot in sp.slots:
            for city, var in m.hosts.of(slot).items():
                m.model.add(var == sum(held_by.get((city, slot.index), [])))
    total = sum(terms)
    if m.disruption_bound is not None:
        # Kept, so a solve may tighten the bound without rebuilding (see `tighten`).
        m.disruption_limit = m.model.add(total <= m.disruption_bound)
    return total


def _window(m: RotationModel, slots: list[Slot], turn: Turn) -> list[Slot]:
    """The editions at which the turn can be held in a plan the model admits, in order.

    The k-th turn needs the k earlier turns at earlier editions, so never
    lies before index k. Under a disruption bound, a placement that alone
    costs more than the bound is in no admitted plan (every term is >= 0),
    so leaving its variable out loses no plan within the bound: only the
    editions within isqrt(bound) of the turn's place are looked at, which
    spares a large model the scan of every edition for every turn.
    """
    bound = m.disruption_bound
    if bound is None:
        return slots[turn.k :]
    reach = math.isqrt(bound)
    # A slot's index is its place in the list (planned, then look-ahead).
    return slots[max(turn.k, turn.position - reach) : max(0, turn.position + reach + 1)]


def recompute(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> int:
    """A city's k-th hosting against its k-th turn; a turn not held counts as held just past the end."""
    return sum(item.points for item in itemise(problem, hosts, lookahead))


def itemise(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> list[CostItem]:
    """Every turn held elsewhere than its place in the rota: whose, which, and how far it moved."""
    items = []
    for sp in problem.series:
        end = sp.size
        held: dict[str, list[int]] = {}
        for slot in sp.slots:
            host = (hosts if slot.planned else lookahead).get((slot.series, slot.year))
            if host is not None and not slot.cancelled:
                held.setdefault(host, []).append(slot.index)
        for city, turns in sp.turns.items():
            positions = held.get(city, [])
            if len(positions) > len(turns):
                raise ValueError(f"{city} hosts {sp.series.id} more often than it has turns")
            for k, turn in enumerate(turns):
                due = sp.slots[turn.position].year if turn.position < end else f"after {sp.slots[-1].year}"
                whose = f"{sp.series.id}: {problem.city(city).name}'s turn of {due}"
                if k < len(positions) and positions[k] != turn.position:
                    moved = positions[k] - turn.position
                    way = "later" if moved > 0 else "earlier"
                    text = f"{whose} held in {sp.slots[positions[k]].year}, {_editions(abs(moved))} {way}"
                    items.append(CostItem(moved**2, text))
                elif k >= len(positions) and turn.position < end:
                    text = (
                        f"{whose} not held by {sp.slots[-1].year}, the last edition costed; "
                        f"counted as {_editions(end - turn.position)} later"
                    )
                    items.append(CostItem((end - turn.position) ** 2, text))
    return items


def _editions(n: int) -> str:
    return f"{n} edition" if n == 1 else f"{n} editions"


RULE = SoftRule(
    "disruption",
    "one point per (editions a turn moved)², summed over every turn, look-ahead editions included",
    build,
    recompute,
    needs_lookahead=True,
    itemise=itemise,
)
