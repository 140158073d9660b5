"""Random and mutated documents either load or raise NetworkError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novu_planner.errors import NetworkError
from novu_planner.network.loader import bundled_network_path, parse_network

SOURCE = bundled_network_path().read_text(encoding="utf-8")
LINES = SOURCE.splitlines()

scalars = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f).replace("inf", "inf").lower()),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(max_size=30).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["2024-06-30", "2024-06-30T10:00:00", "[]", "[1, 2]", "{}", '["06-20"]', "10:00:00"]),
)


@st.composite
def mutated(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "text"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=", 1)[0] + "= " + draw(scalars)
        else:
            lines[i] = draw(st.text(max_size=40))
        if not lines:
            break
    return "\n".join(lines)


def check(data: bytes) -> None:
    try:
        parse_network(data, "fuzz.toml")
    except NetworkError as error:
        assert error.problems
        count = data.count(b"\n") + 1
        for problem in error.problems:
            assert problem.file == "fuzz.toml"
            assert problem.line is None or 1 <= problem.line <= count


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_network_files(text):
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(data):
    check(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text):
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_what_validates_also_plans_or_fails_cleanly(text):
    """A file that loads plans, or ends in exit 1, 2 or 3; never an internal error (exit 70)."""
    import tempfile

    import novu_planner as n
    from novu_planner.errors import NovuError

    try:
        network = parse_network(text.encode("utf-8", "surrogatepass"), "fuzz.toml")
    except NetworkError:
        return
    try:
        plan = n.plan(network, first=2027, years=3, time_limit=2)
        with tempfile.TemporaryDirectory() as folder:
            plan.write(f"{folder}/plan")
    except NovuError as error:
        assert error.exit_code in (1, 2, 3), error
