"""The CP-SAT model of the host rotation, one small unit per rule.

Each hard rule is a function that adds its constraints through
`RotationModel.restrict`, naming the user's entry the constraint comes
from. In an explaining model every such constraint is guarded by an
assumption literal per entry, so CP-SAT can say which entries conflict.
Each soft rule is a function that returns its cost as a linear expression,
in exactly the units the network format defines.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from novu_planner.network.model import Network
from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot, eligible


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

    def all(self) -> Iterator[cp_model.IntVar]:
        return (var for hosts in self._x.values() for var in hosts.values())

    def keyed(self) -> Iterator[tuple[tuple[str, int, str], cp_model.IntVar]]:
        """Every variable with a key that names it in any model of the same problem."""
        for (series, index), hosts in self._x.items():
            for city, var in hosts.items():
                yield (series, index, city), var


@dataclass
class TurnVars:
    """y[series, city, k, slot index]: the city's k-th turn is held at that edition."""

    _y: dict[tuple[str, str, int], dict[int, cp_model.IntVar]] = field(default_factory=dict)

    def placements(self, series: str, city: str, k: int) -> dict[int, cp_model.IntVar]:
        return self._y.setdefault((series, city, k), {})


class RotationModel:
    def __init__(
        self, problem: RotationProblem, *, explain: bool = False, disruption_bound: int | None = None
    ):
        self.problem = problem
        # With a bound, only plans whose disruption is at most it are modelled.
        self.disruption_bound = disruption_bound
        self.network: Network = problem.network
        self.model = cp_model.CpModel()
        self.explain = explain
        self.assumptions: dict[str, cp_model.IntVar] = {}
        self.hosts = HostVars()
        self.turns = TurnVars()
        self.costs: dict[str, cp_model.LinearExprT] = {}
        self.wish_granted: dict[int, cp_model.IntVar] = {}

        add_host_variables(self)
        for rule in HARD_RULES:
            rule(self)
        if not explain:
            self.costs = {name: cost(self) for name, cost in SOFT_RULES}

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


# -- hard rules ------------------------------------------------------------------------------


def one_host(m: RotationModel) -> None:
    """Rule 1: each edition has exactly one host."""
    for sp in m.problem.series:
        for slot in sp.slots:
            candidates = list(m.hosts.of(slot).values())
            if candidates:
                m.model.add_exactly_one(candidates)


def members_only(m: RotationModel) -> None:
    """Rule 1: the host is a member of the series, taking part that year, not a guest."""
    for sp, slot in m.planned_slots():
        series = sp.series
        for city_id, var in m.hosts.of(slot).items():
            city = m.network.city(city_id)
            if city.guest:
                m.restrict(f"{city.entry} guest = true", m.model.add(var == 0))
                continue
            if city_id not in series.members:
                m.restrict(f"{series.entry} members", m.model.add(var == 0))
            if city.joined is not None and slot.year < city.joined:
                m.restrict(f"{city.entry} joined = {city.joined}", m.model.add(var == 0))
            if city.left is not None and slot.year > city.left:
                m.restrict(f"{city.entry} left = {city.left}", m.model.add(var == 0))


def history_kept(m: RotationModel) -> None:
    """Rule 2: a held or fixed history row decides the host, past the horizon too."""
    for sp in m.problem.series:
        for slot in sp.slots:
            host = slot.fixed_host
            var = m.hosts.get(slot, host) if host is not None else None
            if var is not None:
                m.restrict(slot.row.entry, m.model.add(var == 1))


def no_blackouts(m: RotationModel) -> None:
    """Rule 3: no host in one of its blackout years."""
    for blackout in m.network.blackouts:
        for k, year in enumerate(blackout.years):
            for sp in m.problem.series:
                # Look-ahead editions keep blackouts too, so the turns they
                # cost do not depend on how many years are planned.
                slot = sp.modelled(year)
                if slot is None or slot.cancelled or not blackout.applies(sp.series.id):
                    continue
                var = m.hosts.get(slot, blackout.city)
                if var is not None:
                    m.restrict(f"{blackout.entry}.years[{k}] = {year}", m.model.add(var == 0))


def distinct_hosts(m: RotationModel) -> None:
    """Rule 4: with distinct_from, no city hosts both series in one year."""
    done: set[frozenset[str]] = set()
    for sp in m.problem.series:
        for other_id in sp.series.distinct_from:
            pair = frozenset((sp.series.id, other_id))
            if pair in done:
                continue
            done.add(pair)
            other = m.problem.of(other_id)
            entry = f"{sp.series.entry} distinct_from {other_id!r}"
            for slot in sp.slots:
                twin = other.modelled(slot.year)
                if slot.cancelled or twin is None or twin.cancelled:
                    continue
                for city_id, var in m.hosts.of(slot).items():
                    var2 = m.hosts.get(twin, city_id)
                    if var2 is not None:
                        m.restrict(entry, m.model.add(var + var2 <= 1))


HARD_RULES = (one_host, members_only, history_kept, no_blackouts, distinct_hosts)


# -- soft rules ------------------------------------------------------------------------------


def disruption(m: RotationModel) -> cp_model.LinearExprT:
    """Σ d² over every turn, d = editions between the turn and where it is held.

    A city's k-th hosting is its k-th turn; a turn not held inside the
    modelled editions counts as held just past them.
    """
    terms = []
    for sp in m.problem.series:
        size = sp.size
        held_by: dict[tuple[str, int], list[cp_model.IntVar]] = {}
        for city, turns in sp.turns.items():
            previous: tuple[cp_model.IntVar, cp_model.LinearExprT] | None = None
            for turn in turns:
                placements = m.turns.placements(sp.series.id, city, turn.k)
                for slot in sp.slots:
                    if m.hosts.get(slot, city) is None or not _may_hold(m, slot, turn):
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
        m.model.add(total <= m.disruption_bound)
    return total


def _may_hold(m: RotationModel, slot: Slot, turn) -> bool:
    """Whether the turn can be held at the edition in a plan the model admits.

    The k-th turn needs the k earlier turns at earlier editions, so never
    lies before index k. Under a disruption bound, a placement that alone
    costs more than the bound is in no admitted plan (every term is >= 0),
    so leaving its variable out loses no plan within the bound.
    """
    if slot.index < turn.k:
        return False
    bound = m.disruption_bound
    return bound is None or (slot.index - turn.position) ** 2 <= bound


def settledness(m: RotationModel) -> cp_model.LinearExprT:
    """Σ over planned editions not held by their base host of the editions left from there."""
    terms = []
    for sp in m.problem.series:
        planned = sp.planned
        for i, slot in enumerate(planned):
            if slot.cancelled or slot.base is None:
                continue
            weight = len(planned) - i
            var = m.hosts.get(slot, slot.base)
            terms.append(weight if var is None else weight * (1 - var))
    return sum(terms)


def fairness(m: RotationModel) -> cp_model.LinearExprT:
    """Runs of N consecutive editions in which a member taking part throughout
    does not host exactly once (N = members taking part at the run's end)."""
    terms = []
    for sp in m.problem.series:
        for window in fairness_windows(m.network, sp):
            counts = {}
            for city in window.members:
                fixed = sum(1 for item in window.items if item == city)
                slots = [item for item in window.items if isinstance(item, Slot)]
                counts[city] = fixed + sum(v for s in slots if (v := m.hosts.get(s, city)) is not None)
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
        throughout = tuple(c for c in active if all(network.city(c).active(y) for y, _ in run))
        windows.append(FairnessWindow(tuple(item for _, item in run), throughout))
    return windows


def wishes(m: RotationModel) -> cp_model.LinearExprT:
    """Summed weight of the wishes not granted."""
    terms = []
    for wish in considered_wishes(m.problem):
        options = wish_options(m, wish)
        if not options:
            terms.append(wish.weight)
            continue
        granted = m.model.new_bool_var(f"wish[{wish.index}]")
        m.model.add_bool_or(options).only_enforce_if(granted)
        # Both ways (granted exactly when one option holds): the minimisation
        # would pick that value anyway, but the tighter link lets CP-SAT
        # prove the wishes level several times faster.
        for option in options:
            m.model.add_implication(option, granted)
        m.wish_granted[wish.index] = granted
        terms.append(wish.weight * (1 - granted))
    return sum(terms)


def considered_wishes(problem: RotationProblem) -> list:
    """Wishes for the planned years; the others are warned about, not costed."""
    return [w for w in problem.network.wishes if problem.first <= w.year <= problem.last]


def wish_options(m: RotationModel, wish) -> list[cp_model.IntVar]:
    """The host variables any of which grants the wish."""
    options = []
    for sp, slot in m.planned_slots():
        if slot.year == wish.year and wish.applies(sp.series.id):
            var = m.hosts.get(slot, wish.city)
            if var is not None:
                options.append(var)
    return options


SOFT_RULES = (
    ("disruption", disruption),
    ("settledness", settledness),
    ("fairness", fairness),
    ("wishes", wishes),
)


def tie_break_order(m: RotationModel) -> list[tuple[Slot, cp_model.LinearExprT]]:
    """Per planned edition, year by year, the rank of its host's id: lower wins."""
    ranked = sorted(c.id for c in m.network.cities)
    out = []
    slots = sorted(m.planned_slots(), key=lambda pair: (pair[1].year, pair[0].series.index))
    for _, slot in slots:
        hosts = m.hosts.of(slot)
        if len(hosts) > 1:
            out.append((slot, sum(ranked.index(c) * v for c, v in hosts.items())))
    return out


# The largest weight a tie-break objective may give: CP-SAT stays exact and
# quick well below int64.
TIE_BREAK_WEIGHT_LIMIT = 2**40


def tie_break_chunks(m: RotationModel) -> list[cp_model.LinearExprT]:
    """The per-edition ranks of `tie_break_order`, combined into few objectives.

    Within a chunk, an edition's rank is weighted by radix**(editions after
    it in the chunk), radix being the number of cities: every rank lies in
    0..radix-1, so the later editions together weigh less than one step of
    an earlier one. Minimising the sum therefore minimises the ranks one
    after the other, as separate solves would, and its optimum fixes every
    rank (a number has one representation in a radix).
    """
    radix = len(m.network.cities)
    ranks = [rank for _, rank in tie_break_order(m)]
    size = max(1, int(math.log(TIE_BREAK_WEIGHT_LIMIT, max(radix, 2))))
    chunks = []
    for start in range(0, len(ranks), size):
        part = ranks[start : start + size]
        chunks.append(sum(radix ** (len(part) - 1 - j) * rank for j, rank in enumerate(part)))
    return chunks
