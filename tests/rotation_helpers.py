"""Tiny networks written by hand, and a solve that is always checked by the validator."""

from __future__ import annotations

from hypothesis import strategies as st
from schedule_helpers import network_text, toml

from novu_planner.checks.rotation import check_rotation, rotation_costs
from novu_planner.network.loader import parse_network
from novu_planner.rotation.problem import build_problem
from novu_planner.rules import LEVELS
from novu_planner.solver.rotation import SolveOptions, solve_rotation

OPTIONS = SolveOptions(time_limit=20, seed=0, workers=1)


def city(cid: str, extra: str = "") -> str:
    fields = f'id = "{cid}"\nname = "{cid.upper()}"\ncountry = "SE"\ntimezone = "Europe/Stockholm"'
    return f"[[cities]]\n{fields}\n{extra}\n"


def network(*parts: str, cities: str = "abcd", city_extra: dict[str, str] | None = None) -> str:
    """Single-letter towns in Sweden (a, b, c, d by default), then the other parts."""
    city_extra = city_extra or {}
    return network_text("".join(city(c, city_extra.get(c, "")) for c in cities), *parts)


def series(sid: str = "s", **fields) -> str:
    lines = [f'[[series]]\nid = "{sid}"\nname = "{sid.upper()}"\nduration_days = 3']
    for key, value in fields.items():
        lines.append(f"{key} = {toml(value)}")
    return "\n".join(lines) + "\n"


def row(year: int, host: str, status: str = "held", sid: str = "s") -> str:
    return f'[[history]]\nseries = "{sid}"\nyear = {year}\nhost = "{host}"\nstatus = "{status}"\n'


def blackout(cid: str, *years: int, **fields) -> str:
    extra = "".join(f"{k} = {toml(v)}\n" for k, v in fields.items())
    return f'[[blackouts]]\ncity = "{cid}"\nyears = {list(years)}\n{extra}'


def wish(cid: str, year: int, weight: int = 1, **fields) -> str:
    extra = "".join(f"{k} = {toml(v)}\n" for k, v in fields.items())
    return f'[[wishes]]\ncity = "{cid}"\nyear = {year}\nweight = {weight}\n{extra}'


def solve(text: str, first: int = 2027, years: int = 8, previous=None):
    net = parse_network(text.encode("utf-8"), "t.toml")
    problem = build_problem(net, first, years, previous)
    result = solve_rotation(problem, OPTIONS)
    if result.ok:
        assert check_rotation(problem, result.hosts) == []
        assert rotation_costs(problem, result.hosts, result.lookahead) == result.costs
    return result


def hosts_of(result, sid: str = "s") -> list[str]:
    return [h for (s, _), h in sorted(result.hosts.items(), key=lambda kv: kv[0][1]) if s == sid]


def costs(**given: int) -> dict[str, int]:
    """Every cost a plan reports, in priority order: the given ones, the others 0."""
    unknown = set(given) - set(LEVELS)
    assert not unknown, f"no such cost: {unknown}"
    return {name: given.get(name, 0) for name in LEVELS}


@st.composite
def networks(draw):
    """A small valid network (members a.., one or two series, history, blackouts, wishes) and its years."""
    n = draw(st.integers(3, 6))
    ids = "abcdef"[:n]
    order = draw(st.permutations(list(ids)))
    years = draw(st.integers(3, 10))
    extra: dict[str, str] = {}
    hosting = {cid: range(2027, 2027 + years) for cid in ids}  # the planned years each can host
    if draw(st.booleans()):
        joined = draw(st.integers(2027, 2027 + years))
        extra[ids[-1]] = f"joined = {joined}"
        hosting[ids[-1]] = range(joined, 2027 + years)
    elif draw(st.booleans()):
        left = draw(st.integers(2027, 2027 + years))
        extra[ids[0]] = f"left = {left}"
        hosting[ids[0]] = range(2027, left + 1)
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
        # A wish names a year its town can host: validate refuses any other.
        cid = draw(st.sampled_from([c for c in ids if hosting[c]]))
        parts.append(wish(cid, draw(st.sampled_from(hosting[cid])), draw(st.integers(1, 9))))
    return network(*parts, cities=ids, city_extra=extra), years
