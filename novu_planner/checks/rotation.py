"""Checks a plan against every rule, with no solver.

The tests run every plan the solver makes through here, and
`novu-planner check` does the same for a plan folder. Each hard rule has
its own check, and each soft rule's cost is recomputed by hand from the
definitions in the network format, both beside the rule's model in
`novu_planner.rules` but independent of how the CP-SAT model expresses
it, so that a modelling mistake shows up as a disagreement.
"""

from __future__ import annotations

from collections.abc import Mapping

from novu_planner.rotation.problem import RotationProblem
from novu_planner.rules import HARD_RULES, SOFT_RULES
from novu_planner.rules.base import Hosts, Violation

__all__ = ["Hosts", "Violation", "check_costs", "check_rotation", "rotation_costs"]


def check_rotation(problem: RotationProblem, hosts: Hosts) -> list[Violation]:
    """Every hard rule's violations, rule by rule in the registry's order."""
    return [v for rule in HARD_RULES for v in rule.check(problem, hosts)]


def rotation_costs(problem: RotationProblem, hosts: Hosts, lookahead: Hosts | None = None) -> dict[str, int]:
    """Every cost, recomputed. Without the look-ahead hosts, disruption is left out."""
    return {
        rule.name: rule.recompute(problem, hosts, lookahead or {})
        for rule in SOFT_RULES
        if lookahead is not None or not rule.needs_lookahead
    }


def check_costs(
    problem: RotationProblem, hosts: Hosts, lookahead: Hosts | None, claimed: Mapping[str, int]
) -> list[Violation]:
    out = []
    for name, value in rotation_costs(problem, hosts, lookahead).items():
        if claimed.get(name) != value:
            out.append(
                Violation(
                    f"cost:{name}", None, None, f"the plan says {claimed.get(name)}, recomputed {value}"
                )
            )
    return out
