"""Random valid networks: every plan keeps every rule and reports the costs it has."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rotation_helpers import blackout, network, row, series, solve, wish


@st.composite
def networks(draw):
    n = draw(st.integers(3, 6))
    ids = "abcdef"[:n]
    order = draw(st.permutations(list(ids)))
    years = draw(st.integers(3, 10))
    extra: dict[str, str] = {}
    if draw(st.booleans()):
        extra[ids[-1]] = f"joined = {draw(st.integers(2027, 2027 + years))}"
    elif draw(st.booleans()):
        extra[ids[0]] = f"left = {draw(st.integers(2027, 2027 + years))}"
    parts = [series(first_year=2015, order=order, rota=draw(st.sampled_from(["editions", "years"])))]
    history = draw(st.integers(0, 6))
    for i, year in enumerate(range(2027 - history, 2027)):
        host = order[i % n]
        if host in extra:
            continue
        status = "cancelled" if year == 2026 - 1 and draw(st.booleans()) else "held"
        parts.append(row(year, host, status))
    if draw(st.booleans()):
        every = draw(st.sampled_from([1, 2]))
        distinct = ["s"] if every == 1 and draw(st.booleans()) else []
        parts.append(
            series(
                "t",
                first_year=2027,
                every=every,
                order=draw(st.permutations(list(ids))),
                distinct_from=distinct,
            )
        )
    for year in range(2027, 2027 + years):
        if draw(st.integers(0, 3)) == 0:
            parts.append(blackout(draw(st.sampled_from(ids)), year))
    for _ in range(draw(st.integers(0, 2))):
        parts.append(
            wish(draw(st.sampled_from(ids)), draw(st.integers(2027, 2026 + years)), draw(st.integers(1, 9)))
        )
    return network(*parts, cities=ids, city_extra=extra), years


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_every_plan_passes_the_validator(case):
    text, years = case
    result = solve(text, years=years)  # checks the plan and recomputes every cost
    assert result.status in ("optimal", "infeasible"), result.status
    if result.status == "infeasible":
        assert result.conflict
