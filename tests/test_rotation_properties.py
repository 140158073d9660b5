"""Random valid networks: every plan keeps every rule and reports the costs it has."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from rotation_helpers import networks, solve


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_every_plan_passes_the_validator(case):
    text, years = case
    result = solve(text, years=years)  # checks the plan and recomputes every cost
    assert result.status in ("optimal", "infeasible"), result.status
    if result.status == "infeasible":
        assert result.conflict
