"""The two kinds of rule, and what a broken hard rule reports.

A rule is one object that holds everything the program knows about it:
how the CP-SAT model states it (`build`), how the validator checks it or
recomputes its cost without a solver (`check`, `recompute`), and what the
departure notes say when it moves a host (`cause`, `explain`). Nothing
here imports OR-Tools: `build` only calls methods on the model it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from novu_planner.rotation.problem import RotationProblem, SeriesProblem, Slot
    from novu_planner.solver.rotation_model import RotationModel

# (series, year) -> host city id
Hosts = Mapping[tuple[str, int], str]


@dataclass(frozen=True)
class Violation:
    """A hard rule a plan breaks, or a cost that does not match, where and why."""

    rule: str
    series: str | None
    year: int | None
    message: str

    def __str__(self) -> str:
        where = " ".join(str(x) for x in (self.series, self.year) if x is not None)
        return f"{self.rule}: {where}: {self.message}" if where else f"{self.rule}: {self.message}"


# Why an edition's host is not its base host, in words (or "" when the rule
# is not the reason): (problem, series, edition, base host, chosen host, every planned host).
Cause = Callable[["RotationProblem", "SeriesProblem", "Slot", str, str, Hosts], str]


@dataclass(frozen=True)
class CostItem:
    """One contribution to a soft rule's cost: how many points, and where they come from."""

    points: int
    text: str  # names the series, the town and the years: "youth-week: Lahti's turn of 2031 ..."

    def __str__(self) -> str:
        return f"{self.text}: {self.points}"


# What a cost is made of, without a solver: (problem, planned hosts, look-ahead hosts).
# The points of the items add up to the rule's `recompute`.
Itemise = Callable[["RotationProblem", Hosts, Hosts], list[CostItem]]


@dataclass(frozen=True)
class HardRule:
    """A rule every plan keeps."""

    name: str  # as the validator reports it: "members"
    description: str
    # Adds the rule's constraints, each through `m.restrict(entry, constraint)`.
    build: Callable[[RotationModel], None]
    check: Callable[[RotationProblem, Hosts], list[Violation]]
    cause: Cause | None = None


@dataclass(frozen=True)
class SoftRule:
    """A cost the plan minimises; its place in `SOFT_RULES` is its priority."""

    name: str  # the cost's name in the plan, the summary and plan.json
    unit: str  # what one point of the cost means
    # Returns the cost as a linear expression (adding what it needs to `m.model`).
    build: Callable[[RotationModel], cp_model.LinearExprT]
    # The same cost recomputed by hand: (problem, planned hosts, look-ahead hosts).
    recompute: Callable[[RotationProblem, Hosts, Hosts], int]
    # Whether `recompute` needs the look-ahead hosts (a saved plan may lack them).
    needs_lookahead: bool = False
    explain: Cause | None = None
    itemise: Itemise | None = None
