"""Solve the rotation: strict priority, the disruption first, then the other levels.

The disruption is minimised first, under a widening bound that keeps the
model small (see `_least_disruption`), and held at its optimum. The later
soft rules are then minimised in one solve of a weighted sum whose weights
make it exact (see `lexicographic`): a higher rule is never traded for any
amount of a lower one, whatever the sizes of the costs, and each cost is
then held at its best. A last series of solves picks, year by year, the
host with the earliest city id among the remaining optima (a check that
no optimum ranks lower, then several years per solve where one does; see
`_tie_break`), so the optimum is unique and the same input always gives
the same plan. Refused wishes are priced last, from a
few shared models (see `_Pricing`).

Every solve runs with a fixed seed and worker count and both a wall-clock
and a deterministic time limit taken from one budget; pricing uses a fixed
amount of deterministic work instead, so it does not depend on the machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Literal

from ortools.sat.python import cp_model, cp_model_helper

from novu_planner.network.model import Wish
from novu_planner.rotation.problem import RotationProblem, Slot
from novu_planner.rotation.result import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, RotationResult, WishOutcome
from novu_planner.rules import LEVELS, SOFT_RULES
from novu_planner.rules.wishes import considered_wishes, wish_options
from novu_planner.solver.config import Budget, BudgetSpent, SolverConfig, new_solver, solve
from novu_planner.solver.rotation_model import (
    RotationModel,
    add_lex_smaller,
    tie_break_chunk,
    tie_break_slots,
)

# The soft rule the disruption level and the pricing solve alone: the other costs
# are always satisfiable and play no part in them.
DISRUPTION = SOFT_RULES[:1]

# The rotation's options are the run's solver configuration.
SolveOptions = SolverConfig


def _solve(
    model: cp_model.CpModel,
    options: SolverConfig,
    budget: Budget,
    workers: int | None = None,
    params: dict[str, int] | None = None,
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    # The full LP relaxation bounds the squared disruption well enough to
    # prove optima the default one leaves open for minutes.
    solver = new_solver(options, budget, workers=workers, linearization_level=2, **(params or {}))
    status = solve(solver, model)
    return status, solver


# CP-SAT's own settings for the disruption level's solves and the tie-break's
# checks. Probing is most of the work of the level's largest solve and buys it
# nothing: 12 x 50 x 3, 1.09 -> 0.4 deterministic seconds; the check there,
# 0.49 -> 0.3. The weighted levels and the chunks keep it: without it they
# meet other optima, so the check more often finds a lower-ranked plan and
# falls back to chunks, which costs more than it saves (12 x 50 x 3: the
# tie-break 0.5 s -> 1.9 s).
LEVEL_PARAMS: dict[str, int] = {"cp_model_probing_level": 0}


def _hint(m: RotationModel, solver: cp_model.CpSolver, solved: RotationModel | None = None) -> None:
    """Start the next solve from the plan just found (in `solved`, by default `m`)."""
    # The same hint `add_hint` would give, var by var, but read from the solution
    # in one piece and written in one piece: at 60 members a hint is thousands
    # of variables, and the per-variable calls cost more than some solves.
    solution = solver.response_proto.solution
    if solved is None or solved is m:
        indices = [var.index for _, var in m.hosts.keyed()]
        values = [solution[i] for i in indices]
    else:
        by_key = {key: solution[var.index] for key, var in solved.hosts.keyed()}
        keyed = list(m.hosts.keyed())
        indices = [var.index for _, var in keyed]
        values = [by_key[key] for key, _ in keyed]
    m.model.clear_hints()
    hint = m.model.proto.solution_hint
    hint.vars.extend(indices)
    hint.values.extend(values)


# The first disruption bound tried, and how much it widens when no plan keeps it.
FIRST_BOUND = 16
WIDEN = 4


def _unpruned_bound(problem: RotationProblem) -> int:
    """A bound from which on no placement is left out of the model."""
    sizes = [max(t.position, sp.size) ** 2 for sp in problem.series for ts in sp.turns.values() for t in ts]
    return max(sizes, default=0)


def _least_disruption(
    problem: RotationProblem,
    options: SolverConfig,
    budget: Budget,
    bound: int | None,
) -> tuple[RotationModel, cp_model.CpSolverStatus, cp_model.CpSolver]:
    """Minimise the disruption among plans within `bound`, widening it while there is none.

    A plan within the bound is a plan of the unbounded model, and every
    plan of that model cheaper than one found within the bound is within
    it too, so the bounded optimum is the optimum: the bound only spares
    CP-SAT the placements no such plan uses. Only once the unbounded model
    is infeasible are the rules themselves in conflict.
    """
    while True:
        # The disruption alone: the later costs are always satisfiable, so
        # their variables would only burden this level's solves.
        m = RotationModel(problem, disruption_bound=bound, soft_rules=DISRUPTION, budget=budget)
        m.model.minimize(m.costs["disruption"])
        status, solver = _solve(m.model, options, budget, params=LEVEL_PARAMS)
        if status != cp_model.INFEASIBLE or bound is None:
            return m, status, solver
        bound = bound * WIDEN
        if bound >= _unpruned_bound(problem):
            bound = None


# The share of the run's budget the rotation leaves to what is solved after it
# (the days of crowded years, the places), up to RESERVE_MAX seconds: a
# rotation that uses up its time still leaves them enough to finish, so a plan
# found but not proven is written, marked so, rather than lost to exit 3.
RESERVE = 0.05
RESERVE_MAX = 5.0


def _own_share(budget: Budget) -> Budget:
    return Budget(max(budget.left - min(budget.seconds * RESERVE, RESERVE_MAX), 0.0))


# The levels after the disruption in one solve, weighted (see `lexicographic`).
WEIGHTED_LEVELS = True


def lexicographic(m: RotationModel, levels: Sequence[str]) -> cp_model.LinearExprT:
    """The costs of `levels` in one objective whose optima are exactly their strict-priority optima.

    Each cost is weighted by one more than the largest spread (highest less
    lowest value its variables allow) of everything after it: all the later
    costs together can never make up one point of an earlier one, so
    minimising the sum minimises the levels one after the other, and every
    optimum of the sum is a lexicographic optimum and back. The spreads are
    read off the expressions, so they are safe whatever the network.
    """
    terms: list[cp_model.LinearExprT] = []
    weight = 1
    for level in reversed(levels):
        terms.append(weight * m.costs[level])
        weight *= _spread(m.model, m.costs[level]) + 1
    return cp_model.LinearExpr.sum(terms)


def _spread(model: cp_model.CpModel, expr: cp_model.LinearExprT) -> int:
    """Highest less lowest value `expr` can take by its variables' domains."""
    if not isinstance(expr, cp_model.LinearExpr):
        return 0  # a constant
    flat = cp_model_helper.FlatIntExpr(expr)
    spread = 0
    for var, coeff in zip(flat.vars, flat.coeffs, strict=True):
        domain = model.proto.variables[var.index].domain
        spread += abs(coeff) * (domain[len(domain) - 1] - domain[0])
    return spread


def solve_rotation(
    problem: RotationProblem, options: SolverConfig | None = None, budget: Budget | None = None
) -> RotationResult:
    """Hosts for every planned edition, within the run's `budget` (default: `options.time_limit`).

    The budget covers building the models as well as solving them. When it
    runs out before any plan is found, the status is UNKNOWN; after, the
    latest plan found is returned as FEASIBLE (not proven optimal).
    """
    options = options or SolverConfig()
    started = time.monotonic()
    budget = _own_share(budget or Budget(options.time_limit))
    stages: dict[str, float] = {}
    try:
        found, status, solver = _least_disruption(problem, options, budget, FIRST_BOUND)
    except BudgetSpent:
        return RotationResult(UNKNOWN, solve_seconds=time.monotonic() - started)
    if status == cp_model.INFEASIBLE:
        stages["levels"] = time.monotonic() - started
        result = RotationResult(INFEASIBLE, conflict=explain_conflict(problem, options, budget))
        result.solve_seconds = time.monotonic() - started
        result.stage_seconds = {**stages, "conflict": result.solve_seconds - stages["levels"]}
        return result
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RotationResult(UNKNOWN, solve_seconds=time.monotonic() - started)
    proven = status == cp_model.OPTIMAL
    # The latest plan found, with the model it is a plan of.
    best: tuple[RotationModel, cp_model.CpSolver] = (found, solver)
    try:
        # Fixing the level as the bound itself leaves out every placement that
        # costs more than the optimum: a smaller model for all later solves.
        m = RotationModel(problem, disruption_bound=round(solver.objective_value), budget=budget)
        _hint(m, solver, found)
        levels = [lexicographic(m, LEVELS[1:])] if WEIGHTED_LEVELS else [m.costs[lv] for lv in LEVELS[1:]]
        for objective in levels:
            budget.check()
            m.model.minimize(objective)
            status, next_solver = _solve(m.model, options, budget)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                raise BudgetSpent  # this solve ran out of time: keep the plan found before it
            best = (m, next_solver)
            proven = proven and status == cp_model.OPTIMAL
            m.model.add(objective <= round(next_solver.objective_value))
            if status == cp_model.OPTIMAL:
                # Every optimum of the weighted levels has the same costs, so each
                # is held at its own value too: one constraint per cost propagates
                # far better in the tie-break than the single weighted sum.
                for level in LEVELS[1:]:
                    m.model.add(m.costs[level] <= int(next_solver.value(m.costs[level])))
            _hint(m, next_solver)
        stages["levels"] = time.monotonic() - started
        for tied, optimal in _tie_break(m, best[1], options, budget):
            best = (m, tied)
            proven = proven and optimal
    except BudgetSpent:
        proven = False
    stages.setdefault("levels", time.monotonic() - started)

    m, solver = best
    hosts: dict[tuple[str, int], str] = {}
    lookahead: dict[tuple[str, int], str] = {}
    for sp in problem.series:
        for slot in sp.slots:
            for city, var in m.hosts.of(slot).items():
                if solver.value(var):
                    (hosts if slot.planned else lookahead)[slot.series, slot.year] = city
    # The plan may be the disruption level's, whose model holds no later cost:
    # those are counted from the hosts, as the validator counts them.
    costs = {
        rule.name: int(solver.value(m.costs[rule.name]))
        if rule.name in m.costs
        else rule.recompute(problem, hosts, lookahead)
        for rule in SOFT_RULES
    }
    result = RotationResult(OPTIMAL if proven else FEASIBLE, costs, hosts, lookahead)
    stages["tie-break"] = time.monotonic() - started - stages["levels"]
    result.wishes = _wish_outcomes(problem, m, solver, options, budget)
    result.solve_seconds = time.monotonic() - started
    stages["pricing"] = result.solve_seconds - stages["levels"] - stages["tie-break"]
    result.stage_seconds = stages
    return result


# The tie-break's check whether any optimum ranks lower than the plan at hand may
# take this share of the levels' solve's deterministic work per chunk left.
CHECK_SHARE = 0.5


def _tie_break(
    m: RotationModel, solver: cp_model.CpSolver, options: SolverConfig, budget: Budget
) -> Iterator[tuple[cp_model.CpSolver, bool]]:
    """Pick the lowest-ranked optimum (see `tie_break_chunk`), yielding each plan found
    and whether its solve was proven; a solve that runs out of time raises `BudgetSpent`.

    Ranking chunk after chunk, one solve each, finds the lowest-ranked plan;
    but most of the time the plan at hand already ranks lowest over most
    editions, and each chunk's solve is then mostly a presolve of the whole
    model to find that out. So a check comes first: among the plans ranking
    lower than the current one (`add_lex_smaller`), the one whose first
    change lies earliest. None: the current plan ranks lowest, proven. One,
    at edition p: every edition before p already ranks lowest and is fixed,
    the chunk from p is ranked by a solve, and the check runs again after it.
    A check that ends without proof (it may take `CHECK_SHARE` of the levels'
    deterministic work per chunk left: deterministic) leaves the rest to the
    chunks, from the best plan it found. Each edition ends with the host the
    chunks alone would give it: the lowest-ranked plan is unique.
    """
    slots = tie_break_slots(m)
    per_chunk = CHECK_SHARE * solver.deterministic_time
    start = 0
    checking = True
    while start < len(slots):
        chunk = tie_break_chunk(m, start)
        if checking and chunk.stop < len(slots):
            left = len(slots) - start
            work = per_chunk * -(-left // (chunk.stop - chunk.start))
            status, checked = _lower_ranked(m, slots[start:], solver, options, budget, work)
            if status == cp_model.INFEASIBLE:
                return
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                yield checked, True
                _hint(m, checked)
                solver = checked
            if status == cp_model.OPTIMAL:
                # Nothing ranks lower with a change before the first change found.
                first = start + round(checked.objective_value)
                for _, hosts in slots[start:first]:
                    m.model.add_bool_and([var for var in hosts.values() if checked.value(var)])
                start = first
                chunk = tie_break_chunk(m, start)
            else:
                checking = False
        budget.check()
        m.model.minimize(chunk.objective)
        status, solver = _solve(m.model, options, budget)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise BudgetSpent  # this solve ran out of time: keep the plan found before it
        optimal = status == cp_model.OPTIMAL
        yield solver, optimal
        value = round(solver.objective_value)
        # A rank is fixed once proven.
        m.model.add(chunk.objective == value if optimal else chunk.objective <= value)
        _hint(m, solver)
        start = chunk.stop


def _lower_ranked(
    m: RotationModel,
    slots: list[tuple[Slot, dict[str, cp_model.IntVar]]],
    solver: cp_model.CpSolver,
    options: SolverConfig,
    budget: Budget,
    work: float,
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    """Of the plans of `m` ranking lower on `slots` than the one `solver` holds, one
    whose first change lies earliest (INFEASIBLE: none), within `work` deterministic
    seconds; its objective is the first change's place in `slots`."""
    current = [next(city for city, var in hosts.items() if solver.value(var)) for _, hosts in slots]
    model = m.model.clone()
    model.minimize(add_lex_smaller(m, model, slots, current))
    budget.check()
    checker = new_solver(options, budget, work=work, linearization_level=2, **LEVEL_PARAMS)
    return solve(checker, model), checker


def _wish_outcomes(
    problem: RotationProblem,
    m: RotationModel,
    solver: cp_model.CpSolver,
    options: SolverConfig,
    budget: Budget,
) -> list[WishOutcome]:
    """Which wishes were granted, and what each refused one would cost.

    Pricing draws on the run's budget too: once it is spent, the wishes
    left are reported as not priced, never as impossible to grant.
    """
    least = int(solver.value(m.costs["disruption"]))
    wishes = considered_wishes(problem)
    refused = [w for w in wishes if not any(solver.value(v) for v in wish_options(m, w))]
    pricing = _Pricing(problem, refused, options, budget, least)
    granted = {w.index for w in wishes} - {w.index for w in refused}
    return [WishOutcome(w.index, True) if w.index in granted else pricing.price(w) for w in wishes]


# The deterministic work (in CP-SAT's deterministic seconds) all the pricing of
# a run may take, per second of the run's time limit.
PRICING_WORK = 1.0
# A wish's limit grows by a sixteenth (at least FIRST_BOUND) while no plan keeps
# it: a limit far above the price makes its solve several times slower, and
# a limit below it is refused at once (presolve proves it).
PRICING_STEP = 16
# CP-SAT's settings for the priced solves. Probing (in presolve and at the root)
# is most of a priced solve's work on the large shared models and buys it
# nothing: at 60 x 50 x 3 the wishes priced 1198, 934 and 244 take 1.1, 0.6
# and 0.8 deterministic seconds without it against 3.2, 2.4 and 3.0 with it
# (level 1: 2.7, 1.9). A price is an optimum, so it is the same either way.
PRICING_PARAMS = {"linearization_level": 2, "cp_model_probing_level": 0}
# Once a wish's limit has grown this many times over its start, the hard rules
# alone are asked whether any plan grants it (at 60 members, a solve of a
# second or so: not worth it for the wishes priced within a few steps).
HARD_AFTER = 4


class _Pricing:
    """The least disruption of a plan granting each refused wish, from a few shared models.

    One model per rung of the disruption level's ladder (`least +
    FIRST_BOUND`, times `WIDEN`, ...) serves every wish, built once when a
    wish first needs it: each refused wish has a literal that, fixed to true
    for its own solve, demands one of the wish's options, and left free (so
    the demand lapses) for the other wishes' solves. Within a model, a
    wish's solve tightens the model's `disruption <= bound` to the wish's
    own limit, which CP-SAT's presolve turns into the same pruning a model
    built for that limit has, without building one. The limit starts at the
    least disruption plus the wish's own smallest move (what granting it
    likely costs: that turn moves at least so far) and grows while no plan
    keeps it, as the disruption level's bound does: a limit below the
    wish's price is infeasible, and the first one above it finds the price.
    Once the limit has grown `HARD_AFTER` times over, the hard rules alone are
    asked, so a wish they forbid (its town blacked out that year, say) is
    refused without climbing to the unbounded model.

    Pricing is deterministic: its solves share a fixed amount of CP-SAT's
    deterministic work (`PRICING_WORK` per second of the time limit), not
    the time left, so a wish is priced, or not, alike on a fast and a slow
    machine. A wish whose solve ends without a proof is reported as not
    priced; only a proof that no plan grants it says so. The run's wall
    clock still bounds the whole (a machine too slow to finish within the
    run's budget leaves the wishes after that point not priced).
    """

    def __init__(
        self, problem: RotationProblem, refused: list[Wish], options: SolverConfig, budget: Budget, least: int
    ):
        self.problem = problem
        self.refused = refused
        self.options = options
        self.budget = budget
        self.least = least
        self.work = options.time_limit * PRICING_WORK
        self.unpruned = _unpruned_bound(problem)
        self.models: dict[int | None | Literal["hard"], tuple[RotationModel, dict[int, cp_model.IntVar]]] = {}

    def rung(self, limit: int) -> int | None:
        """The bound of the model that holds every plan within `limit` (None: no bound)."""
        bound = self.least + FIRST_BOUND
        while bound < limit:
            bound *= WIDEN
        return None if bound >= self.unpruned else bound

    def model(self, bound: int | None | Literal["hard"]) -> tuple[RotationModel, dict[int, cp_model.IntVar]]:
        """The model of a rung: the hard rules and the disruption alone (the other
        costs play no part in a price); "hard": the hard rules alone."""
        if bound not in self.models:
            if bound == "hard":
                m = RotationModel(self.problem, soft_rules=(), budget=self.budget)
            else:
                m = RotationModel(
                    self.problem, disruption_bound=bound, soft_rules=DISRUPTION, budget=self.budget
                )
                m.model.minimize(m.costs["disruption"])
            literals = {}
            for wish in self.refused:
                choices = wish_options(m, wish)
                if choices:
                    literal = m.model.new_bool_var(f"price[{wish.index}]")
                    m.model.add_bool_or(choices).only_enforce_if(literal)
                    literals[wish.index] = literal
            self.models[bound] = (m, literals)
        return self.models[bound]

    def price(self, wish: Wish) -> WishOutcome:
        try:
            return self._price(wish)
        except BudgetSpent:  # while building a model
            return WishOutcome(wish.index, False, priced=False)

    def _price(self, wish: Wish) -> WishOutcome:
        unpriced = WishOutcome(wish.index, False, priced=False)
        limit = start = self.least + max(_smallest_move(self.problem, wish), FIRST_BOUND)
        asked_hard = False
        while True:
            if self.budget.spent or self.work <= 0:
                return unpriced
            bound = self.rung(limit)
            m, literals = self.model(bound)
            if wish.index not in literals:
                return WishOutcome(wish.index, False)  # no planned edition can grant it
            status, solver = self.solve(m, literals[wish.index], None if bound is None else limit)
            if status == cp_model.OPTIMAL:
                return WishOutcome(wish.index, False, round(solver.objective_value))
            if status != cp_model.INFEASIBLE:
                return unpriced  # the work or the time ran out before a proof
            if bound is None:
                return WishOutcome(wish.index, False)  # no plan at all can grant it
            limit += max(FIRST_BOUND, limit // PRICING_STEP)
            if not asked_hard and (limit >= HARD_AFTER * start or self.rung(limit) is None):
                asked_hard = True
                hard, hard_literals = self.model("hard")
                status, _ = self.solve(hard, hard_literals[wish.index], None)
                if status == cp_model.INFEASIBLE:
                    return WishOutcome(wish.index, False)  # the hard rules forbid it
                if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    return unpriced

    def solve(
        self, m: RotationModel, literal: cp_model.IntVar, limit: int | None
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """Solve `m` granting the wish of `literal` within `limit`, then restore the model."""
        granted = m.model.proto.variables[literal.index].domain
        granted[0] = 1
        bounded = None
        if limit is not None and m.disruption_limit is not None and m.disruption_bound is not None:
            # The constraint holds the bound less the constant terms: move it by the difference.
            bounded = m.disruption_limit.proto.linear.domain
            last = len(bounded) - 1
            bounded[last] += limit - m.disruption_bound
        try:
            solver = new_solver(self.options, self.budget, work=self.work, **PRICING_PARAMS)
            status = solve(solver, m.model)
            self.work -= solver.deterministic_time
            return status, solver
        finally:
            granted[0] = 0
            if bounded is not None and limit is not None and m.disruption_bound is not None:
                bounded[len(bounded) - 1] -= limit - m.disruption_bound


def _smallest_move(problem: RotationProblem, wish: Wish) -> int:
    """The least disruption any one turn of the wishing city adds by being held where the wish asks."""
    moves = [
        (slot.index - turn.position) ** 2
        for sp in problem.series
        if wish.applies(sp.series.id)
        for slot in sp.planned
        if slot.year == wish.year and not slot.cancelled
        for turn in sp.turns.get(wish.city, [])
        if turn.k <= slot.index
    ]
    return min(moves, default=0)


def explain_conflict(
    problem: RotationProblem, options: SolverConfig, budget: Budget | None = None
) -> list[str]:
    """A set of the user's entries that cannot all hold, none of them removable.

    CP-SAT's sufficient assumptions (one worker) give a first conflicting
    set; removing entries one at a time and keeping only those without
    which the rest becomes satisfiable shrinks it to an irreducible one.
    """
    # What is left of the run's budget. Should it run out while shrinking,
    # the set found so far still conflicts, though an entry may be spare.
    budget = budget or Budget(options.time_limit)
    try:
        m = RotationModel(problem, explain=True, budget=budget)
    except BudgetSpent:
        return []  # the time ran out before the model was built
    names = {lit.index: name for name, lit in m.assumptions.items()}

    def infeasible(literals: list[cp_model.IntVar]) -> list[cp_model.IntVar] | None:
        m.model.clear_assumptions()
        m.model.add_assumptions(literals)
        status, solver = _solve(m.model, options, budget, workers=1)
        if status != cp_model.INFEASIBLE:
            return None
        core = set(solver.sufficient_assumptions_for_infeasibility())
        return [lit for lit in literals if lit.index in core]

    core = infeasible(list(m.assumptions.values()))
    if core is None:
        return []
    i = 0
    while i < len(core):
        smaller = infeasible(core[:i] + core[i + 1 :])
        if smaller is None:
            i += 1
        else:
            core = smaller if len(smaller) < len(core) - 1 else core[:i] + core[i + 1 :]
    return [names[lit.index] for lit in core]
