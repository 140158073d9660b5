"""Check a whole plan against its network, with no solver: every rule, every cost."""

from __future__ import annotations

from novu_planner.checks.rotation import Violation, check_costs, check_rotation
from novu_planner.checks.schedule import check_schedule
from novu_planner.network.model import Network
from novu_planner.plans.model import PlanData, Status
from novu_planner.rotation.problem import RotationProblem, build_problem


def plan_problem(
    plan: PlanData, network: Network | None = None
) -> tuple[RotationProblem, dict[tuple[str, int], str]]:
    """The rotation problem the plan was made against, and its planned hosts."""
    network = network or plan.network
    planned = [e for e in plan.editions if plan.in_plan(e)]
    # The base hosts the plan was made against (a previous plan's hosts where one was given).
    reference = {e.key: e.base_host for e in planned if e.base_host}
    # Published editions carried over from before the plan stand for what happened.
    reference.update({e.key: e.host for e in plan.editions if e.carried and e.year < plan.first and e.host})
    problem = build_problem(network, plan.first, plan.years, reference)
    hosts = {e.key: e.host for e in planned if e.host and e.status != Status.CANCELLED}
    return problem, hosts


def check_plan(plan: PlanData, network: Network | None = None) -> list[Violation]:
    """Every violated rule and every cost that does not match; `network` defaults to the plan's own."""
    network = network or plan.network
    problem, hosts = plan_problem(plan, network)
    out = check_rotation(problem, hosts)
    out += check_costs(problem, hosts, plan.lookahead or None, plan.costs)
    return out + check_schedule(network, plan)
