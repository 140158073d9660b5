"""Checks a plan against every rule, with no solver.

The tests run every plan the solver makes through here, and
`novu-planner check` does the same for a plan folder. Each hard rule has
its own check; each soft rule's cost is recomputed by hand from the
definitions in the network format, independently of how the CP-SAT model
expresses it, so that a modelling mistake shows up as a disagreement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from novu_planner.rotation.problem import RotationProblem, SeriesProblem

Hosts = Mapping[tuple[str, int], str]


@dataclass(frozen=True)
class Violation:
    rule: str
    series: str | None
    year: int | None
    message: str

    def __str__(self) -> str:
        where = " ".join(str(x) for x in (self.series, self.year) if x is not None)
        return f"{self.rule}: {where}: {self.message}" if where else f"{self.rule}: {self.message}"


# -- hard rules ------------------------------------------------------------------------------


def check_one_host(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for slot in sp.planned:
            host = hosts.get((slot.series, slot.year))
            if slot.cancelled and host is not None and host != slot.row.host:
                out.append(Violation("one-host", slot.series, slot.year, f"cancelled, yet hosted by {host}"))
            if not slot.cancelled and host is None:
                out.append(Violation("one-host", slot.series, slot.year, "has no host"))
    return out


def check_members(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for slot in sp.planned:
            host = hosts.get((slot.series, slot.year))
            if host is None or slot.cancelled:
                continue
            city = problem.network.city(host)
            if city.guest:
                out.append(Violation("members", slot.series, slot.year, f"{host} is a guest"))
            elif host not in sp.series.members:
                out.append(Violation("members", slot.series, slot.year, f"{host} is not a member"))
            elif not city.active(slot.year):
                out.append(
                    Violation("members", slot.series, slot.year, f"{host} does not take part that year")
                )
    return out


def check_history(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for slot in sp.planned:
            fixed = slot.fixed_host
            host = hosts.get((slot.series, slot.year))
            if fixed is not None and host != fixed:
                out.append(
                    Violation(
                        "history", slot.series, slot.year, f"{slot.row.entry} says {fixed}, plan says {host}"
                    )
                )
    return out


def check_blackouts(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for blackout in problem.network.blackouts:
        for (series, year), host in hosts.items():
            if host == blackout.city and year in blackout.years and blackout.applies(series):
                out.append(Violation("blackout", series, year, f"{host} hosts despite {blackout.entry}"))
    return out


def check_distinct(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    out = []
    for sp in problem.series:
        for other in sp.series.distinct_from:
            for slot in sp.planned:
                mine, theirs = hosts.get((sp.series.id, slot.year)), hosts.get((other, slot.year))
                if mine is not None and mine == theirs:
                    out.append(Violation("distinct", sp.series.id, slot.year, f"{mine} also hosts {other}"))
    return out


HARD_CHECKS = (check_one_host, check_members, check_history, check_blackouts, check_distinct)


def check_rotation(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    return [v for check in HARD_CHECKS for v in check(problem, hosts)]


# -- soft rules, recomputed ------------------------------------------------------------------


def disruption(problem: RotationProblem, hosts: Hosts, lookahead: Hosts) -> int:
    """Σ d²: a city's k-th hosting against its k-th turn; a turn not held counts as held just past the end."""
    total = 0
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
                if k < len(positions):
                    total += (positions[k] - turn.position) ** 2
                elif turn.position < end:
                    total += (end - turn.position) ** 2
    return total


def settledness(problem: RotationProblem, hosts: Hosts) -> int:
    total = 0
    for sp in problem.series:
        planned = sp.planned
        for i, slot in enumerate(planned):
            if slot.cancelled or slot.base is None:
                continue
            if hosts.get((slot.series, slot.year)) != slot.base:
                total += len(planned) - i
    return total


def fairness(problem: RotationProblem, hosts: Hosts) -> int:
    """Runs of N consecutive editions (history included) where a member taking part throughout
    does not host exactly once; N = members taking part in the run's last year."""
    return sum(_unfair_runs(problem, sp, hosts) for sp in problem.series)


def _unfair_runs(problem: RotationProblem, sp: SeriesProblem, hosts: Hosts) -> int:
    network = problem.network
    took_place = [(e.year, e.host) for e in sp.past if e.status != "cancelled" and e.host]
    planned_years = {s.year for s in sp.planned if not s.cancelled}
    took_place += [(y, hosts.get((sp.series.id, y))) for y in sorted(planned_years)]
    unfair = 0
    for end, (year, _) in enumerate(took_place):
        if year not in planned_years:
            continue
        n = sum(network.city(c).active(year) for c in sp.series.members)
        if n == 0 or end + 1 < n:
            continue
        run = took_place[end + 1 - n : end + 1]
        years = [y for y, _ in run]
        for city in sp.series.members:
            if all(network.city(city).active(y) for y in years) and [h for _, h in run].count(city) != 1:
                unfair += 1
                break
    return unfair


def wishes(problem: RotationProblem, hosts: Hosts) -> int:
    total = 0
    for wish in problem.network.wishes:
        if not problem.first <= wish.year <= problem.last:
            continue
        granted = any(
            host == wish.city and year == wish.year and wish.applies(series)
            for (series, year), host in hosts.items()
        )
        total += 0 if granted else wish.weight
    return total


def rotation_costs(problem: RotationProblem, hosts: Hosts, lookahead: Hosts | None = None) -> dict[str, int]:
    """Every cost, recomputed. Without the look-ahead hosts, disruption is left out."""
    costs = {
        "settledness": settledness(problem, hosts),
        "fairness": fairness(problem, hosts),
        "wishes": wishes(problem, hosts),
    }
    if lookahead is not None:
        costs["disruption"] = disruption(problem, hosts, lookahead)
    return costs


def check_costs(problem: RotationProblem, hosts: Hosts, lookahead: Hosts | None, claimed: Mapping[str, int]):
    out = []
    for name, value in rotation_costs(problem, hosts, lookahead).items():
        if claimed.get(name) != value:
            out.append(
                Violation(
                    f"cost:{name}", None, None, f"the plan says {claimed.get(name)}, recomputed {value}"
                )
            )
    return out
