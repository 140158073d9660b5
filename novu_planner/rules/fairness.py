"""Soft rule 3, fairness: runs of N consecutive editions in which a member
taking part throughout does not host exactly once (N = members taking part
at the run's end)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from novu_planner.rotation.problem import Slot
from novu_planner.rules.base import CostItem, Hosts, SoftRule

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from novu_planner.network.model import Network
    from novu_planner.rotation.problem import RotationProblem, SeriesProblem
    from novu_planner.solver.rotation_model import RotationModel


def build(m: RotationModel) -> cp_model.LinearExprT:
    terms = []
    for sp in m.problem.series:
        for window in fairness_windows(m.network, sp):
            counts = {}
            held = Counter(item for item in window.items if isinstance(item, str))
            slots = [m.hosts.of(item) for item in window.items if isinstance(item, Slot)]
            for city in window.members:
                counts[city] = held[city] + sum(v for hosts in slots if (v := hosts.get(city)) is not None)
            broken = m.model.new_bool_var("")
            most = len(window.items)
            for count in counts.values():
                m.model.add(count == 1).only_enforce_if(~broken)
                # Implied by the line above, but they give the LP relaxation a
                # bound: a member hosting none, or more than one, breaks the run.
                m.model.add(broken >= 1 - count)
                if most > 1:
                    m.model.add((most - 1) * broken >= count - 1)
            terms.append(broken)
    return sum(terms)


@dataclass(frozen=True)
class FairnessWindow:
    """A run of N consecutive editions and the members taking part throughout it."""

    items: tuple  # host id (an edition already held or assumed) or Slot (planned)
    members: tuple[str, ...]  # the members taking part throughout the run


def fairness_windows(network: Network, sp: SeriesProblem) -> list[FairnessWindow]:
    """The runs of N editions ending at each planned edition.

    Past editions count when they took place (held, fixed or assumed);
    cancelled ones hosted nobody. Runs shorter than N (too little history)
    are not judged.
    """
    sequence: list[tuple[int, object]] = [
        (e.year, e.host) for e in sp.past if e.status != "cancelled" and e.host is not None
    ]
    windows = []
    for slot in sp.planned:
        if slot.cancelled:
            continue
        sequence.append((slot.year, slot))
        active = [c for c in sp.series.members if network.city(c).active(slot.year)]
        n = len(active)
        if n == 0 or len(sequence) < n:
            continue
        run = sequence[-n:]
        # Taking part is one span of years, so a member takes part
        # throughout the run when it does in the run's first and last years.
        first, last = min(y for y, _ in run), max(y for y, _ in run)
        throughout = tuple(c for c in active if all(network.city(c).active(y) for y in (first, last)))
        windows.append(FairnessWindow(tuple(item for _, item in run), throughout))
    return windows


def recompute(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> int:
    """Counted from the definition, without `fairness_windows`, so a slip in either shows."""
    return sum(item.points for item in itemise(problem, hosts, lookahead))


def itemise(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> list[CostItem]:
    """Every unfair run: its series and years, and who hosts it other than once."""
    return [item for sp in problem.series for item in _unfair_runs(problem, sp, hosts)]


def _unfair_runs(problem: RotationProblem, sp: SeriesProblem, hosts: Hosts) -> list[CostItem]:
    network = problem.network
    took_place: list[tuple[int, str | None]] = [
        (e.year, e.host) for e in sp.past if e.status != "cancelled" and e.host
    ]
    planned_years = {s.year for s in sp.planned if not s.cancelled}
    took_place += [(y, hosts.get((sp.series.id, y))) for y in sorted(planned_years)]
    unfair = []
    for end, (year, _) in enumerate(took_place):
        if year not in planned_years:
            continue
        n = sum(network.city(c).active(year) for c in sp.series.members)
        if n == 0 or end + 1 < n:
            continue
        run = took_place[end + 1 - n : end + 1]
        years = [y for y, _ in run]
        held = [h for _, h in run]
        off = [
            f"{network.city(city).name} {_times(held.count(city))}"
            for city in sp.series.members
            if all(network.city(city).active(y) for y in years) and held.count(city) != 1
        ]
        if off:
            text = f"{sp.series.id} {years[0]}–{years[-1]} ({n} editions): " + ", ".join(off)
            unfair.append(CostItem(1, text))
    return unfair


def _times(count: int) -> str:
    return {0: "hosts none", 2: "hosts twice"}.get(count, f"hosts {count} times")


RULE = SoftRule(
    "fairness",
    "one point per run of N consecutive editions (history included) in which a member"
    " taking part throughout does not host exactly once; N = members taking part at the run's end",
    build,
    recompute,
    itemise=itemise,
)
