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

__all__ = ["Hosts", "Violation", "check_costs", "check_rotation", "check_saved_plan", "rotation_costs"]


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


def check_saved_plan(network, data: Mapping) -> list[Violation]:
    """Check a plan.json against its network: every rule, every cost."""
    from novu_planner.rotation.problem import build_problem

    first, years = int(data["from"]), int(data["years"])
    planned = [
        e for e in data["editions"] if first <= e["year"] <= first + years - 1 and not e.get("carried_over")
    ]
    # The base hosts the plan was made against (a previous plan's hosts where one was given).
    reference = {(e["series"], e["year"]): e["base_host"] for e in planned if e.get("base_host")}
    # Published editions carried over from before the plan stand for what happened.
    reference.update(
        {
            (e["series"], e["year"]): e["host"]
            for e in data["editions"]
            if e.get("carried_over") and e["year"] < first and e.get("host")
        }
    )
    problem = build_problem(network, first, years, reference)
    hosts = {(e["series"], e["year"]): e["host"] for e in planned if e["host"] and e["status"] != "cancelled"}
    lookahead = {(x["series"], x["year"]): x["host"] for x in data.get("lookahead", [])}
    out = check_rotation(problem, hosts)
    out += check_costs(problem, hosts, lookahead if lookahead else None, data.get("costs", {}))
    from novu_planner.checks.schedule import check_schedule  # holidays are loaded only for this

    return out + check_schedule(network, data)
