"""From a validated network to a plan: hosts, then days and places, then sequences.

    network = load_network("schedules/novu.toml")
    plan = make_plan(network, PlanOptions(first=2027, years=10))

Raises `InfeasibleError` (no plan can keep the hard rules) or
`TimeLimitError` (no plan found in time); the CLI turns them into exit
statuses 1 and 3.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from novu_planner import clock
from novu_planner.errors import InfeasibleError, TimeLimitError
from novu_planner.network.entries import NamedEntry, name_entry
from novu_planner.network.model import Network
from novu_planner.planning.notes import Published, departure_notes
from novu_planner.planning.previous import PreviousPlan, Reopened
from novu_planner.planning.sequences import assign_sequences
from novu_planner.plans.model import Edition, PlanData, Status
from novu_planner.plans.plan_json import versions
from novu_planner.rotation.problem import RotationProblem, Slot, build_problem
from novu_planner.rotation.result import INFEASIBLE, UNKNOWN, RotationResult
from novu_planner.schedule.days import add_dates
from novu_planner.schedule.places import add_delegations


@dataclass(frozen=True)
class PlanOptions:
    first: int | None = None  # default: next calendar year
    years: int = 10
    time_limit: float = 60.0  # seconds for the whole run
    seed: int = 0
    workers: int = 1
    previous: PreviousPlan | None = None
    solver_log: bool = False
    solver_params: tuple[str, ...] = ()


def make_plan(network: Network, options: PlanOptions | None = None) -> PlanData:
    from novu_planner.solver.base_plan import base_plan
    from novu_planner.solver.config import Budget, SolverConfig, check_params
    from novu_planner.solver.quotas import allocate

    options = options or PlanOptions()
    check_params(options.solver_params)
    config = SolverConfig(
        options.time_limit, options.seed, options.workers, options.solver_log, options.solver_params
    )
    budget = Budget(options.time_limit)
    first = options.first or clock.next_year()
    previous = options.previous
    reopened = previous.reopened(network, first) if previous else None
    problem = build_problem(
        network,
        first,
        options.years,
        previous.hosts if previous else None,
        reopened.year if reopened else None,
    )
    # The base rota, when it is provably the optimum: then OR-Tools is not
    # even loaded. A solver log or solver parameters ask for the solver.
    asked = options.solver_log or options.solver_params
    result = None if asked else base_plan(problem)
    solved = result is None
    if result is None:
        from novu_planner.solver.rotation import solve_rotation

        result = solve_rotation(problem, config, budget)
    if result.status == INFEASIBLE:
        named = [name_entry(network, key) for key in result.conflict]
        raise InfeasibleError(
            _conflict_message(named, network), result.conflict, [n.to_json() for n in named]
        )
    if result.status == UNKNOWN:
        raise TimeLimitError(
            f"no plan was found within the time limit of {options.time_limit:g} s; "
            "try a longer --time-limit or fewer --years"
        )
    # Notes tell departures from the base rota the network file sets, also
    # when the costs are counted against a previous plan's hosts.
    rota = build_problem(network, first, options.years) if previous else problem
    published = None
    if previous is not None:
        change = (reopened.year, reopened.change) if reopened else (None, "")
        published = Published(previous.hosts, previous.notes, *change)
    notes = departure_notes(rota, result.hosts, published)
    if previous is not None:
        notes.update(previous.swaps_begun_before(first, result.hosts))
    editions = _editions(problem, result.hosts, notes)
    replanned: list[str] = []
    if previous is not None:
        editions = previous.carry_over(editions, first, problem.last)
        replanned = _replanned(previous, reopened, problem.last)
    add_dates(network, editions, first, problem.last, partial(_search_days, config=config, budget=budget))
    # Places by CP-SAT whenever the rotation needed it; else their unique
    # optimum straight from the ranking the model minimises (the same places).
    allocated = partial(allocate, config=config, budget=budget, solver=solved)
    add_delegations(network, editions, first, problem.last, allocated)
    plan = PlanData(
        network=network,
        first=first,
        years=options.years,
        seed=options.seed,
        status=result.status,
        costs=result.costs,
        editions=sorted(editions, key=lambda e: (e.year, network.get_series(e.series).index)),
        wishes=result.wishes,
        warnings=(previous.dropped if previous else []) + replanned + _warnings(problem, result, editions),
        created=clock.now(),
        solve_seconds=result.solve_seconds,
        lookahead=result.lookahead,
        previous=str(previous.path) if previous else None,
        previous_editions=tuple(previous.editions) if previous else None,
        versions=versions(),
    )
    assign_sequences(plan, previous)
    return plan


def _search_days(*args: Any, **kwargs: Any) -> list[dt.date] | None:
    """The exact search for a crowded year's days; OR-Tools is loaded only when one is needed."""
    from novu_planner.solver.days import search_days

    return search_days(*args, **kwargs)


def _replanned(previous: PreviousPlan, reopened: Reopened | None, last: int) -> list[str]:
    """What the new plan did with the published one: re-opened years, withdrawn editions."""
    out = []
    if reopened is not None and reopened.year <= last:
        out.append(
            f"previous plan: {reopened.change}; its editions before {reopened.year} stay as published, "
            f"and from {reopened.year} the rota among the members taking part is planned again"
        )
    if previous.withdrawn:
        out.append(
            f"previous plan: withdrawn, as this plan ends in {last}: {', '.join(previous.withdrawn)} "
            "(cancelled in the calendars until a plan covers those years again)"
        )
    return out


def _conflict_message(conflict: list[NamedEntry], network: Network) -> str:
    if not conflict:
        return "no plan can keep every hard rule, and the conflicting entries could not be isolated"
    listed = "\n".join(f"  - {named.text}" for named in conflict)
    file = network.source.name if network.source else "the network file"
    return (
        f"no plan can keep every hard rule. These entries of {file} cannot all hold "
        f"(drop or change any one of them and the rest can):\n{listed}"
    )


def _editions(
    problem: RotationProblem, hosts: Mapping[tuple[str, int], str], notes: Mapping[tuple[str, int], str]
) -> list[Edition]:
    network = problem.network
    out: list[Edition] = []
    for sp in problem.series:
        for e in sp.past:
            out.append(Edition(e.series, e.year, e.status, e.host, e.base_host, e.start, e.end))
        for slot in sp.planned:
            row = slot.row
            status = Status(row.status) if row is not None else Status.PLANNED
            # Cancelled only by a history row.
            host = row.host if row is not None and status == Status.CANCELLED else hosts.get(slot_key(slot))
            start, end = (row.start, row.end) if row is not None else (None, None)
            out.append(
                Edition(
                    slot.series, slot.year, status, host, slot.base, start, end, notes.get(slot_key(slot), "")
                )
            )
        later = [h for h in network.history_of(sp.series.id) if h.year > problem.last]
        for h in later:
            out.append(Edition(h.series, h.year, Status(h.status), h.host, None, h.start, h.end))
    return out


def slot_key(slot: Slot) -> tuple[str, int]:
    return slot.series, slot.year


def _warnings(problem: RotationProblem, result: RotationResult, editions: list[Edition]) -> list[str]:
    network = problem.network
    # From the final editions: a year a previous plan covered was carried
    # over and is no longer assumed.
    warnings = [w for w in [clock.past_first_year(problem.first)] if w] + [
        f"{e.series} {e.year}: no history row; assumed {network.city(e.host).name} "
        "hosted as the rota says (a history row settles it)"
        for e in editions
        if e.status == Status.ASSUMED and e.host is not None  # an assumed edition has its base host
    ]
    for wish in network.wishes:
        if not problem.first <= wish.year <= problem.last:
            warnings.append(
                f"{wish.entry}: {wish.year} lies outside the planned years "
                f"{problem.first}–{problem.last}; the wish was not considered"
            )
    if result.status != "optimal":
        warnings.append("the plan is not proven optimal: the time limit ran out first")
    return warnings
