"""The CP-SAT model of the host rotation: the variables, and the rules of `novu_planner.rules`.

Each hard rule's `build` adds its constraints through
`RotationModel.restrict`, naming the user's entry the constraint comes
from. In an explaining model every such constraint is guarded by an
assumption literal per entry, so CP-SAT can say which entries conflict.
Each soft rule's `build` returns its cost as a linear expression, in
exactly the units the network format defines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from novu_planner.network.model import Network
from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot, eligible
from novu_planner.rules import HARD_RULES, SOFT_RULES, HardRule, SoftRule
from novu_planner.solver.config import Budget


@dataclass
class HostVars:
    """x[series, slot index, city]: the city hosts that edition."""

    # Kept per edition: the rules look up one edition's hosts thousands of times.
    _x: dict[tuple[str, int], dict[str, cp_model.IntVar]] = field(default_factory=dict)

    def add(self, model: cp_model.CpModel, slot: Slot, city: str) -> cp_model.IntVar:
        var = model.new_bool_var(f"host[{slot.series},{slot.year},{city}]")
        self._x.setdefault((slot.series, slot.index), {})[city] = var
        return var

    def get(self, slot: Slot, city: str) -> cp_model.IntVar | None:
        return self._x.get((slot.series, slot.index), {}).get(city)

    def of(self, slot: Slot) -> dict[str, cp_model.IntVar]:
        return dict(self._x.get((slot.series, slot.index), {}))

    def keyed(self) -> Iterator[tuple[tuple[str, int, str], cp_model.IntVar]]:
        """Every variable with a key that names it in any model of the same problem."""
        for (series, index), hosts in self._x.items():
            for city, var in hosts.items():
                yield (series, index, city), var


@dataclass
class TurnVars:
    """y[series, city, k, slot index]: the city's k-th turn is held at that edition."""

    _y: dict[tuple[str, str, int], dict[int, cp_model.IntVar]] = field(default_factory=dict)
    # Placing the turns is most of the work of building a large model, so
    # the run's budget is checked at each turn too (see RotationModel).
    check: Callable[[], None] = lambda: None

    def placements(self, series: str, city: str, k: int) -> dict[int, cp_model.IntVar]:
        self.check()
        return self._y.setdefault((series, city, k), {})


class RotationModel:
    def __init__(
        self,
        problem: RotationProblem,
        *,
        explain: bool = False,
        disruption_bound: int | None = None,
        hard_rules: Sequence[HardRule] = HARD_RULES,
        soft_rules: Sequence[SoftRule] = SOFT_RULES,
        budget: Budget | None = None,
    ):
        """The model of every rule; a test may pass fewer rules to see one at work alone.

        With a `budget`, building stops with `BudgetSpent` once it is used up
        (checked after each rule): a large network takes seconds to build.
        """
        self.problem = problem
        # With a bound, only plans whose disruption is at most it are modelled.
        self.disruption_bound = disruption_bound
        self.network: Network = problem.network
        self.model = cp_model.CpModel()
        self.explain = explain
        self.assumptions: dict[str, cp_model.IntVar] = {}
        self.hosts = HostVars()
        check = budget.check if budget is not None else lambda: None
        self.turns = TurnVars(check=check)
        self.costs: dict[str, cp_model.LinearExprT] = {}
        # `disruption <= disruption_bound`, once the disruption rule has built it.
        self.disruption_limit: cp_model.Constraint | None = None

        add_host_variables(self)
        for rule in hard_rules:
            check()
            rule.build(self)
        if not explain:
            for soft in soft_rules:
                check()
                self.costs[soft.name] = soft.build(self)
        check()

    def restrict(self, entry: str, constraint: cp_model.Constraint) -> None:
        """Enforce a constraint that exists because of the user's `entry`."""
        if self.explain:
            if entry not in self.assumptions:
                self.assumptions[entry] = self.model.new_bool_var(entry)
            constraint.only_enforce_if(self.assumptions[entry])

    def planned_slots(self) -> Iterator[tuple[SeriesProblem, Slot]]:
        for sp in self.problem.series:
            for slot in sp.planned:
                if not slot.cancelled:
                    yield sp, slot


# -- variables -------------------------------------------------------------------------------


def add_host_variables(m: RotationModel) -> None:
    """Every planned edition gets a variable per city, so that each hard rule
    can forbid hosts by itself (and be named when it conflicts); look-ahead
    editions only get the members that take part that year."""
    for sp in m.problem.series:
        for slot in sp.slots:
            if slot.cancelled:
                continue
            if slot.planned:
                cities = [c.id for c in m.network.cities]
            else:
                cities = [c for c in sp.series.members if eligible(m.network, sp.series, c, slot.year)]
            for city in cities:
                m.hosts.add(m.model, slot, city)


# -- tie-break -------------------------------------------------------------------------------


def tie_break_slots(m: RotationModel) -> list[tuple[Slot, dict[str, cp_model.IntVar]]]:
    """The planned editions the tie-break ranks, year by year (series in the network's
    order), each with its host variables; one with a single possible host has nothing
    to break. The look-ahead editions are not ranked: their hosts are not part of the plan.
    """
    out = []
    for _, slot in sorted(m.planned_slots(), key=lambda pair: (pair[1].year, pair[0].series.index)):
        hosts = m.hosts.of(slot)
        if len(hosts) > 1:
            out.append((slot, hosts))
    return out


def tie_break_order(m: RotationModel) -> list[tuple[Slot, cp_model.LinearExprT]]:
    """Per edition of `tie_break_slots`, the rank of its host's id: lower wins."""
    rank = _ranks(m)
    return [(slot, sum(rank[c] * v for c, v in hosts.items())) for slot, hosts in tie_break_slots(m)]


def _ranks(m: RotationModel) -> dict[str, int]:
    return {city: i for i, city in enumerate(sorted(c.id for c in m.network.cities))}


# The largest weight a tie-break objective may give: CP-SAT stays exact and
# quick well below int64.
TIE_BREAK_WEIGHT_LIMIT = 2**40


@dataclass(frozen=True)
class TieBreakChunk:
    """The editions `start`..`stop` - 1 of `tie_break_slots`, ranked by one objective."""

    start: int
    stop: int
    objective: cp_model.LinearExprT


def tie_break_chunk(m: RotationModel, start: int) -> TieBreakChunk:
    """The ranks of `tie_break_order` from `start` on, as many as one objective holds.

    An edition's rank is weighted by radix**(editions after it in the
    chunk), radix being the number of cities: every rank lies in
    0..radix-1, so the later editions together weigh less than one step of
    an earlier one. Minimising the sum therefore minimises the ranks one
    after the other, as separate solves would, and its optimum fixes every
    rank (a number has one representation in a radix).
    """
    radix = len(m.network.cities)
    size = max(1, int(math.log(TIE_BREAK_WEIGHT_LIMIT, max(radix, 2))))
    part = [rank for _, rank in tie_break_order(m)[start : start + size]]
    objective = sum(radix ** (len(part) - 1 - j) * rank for j, rank in enumerate(part))
    return TieBreakChunk(start, start + len(part), objective)


def add_lex_smaller(
    m: RotationModel,
    model: cp_model.CpModel,
    slots: Sequence[tuple[Slot, dict[str, cp_model.IntVar]]],
    current: Sequence[str],
) -> cp_model.LinearExprT:
    """Demand in `model` (a copy of `m.model`) hosts that rank lexicographically
    lower than `current` on `slots`: the same up to some edition, a lower-ranked
    host there, anything after. Returns where the first change lies (its place in
    `slots`), to be minimised: its least value proves every edition before it
    already ranks lowest.

    `same[i]`: every edition up to i keeps its current host; `lower[i]`: the
    first change is at i, to a lower-ranked host. Exactly one `lower` holds.
    """
    rank = _ranks(m)
    lowers: list[tuple[int, cp_model.IntVar]] = []
    same: cp_model.IntVar | None = None  # the editions so far keep their hosts
    for i, ((_, hosts), host) in enumerate(zip(slots, current, strict=True)):
        own = {city: model.get_bool_var_from_proto_index(var.index) for city, var in hosts.items()}
        below = [var for city, var in own.items() if rank[city] < rank[host]]
        if below:
            lower = model.new_bool_var("")
            model.add_bool_or(below).only_enforce_if(lower)
            if same is not None:
                model.add_implication(lower, same)
            lowers.append((i, lower))
        kept = model.new_bool_var("")
        model.add_implication(kept, own[host])
        if same is not None:
            model.add_implication(kept, same)
        same = kept
    model.add_exactly_one([lower for _, lower in lowers])
    return sum(i * lower for i, lower in lowers)
