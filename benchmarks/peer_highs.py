"""The peer column: the rotation's four cost levels solved by HiGHS, a MIP solver.

The model is written here from the same `RotationProblem` the project
solves, independently of the CP-SAT model, and gets the same pruning: the
disruption is minimised under a bound that starts at 16 and widens four
times while no plan keeps it, and a turn placement that alone costs more
than the bound gets no variable. Once the least disruption is known it
becomes the bound for the later levels. The levels (disruption,
settledness, fairness, wishes) are solved one after the other in strict
priority, each held at its optimum for the next; there is no tie-break and
no pricing of refused wishes, so its time compares with the project's
"levels" stage.

Every cost has a constant term (a turn not held, a base host not kept, a
wish not granted). It is passed to HiGHS as the objective's offset, and the
gap is absolute (below one point, the costs being whole numbers): with the
constant left out, a relative gap is measured against a shifted objective
and HiGHS stops at "optimal" for plans that are not.

highspy is an optional dependency (`pip install -e ".[bench]"`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from novu_planner.rotation.problem import RotationProblem, Slot, eligible
from novu_planner.rules import LEVELS
from novu_planner.rules.fairness import fairness_windows
from novu_planner.rules.wishes import considered_wishes

FIRST_BOUND = 16  # as in novu_planner/solver/rotation.py
WIDEN = 4

# A linear expression: coefficients by column, and a constant.
Expr = tuple[dict[int, float], float]


@dataclass
class Mip:
    """Columns and rows collected in Python, handed to HiGHS in one call."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[tuple[float, dict[int, float], float]] = field(default_factory=list)

    def binary(self, upper: float = 1.0) -> int:
        self.lower.append(0.0)
        self.upper.append(upper)
        return len(self.lower) - 1

    def row(self, low: float, coefs: dict[int, float], high: float) -> None:
        self.rows.append((low, coefs, high))

    def highs(self, seconds: float) -> highspy.Highs:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.5)  # whole-number costs: below one point is proven
        h.setOptionValue("time_limit", max(seconds, 0.01))
        n = len(self.lower)
        h.addVars(n, np.array(self.lower), np.array(self.upper))
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
        )
        starts, index, value = [], [], []
        for _, coefs, _ in self.rows:
            starts.append(len(index))
            index.extend(coefs)
            value.extend(coefs.values())
        h.addRows(
            len(self.rows),
            np.array([r[0] for r in self.rows]),
            np.array([r[2] for r in self.rows]),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
        )
        return h


def _add(total: dict[int, float], coefs: dict[int, float], scale: float = 1.0) -> None:
    for col, c in coefs.items():
        total[col] = total.get(col, 0.0) + scale * c


@dataclass
class PeerModel:
    mip: Mip
    x: dict[tuple[str, int, str], int]  # (series, slot index, city) -> column
    costs: dict[str, Expr]


def build(problem: RotationProblem, bound: int | None) -> PeerModel | None:
    """The model of every rule under a disruption bound; None when a fixed host cannot be modelled."""
    mip = Mip()
    network = problem.network
    x: dict[tuple[str, int, str], int] = {}
    for sp in problem.series:
        for slot in sp.slots:
            if slot.cancelled:
                continue
            # Only eligible hosts get a column (hard rule 1b); blackouts fix theirs at 0 (rule 3).
            candidates: dict[int, float] = {}
            for city in sp.series.members:
                if eligible(network, sp.series, city, slot.year):
                    blocked = any(slot.year in b.years for b in network.blackouts_of(city, sp.series.id))
                    col = x[sp.series.id, slot.index, city] = mip.binary(0.0 if blocked else 1.0)
                    candidates[col] = 1.0
            if candidates:
                mip.row(1, candidates, 1)  # one host (rule 1a)
            row = slot.fixed_row  # history (rule 2)
            if row is not None:
                col = x.get((sp.series.id, slot.index, row.host))
                if col is None:
                    if slot.planned:
                        return None
                else:
                    mip.lower[col] = 1.0
    # distinct_from (rule 4)
    done: set[frozenset[str]] = set()
    for sp in problem.series:
        for other in sp.series.distinct_from:
            if frozenset((sp.series.id, other)) in done:
                continue
            done.add(frozenset((sp.series.id, other)))
            twins = problem.of(other)
            for slot in sp.slots:
                twin = twins.modelled(slot.year)
                if slot.cancelled or twin is None or twin.cancelled:
                    continue
                for city in sp.series.members:
                    a, b = x.get((sp.series.id, slot.index, city)), x.get((other, twin.index, city))
                    if a is not None and b is not None:
                        mip.row(-np.inf, {a: 1.0, b: 1.0}, 1)

    costs = {
        "disruption": _disruption(problem, mip, x, bound),
        "settledness": _settledness(problem, x),
        "fairness": _fairness(problem, mip, x),
        "wishes": _wishes(problem, mip, x),
    }
    return PeerModel(mip, x, costs)


def _disruption(
    problem: RotationProblem, mip: Mip, x: dict[tuple[str, int, str], int], bound: int | None
) -> Expr:
    cost: dict[int, float] = {}
    const = 0.0
    for sp in problem.series:
        size = sp.size
        held: dict[tuple[str, int], dict[int, float]] = {}
        for city, turns in sp.turns.items():
            previous: dict[int, int] | None = None  # slot index -> column of the turn before
            for turn in turns:
                y: dict[int, int] = {}
                for slot in sp.slots:
                    d2 = (slot.index - turn.position) ** 2
                    if (sp.series.id, slot.index, city) not in x or slot.index < turn.k:
                        continue
                    if bound is not None and d2 > bound:
                        continue  # the pruning: this placement alone costs more than the bound
                    y[slot.index] = col = mip.binary()
                    held.setdefault((city, slot.index), {})[col] = 1.0
                    cost[col] = cost.get(col, 0.0) + d2
                if turn.position < size:
                    miss = (size - turn.position) ** 2  # the turn not held: a constant less its placements
                    const += miss
                    for col in y.values():
                        cost[col] -= miss
                if len(y) > 1:  # one placement at most
                    mip.row(-np.inf, {col: 1.0 for col in y.values()}, 1)
                if previous is not None:
                    # Held in order: placed only after the turn before, at a later edition.
                    order = {col: 1.0 for col in y.values()}
                    _add(order, {col: 1.0 for col in previous.values()}, -1.0)
                    mip.row(-np.inf, order, 0)
                    big = size + 1
                    later = {col: i - big for i, col in y.items()}
                    _add(later, {col: float(i) for i, col in previous.items()}, -1.0)
                    mip.row(1 - big, later, np.inf)
                previous = y
        for (series, index, city), col in x.items():
            if series == sp.series.id:
                link = {col: 1.0}
                _add(link, held.get((city, index), {}), -1.0)
                mip.row(0, link, 0)
    if bound is not None:
        mip.row(-np.inf, cost, bound - const)
    return cost, const


def _settledness(problem: RotationProblem, x: dict[tuple[str, int, str], int]) -> Expr:
    cost: dict[int, float] = {}
    const = 0.0
    for sp in problem.series:
        planned = sp.planned
        for i, slot in enumerate(planned):
            if slot.cancelled or slot.base is None:
                continue
            weight = len(planned) - i
            const += weight
            col = x.get((sp.series.id, slot.index, slot.base))
            if col is not None:
                cost[col] = -weight
    return cost, const


def _fairness(problem: RotationProblem, mip: Mip, x: dict[tuple[str, int, str], int]) -> Expr:
    cost: dict[int, float] = {}
    for sp in problem.series:
        for window in fairness_windows(problem.network, sp):
            broken = mip.binary()
            cost[broken] = 1.0
            most = len(window.items)
            for city in window.members:
                fixed = sum(1 for item in window.items if item == city)
                count = {
                    col: 1.0
                    for item in window.items
                    if isinstance(item, Slot) and (col := x.get((item.series, item.index, city))) is not None
                }
                # count + fixed == 1 unless broken: 1 - broken <= count + fixed <= 1 + (most - 1) broken
                mip.row(1 - fixed, {**count, broken: 1.0}, np.inf)
                mip.row(-np.inf, {**count, broken: -(most - 1.0)}, 1 - fixed)
    return cost, 0.0


def _wishes(problem: RotationProblem, mip: Mip, x: dict[tuple[str, int, str], int]) -> Expr:
    cost: dict[int, float] = {}
    const = 0.0
    for wish in considered_wishes(problem):
        const += wish.weight
        options = [
            col
            for sp in problem.series
            for slot in sp.planned
            if slot.year == wish.year and not slot.cancelled and wish.applies(sp.series.id)
            if (col := x.get((sp.series.id, slot.index, wish.city))) is not None
        ]
        if not options:
            continue
        granted = mip.binary()
        cost[granted] = -float(wish.weight)
        mip.row(-np.inf, {granted: 1.0, **{col: -1.0 for col in options}}, 0)  # granted only by an option
    return cost, const


def _unpruned_bound(problem: RotationProblem) -> int:
    sizes = [max(t.position, sp.size) ** 2 for sp in problem.series for ts in sp.turns.values() for t in ts]
    return max(sizes, default=0)


@dataclass
class PeerResult:
    status: str  # "optimal", "feasible" (time ran out after a plan), "infeasible", "unknown"
    costs: dict[str, int] = field(default_factory=dict)
    hosts: dict[tuple[str, int], str] = field(default_factory=dict)
    lookahead: dict[tuple[str, int], str] = field(default_factory=dict)
    seconds: float = 0.0
    bound: int | None = None


def _minimize(h: highspy.Highs, expr: Expr) -> tuple[str, float]:
    coefs, const = expr
    n = h.getNumCol()
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    if coefs:
        h.changeColsCost(len(coefs), np.array(list(coefs), dtype=np.int32), np.array(list(coefs.values())))
    h.changeObjectiveOffset(const)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return "optimal", h.getInfo().objective_function_value
    if status == highspy.HighsModelStatus.kInfeasible:
        return "infeasible", 0.0
    if h.getInfo().primal_solution_status == 2:  # a feasible plan, not proven best
        return "feasible", h.getInfo().objective_function_value
    return "unknown", 0.0


def solve(problem: RotationProblem, seconds: float) -> PeerResult:
    """The four levels in strict priority, with the project's disruption pruning."""
    started = time.monotonic()

    def left() -> float:
        return seconds - (time.monotonic() - started)

    bound: int | None = FIRST_BOUND
    while True:
        peer = build(problem, bound)
        if peer is None:
            return PeerResult("infeasible", seconds=time.monotonic() - started)
        h = peer.mip.highs(left())
        status, value = _minimize(h, peer.costs["disruption"])
        if status != "infeasible" or bound is None:
            break
        bound *= WIDEN
        if bound >= _unpruned_bound(problem):
            bound = None
    if status in ("infeasible", "unknown"):
        return PeerResult(status, seconds=time.monotonic() - started, bound=bound)
    proven = status == "optimal"
    # The least disruption becomes the bound for the later levels, as in the project.
    peer = build(problem, round(value))
    assert peer is not None
    h = peer.mip.highs(left())
    costs: dict[str, int] = {}
    for level in LEVELS:
        h.setOptionValue("time_limit", max(left(), 0.01))
        status, value = _minimize(h, peer.costs[level])
        if status in ("infeasible", "unknown"):
            return PeerResult("unknown", costs, seconds=time.monotonic() - started, bound=bound)
        proven &= status == "optimal"
        costs[level] = round(value)
        coefs, const = peer.costs[level]
        h.addRow(
            -np.inf,
            costs[level] - const,
            len(coefs),
            np.array(list(coefs), dtype=np.int32),
            np.array(list(coefs.values())),
        )
        h.setSolution(h.getSolution())  # the next level starts from this plan
    values = h.getSolution().col_value
    result = PeerResult("optimal" if proven else "feasible", costs, bound=bound)
    for (series, index, city), col in peer.x.items():
        if values[col] > 0.5:
            slot = problem.of(series).slots[index]
            (result.hosts if slot.planned else result.lookahead)[series, slot.year] = city
    result.seconds = time.monotonic() - started
    return result
