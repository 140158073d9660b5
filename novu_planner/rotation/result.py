"""What a solve returns: a status and, when a plan exists, what it costs.

`solve_rotation()` never raises for an impossible or timed-out network;
the status says what happened and the planner decides what to tell the
user.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from novu_planner.plans.model import WishOutcome

OPTIMAL = "optimal"  # every level proven optimal, tie-break included
FEASIBLE = "feasible"  # a plan that keeps every hard rule, not proven best
INFEASIBLE = "infeasible"  # the hard rules cannot all hold
UNKNOWN = "unknown"  # the time limit ran out before any plan was found


@dataclass
class RotationResult:
    """What a solve of the host rotation returns: its status, hosts, costs, wishes and conflict."""

    status: str
    costs: dict[str, int] = field(default_factory=dict)
    hosts: dict[tuple[str, int], str] = field(default_factory=dict)  # planned (series, year) -> city
    # The hosts the model gave the look-ahead editions past the horizon: not
    # part of the plan, kept so the disruption can be recomputed by hand.
    lookahead: dict[tuple[str, int], str] = field(default_factory=dict)
    wishes: list[WishOutcome] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)  # entries that cannot all hold
    solve_seconds: float = 0.0
    # Wall seconds per stage of the solve ("levels", "tie-break", "pricing",
    # "conflict"), for the benchmarks; a stage not reached is absent.
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in (OPTIMAL, FEASIBLE)
