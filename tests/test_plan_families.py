"""Random networks of every family the file format allows: each plan (and each re-plan against
it after a change) passes the solver-free validator and plan.json reads back to the same bytes,
or planning proves the plan impossible and names why. Long runs: see tests/plan_families.py."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from plan_families import cases, plan_and_check


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(cases())
def test_every_family_plans_as_the_validator_checks(case):
    plan_and_check(case)
