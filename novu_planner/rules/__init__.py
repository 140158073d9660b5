"""Every rotation rule, in one registry.

Each rule lives in its own module with its model (`build`), its solver-free
check or recomputed cost, and the words the departure notes use for it.
Everything else (the CP-SAT model, the validator, the solve order, the
printed costs, the notes) takes its list of rules from here.

The order matters: the hard rules add their constraints in this order
(conflict explanations depend on it), and a soft rule's position in
`SOFT_RULES` is its priority: each is minimised in turn and then held at
its optimum, so no amount of a later cost is bought with an earlier one.
Disruption stays first: the solver bounds it before the other levels.
See docs/architecture.md for how to add a rule.
"""

from __future__ import annotations

from novu_planner.rules import (
    blackouts,
    disruption,
    distinct,
    fairness,
    history,
    members,
    one_host,
    settledness,
    wishes,
)
from novu_planner.rules.base import Cause, HardRule, Hosts, SoftRule, Violation

HARD_RULES: tuple[HardRule, ...] = (
    one_host.RULE,
    members.RULE,
    history.RULE,
    blackouts.RULE,
    distinct.RULE,
)

SOFT_RULES: tuple[SoftRule, ...] = (
    disruption.RULE,
    settledness.RULE,
    fairness.RULE,
    wishes.RULE,
)

# The soft rules' names, highest priority first: the levels of the solve and
# the costs a plan reports.
LEVELS: tuple[str, ...] = tuple(rule.name for rule in SOFT_RULES)

# Whom the departure notes ask for the cause of a changed host, first answer
# wins: the most binding reason first (a fixed row, then the base host's
# blackout, its membership years, its other series), a granted wish last.
CAUSES: tuple[Cause, ...] = tuple(
    cause
    for cause in (
        history.RULE.cause,
        blackouts.RULE.cause,
        members.RULE.cause,
        distinct.RULE.cause,
        wishes.RULE.explain,
    )
    if cause is not None
)

__all__ = ["CAUSES", "HARD_RULES", "LEVELS", "SOFT_RULES", "HardRule", "Hosts", "SoftRule", "Violation"]
