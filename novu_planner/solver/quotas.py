"""Youth places per delegation with CP-SAT, edition by edition through the plan.

Both methods hand out places one at a time to whoever deserves the next
one most, so each edition is a choice of which "next place" items to take.
Every item gets a rank from an exact sort key; the per-delegation keys
rise with the places already held, so taking the lowest-ranked items is
both what the rule says and the unique optimum of "minimise the sum of the
ranks taken". CP-SAT proves it, and the validator recomputes it by hand.
A plan whose rotation needed no solver (`novu_planner.solver.base_plan`)
takes that optimum straight from the ranking instead (`solver=False`), so
OR-Tools is not loaded for it; tests hold the two ways equal.

- equal: the key of a delegation's (k+1)-th place is (k, extra places it
  had so far, rota position): everybody gets the even share first, then
  the places that do not split go to the fewest extras so far.
- population (Sainte-Laguë): the key is ((2k+1)/population, places so far,
  rota position), the highest quotient population/(2k+1) first.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from novu_planner.errors import TimeLimitError
from novu_planner.network.model import Quota
from novu_planner.plans.model import Delegation, Edition, Role
from novu_planner.solver.config import Budget, SolverConfig, new_solver, solve

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# One delegation to place: city id, role, population; in rota order.
Participant = tuple[str, str, int | None]

# A "next place" item's rank: (share key, tie-break count, rota position).
_Key = tuple[Fraction | int, int, int]


def places_handed_out(quota: Quota, delegations: int) -> int:
    """All places, host_extra included: every place goes out unless `max` stops it."""
    return min(quota.capacity, delegations * quota.max_share + quota.host_extra)


def _to_share(quota: Quota, delegations: int) -> int:
    """The places shared between the delegations; the host's extra places come on top."""
    return places_handed_out(quota, delegations) - quota.host_extra


def leaders_for(quota: Quota, youth: int) -> int | None:
    return math.ceil(youth / quota.leaders_per) if quota.leaders_per else None


@dataclass
class _Item:
    city: int  # index into the edition's delegations
    place: int  # the delegation's (place+1)-th share place
    key: _Key


def _key(
    quota: Quota, i: int, k: int, delegation: Participant, extras: dict[str, int], totals: dict[str, int]
) -> _Key:
    city_id, _, population = delegation
    if quota.method == "population":
        return (Fraction(2 * k + 1, population or 1), totals.get(city_id, 0), i)
    return (k, extras.get(city_id, 0), i)


def _ranked(
    quota: Quota,
    delegations: Sequence[Participant],
    extras: dict[str, int],
    totals: dict[str, int],
    stop: int,
) -> list[_Item]:
    """The first `stop` "next place" items in rank order.

    Each delegation's items come in rising key order, so merging the
    per-delegation streams yields the global order without building every
    item: a capacity of 100 000 with no `max` stays cheap.
    """

    def stream(i: int, delegation: Participant) -> Iterator[_Item]:
        for k in range(quota.min, quota.max_share):
            yield _Item(i, k, _key(quota, i, k, delegation, extras, totals))

    merged = heapq.merge(*(stream(i, d) for i, d in enumerate(delegations)), key=lambda item: item.key)
    return list(itertools.islice(merged, stop))


def _solve_edition(
    quota: Quota,
    year: int,
    delegations: Sequence[Participant],
    extras: dict[str, int],
    totals: dict[str, int],
    config: SolverConfig,
    budget: Budget,
    solver: bool = True,
) -> list[int]:
    n = len(delegations)
    wanted = _to_share(quota, n) - n * quota.min
    if not solver and wanted >= 0:
        # The optimum the model below proves: the `wanted` lowest ranks (their
        # delegations' first items in order, so the model's rules hold; any
        # other choice of as many items has a larger rank sum).
        lowest = _ranked(quota, delegations, extras, totals, wanted)
        if len(lowest) == wanted:
            return _shares(quota, n, lowest)
    # Every item ranked below wanted - n is taken in any optimum and every
    # item from wanted + n on is not (the ranks rise within a delegation), so
    # the model needs only the 2n items around the cut; the rest are counted.
    ranked = _ranked(quota, delegations, extras, totals, wanted + n)
    settled = max(0, wanted - n)
    shares = _shares(quota, n, ranked[:settled])
    items = ranked[settled:]
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    taken = [model.new_bool_var(f"d{item.city}_p{item.place}") for item in items]
    by_city: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    for item, var in zip(items, taken, strict=True):
        by_city.setdefault(item.city, []).append((item.place, var))
    for own in by_city.values():
        own.sort(key=lambda place_var: place_var[0])
        # A delegation's (k+2)-th place only after its (k+1)-th.
        for (_, before), (_, after) in zip(own, own[1:], strict=False):
            model.add_implication(after, before)
    model.add(sum(taken) == wanted - settled)
    model.minimize(sum(rank * var for rank, var in enumerate(taken)))

    cp_solver = new_solver(config, budget)
    status = solve(cp_solver, model)
    if status != cp_model.OPTIMAL:
        raise TimeLimitError(
            f"the places of {year} were not settled within the time limit of {config.time_limit:g} s; "
            "try a longer --time-limit"
        )
    for item, var in zip(items, taken, strict=True):
        shares[item.city] += cp_solver.boolean_value(var)
    return shares


def _shares(quota: Quota, n: int, taken: Sequence[_Item]) -> list[int]:
    """Each delegation's minimum and the items of it taken."""
    shares = [quota.min] * n
    for item in taken:
        shares[item.city] += 1
    return shares


def allocate(
    quota: Quota,
    editions: Sequence[tuple[Edition, Sequence[Participant]]],
    config: SolverConfig,
    budget: Budget,
    solver: bool = True,
) -> list[list[Delegation]]:
    """The delegations of every edition, in order; running counts carry from one to the next.

    With `solver=False` each edition's places come from the ranking alone (the
    same optimum, without OR-Tools)."""
    extras: dict[str, int] = {}
    totals: dict[str, int] = {}
    out: list[list[Delegation]] = []
    for edition, delegations in editions:
        if not delegations:
            out.append([])
            continue
        shares = _solve_edition(quota, edition.year, delegations, extras, totals, config, budget, solver)
        even = _to_share(quota, len(shares)) // len(shares)
        row = []
        for (city_id, role, _), share in zip(delegations, shares, strict=True):
            youth = share + (quota.host_extra if role == Role.HOST else 0)
            extras[city_id] = extras.get(city_id, 0) + share - even
            totals[city_id] = totals.get(city_id, 0) + youth
            row.append(Delegation(city_id, Role(role), youth, leaders_for(quota, youth), quota.officials))
        out.append(row)
    return out
