"""Whole families of small networks, planned end to end and checked by the solver-free validator.

`cases()` draws a network with 3-7 towns in 2-4 countries (subdivisions
too), guests with and without `series`, towns that come as guests before
they join (in and out of `order`), leavers, one to three series (`every`,
`rota`, `order`, `distinct_from`, quotas, timed series, windows, weekdays),
history rows (held, fixed, cancelled; before, inside and past the planned
years), blackouts and wishes; and a change to re-plan against the first
plan (a town leaving or joining, a new blackout, or nothing).
`plan_and_check()` plans it and asserts that the validator agrees.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import reject
from hypothesis import strategies as st
from schedule_helpers import network_text, table, town

import novu_planner as n
from novu_planner.errors import InfeasibleError, NetworkError

SOLVE = {"time_limit": 20.0, "seed": 0, "workers": 1}
NORDIC = ["SE", "NO", "FI", "IS", "DK"]
SUBDIVISIONS = {"NO": ["NO-03", "NO-50", "NO-55"], "FI": ["FI-01", "FI-10"], "SE": ["SE-AB"], "DK": ["DK-84"]}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
FIRST = 2027


@dataclasses.dataclass(frozen=True)
class Case:
    text: str
    first: int
    years: int
    change: str  # "" (no re-plan), or TOML text appended before planning again against the first plan
    again_first: int
    again_years: int


def _month_day(day_of_year: int) -> str:
    d = dt.date(2001, 1, 1) + dt.timedelta(days=day_of_year)
    return f"{d.month:02}-{d.day:02}"


@dataclasses.dataclass
class _Town:
    id: str
    guest: bool
    joined: int | None = None
    left: int | None = None
    guest_from: int | None = None

    def active(self, year: int) -> bool:
        return (self.joined is None or year >= self.joined) and (self.left is None or year <= self.left)


@st.composite
def cases(draw) -> Case:
    years = draw(st.integers(2, 8))
    first = FIRST
    last = first + years - 1
    countries = draw(st.lists(st.sampled_from(NORDIC), min_size=2, max_size=4, unique=True))
    count = draw(st.integers(3, 7))
    ids = [chr(ord("a") + i) for i in range(count)]
    guests = draw(st.integers(0, min(2, count - 2)))
    towns: list[_Town] = []
    texts: list[str] = []
    series_count = draw(st.integers(1, 3))
    series_ids = [f"s{k}" for k in range(series_count)]
    for i, cid in enumerate(ids):
        country = countries[i % len(countries)] if i < len(countries) else draw(st.sampled_from(countries))
        fields: dict = {"population": draw(st.integers(500, 900_000))}
        if country in SUBDIVISIONS and draw(st.integers(0, 3)) == 0:
            fields["subdivision"] = draw(st.sampled_from(SUBDIVISIONS[country]))
        t = _Town(cid, guest=i >= count - guests)
        if t.guest:
            fields["guest"] = True
            t.joined = draw(st.integers(first - 3, last + 1))
            fields["joined"] = t.joined
            if draw(st.booleans()):
                t.left = draw(st.integers(t.joined, last + 2))
                fields["left"] = t.left
            if draw(st.booleans()):
                fields["series"] = draw(st.lists(st.sampled_from(series_ids), min_size=1, unique=True))
        else:
            kind = draw(st.sampled_from(["plain", "plain", "joins", "guest-then-joins", "leaves"]))
            if kind in ("joins", "guest-then-joins"):
                t.joined = draw(st.integers(first - 2, last + 1))
                fields["joined"] = t.joined
                if kind == "guest-then-joins":
                    t.guest_from = draw(st.integers(t.joined - 4, t.joined - 1))
                    fields["guest_from"] = t.guest_from
                    if draw(st.booleans()):
                        fields["series"] = draw(
                            st.lists(st.sampled_from(series_ids), min_size=1, unique=True)
                        )
            elif kind == "leaves":
                t.left = draw(st.integers(first - 1, last + 1))
                fields["left"] = t.left
        towns.append(t)
        texts.append(town(cid, country, **fields))
    members_all = [t for t in towns if not t.guest]
    parts: list[str] = []
    history: list[str] = []
    kept: set[tuple[str, int, str]] = set()  # (host, year, series) of held and fixed rows
    series_members: dict[str, list[_Town]] = {}
    series_every: dict[str, tuple[int, int]] = {}
    for sid in series_ids:
        every = draw(st.sampled_from([1, 1, 2, 3]))
        first_year = draw(st.integers(first - 8, first + 2))
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(members_all), min_size=2, unique_by=lambda t: t.id))
            members = sorted(chosen, key=lambda t: ids.index(t.id)) if draw(st.booleans()) else chosen
            members_given = True
        else:
            members, members_given = members_all, False
        series_members[sid] = members
        duration = draw(st.integers(1, 6))
        fields = {"id": sid, "name": sid.upper(), "duration_days": duration}
        without_first = every == 1 and draw(st.integers(0, 3)) == 0
        if without_first:
            first_year = first - 8  # history rows start no earlier than this
        else:
            fields["first_year"] = first_year
        fields["every"] = every
        series_every[sid] = (first_year, every)
        if members_given:
            fields["members"] = [t.id for t in members]
        if draw(st.booleans()):
            fields["order"] = [t.id for t in draw(st.permutations(members))]
        if draw(st.booleans()):
            fields["rota"] = draw(st.sampled_from(["years", "editions"]))
        if draw(st.booleans()):
            start = draw(st.integers(0, 300))
            length = draw(st.integers(duration + 6, duration + 60))
            fields["window"] = [_month_day(start), _month_day(min(start + length, 364))]
        if draw(st.booleans()):
            fields["start_weekdays"] = draw(
                st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=4, unique=True)
            )
        if draw(st.integers(0, 3)) == 0:
            hour = draw(st.integers(0, 20))
            fields["start_time"] = f"{hour:02}:{draw(st.sampled_from([0, 30])):02}"
            fields["end_time"] = f"{draw(st.integers(hour + 1, 23)):02}:00"
        others = [o for o in series_ids if o != sid]
        if others and draw(st.integers(0, 2)) == 0:
            fields["distinct_from"] = draw(st.lists(st.sampled_from(others), min_size=1, unique=True))
        at = len(parts)
        parts.append("")
        if draw(st.integers(0, 2)):
            capacity = draw(st.integers(10, 90))
            host_extra = draw(st.integers(0, 4))
            quota: dict = {"capacity": capacity, "host_extra": host_extra}
            if draw(st.booleans()):
                quota["method"] = draw(st.sampled_from(["equal", "population"]))
            if draw(st.booleans()):
                quota["min"] = draw(st.integers(0, max(0, (capacity - host_extra) // len(towns))))
            if draw(st.booleans()):
                quota["max"] = draw(st.integers(max(1, quota.get("min", 0)), 30))
            if draw(st.booleans()):
                quota["leaders_per"] = draw(st.integers(1, 8))
            if draw(st.booleans()):
                low = draw(st.integers(0, 3))
                quota["officials"] = [low, draw(st.integers(low, 5))]
            parts.append(table("[series.quota]", **quota))
        # History: rows in the past, in the planned years and past the horizon.
        edition_years = [y for y in range(first_year, last + 4, every) if y >= first - 8]
        for year in edition_years:
            if draw(st.integers(0, 2)) == 0:
                continue
            if year >= first and draw(st.integers(0, 3)):
                continue  # rows in the planned years are rarer
            hosts = [t for t in members if t.active(year)]
            if not hosts:
                continue
            status = draw(st.sampled_from(["held", "held", "cancelled", "fixed"]))
            row = {"series": sid, "year": year, "host": draw(st.sampled_from(hosts)).id, "status": status}
            if status != "cancelled" and draw(st.integers(0, 3)) == 0:
                # Days of its own, anywhere in the year (a row's days need not keep the window).
                row["start"] = dt.date(year, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364 - duration)))
            history.append(table("[[history]]", **row))
            if status != "cancelled":
                kept.add((row["host"], year, sid))
        if without_first and not any(f'series = "{sid}"' in h for h in history):
            fields["first_year"] = first_year
        parts[at] = table("[[series]]", **fields)
    extras: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        town_ = draw(st.sampled_from(members_all))
        fields = {
            "city": town_.id,
            "years": draw(st.lists(st.integers(first - 1, last + 2), min_size=1, max_size=3, unique=True)),
        }
        mine = [s for s in series_ids if town_ in series_members[s]]
        if mine and draw(st.booleans()):
            fields["series"] = draw(st.sampled_from(mine))
        # A blackout on a year the town held or is fixed to host is refused when the file is read.
        fields["years"] = [
            y
            for y in fields["years"]
            if not any(
                (town_.id, y, s) in kept for s in ([fields["series"]] if "series" in fields else series_ids)
            )
        ]
        if not fields["years"]:
            continue
        extras.append(table("[[blackouts]]", **fields))
    for _ in range(draw(st.integers(0, 2))):
        town_ = draw(st.sampled_from(members_all))
        mine = [s for s in series_ids if town_ in series_members[s]]
        fields = {"city": town_.id, "weight": draw(st.integers(1, 9))}
        if mine and draw(st.booleans()):
            sid = draw(st.sampled_from(mine))
            start, every = series_every[sid]
            options = [y for y in range(start, last + 2, every) if y >= first - 1]
            if not options:
                continue
            fields["series"] = sid
            fields["year"] = draw(st.sampled_from(options))
        else:
            fields["year"] = draw(st.integers(first - 1, last + 1))
        extras.append(table("[[wishes]]", **fields))
    text = network_text(*texts, *parts, *history, *extras)
    change = ""
    again_first = first
    again_years = years
    kind = draw(st.sampled_from(["none", "same", "leave", "join", "blackout", "fixed"]))
    if kind != "none":
        again_first = draw(st.integers(first, first + 2))
        again_years = draw(st.integers(2, 8))
        if kind == "same":
            change = "\n"
        elif kind == "leave":
            change = f"LEAVE {draw(st.sampled_from(members_all)).id} {draw(st.integers(first, last))}"
        elif kind == "join":
            change = town(
                "z",
                draw(st.sampled_from(countries)),
                population=1000,
                joined=draw(st.integers(first, last + 1)),
            )
        elif kind == "blackout":
            who = draw(st.sampled_from(members_all)).id
            change = table("[[blackouts]]", city=who, years=[draw(st.integers(first, last))])
        elif kind == "fixed":
            sid = draw(st.sampled_from(series_ids))
            start, every = series_every[sid]
            options = [y for y in range(start, last + 1, every) if y >= first]
            hosts = [t for t in series_members[sid] if options and t.active(options[-1])]
            if hosts:
                change = table(
                    "[[history]]",
                    series=sid,
                    year=options[-1],
                    host=draw(st.sampled_from(hosts)).id,
                    status=draw(st.sampled_from(["fixed", "cancelled"])),
                )
    return Case(text, first, years, change, again_first, again_years)


def _changed(text: str, change: str) -> str:
    """The network text after the change: a `LEAVE city year` sets (or moves) that town's `left`."""
    if not change.startswith("LEAVE "):
        return text + "\n" + change
    _, cid, year = change.split()
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("["):
            inside = False
        if line == f'id = "{cid}"' and out and out[-1] == "[[cities]]":
            inside = True
        if inside and line.startswith("left = "):
            continue
        out.append(line)
        if inside and line.startswith("id = "):
            out.append(f"left = {year}")
    return "\n".join(out) + "\n"


def load(text: str) -> n.Network | None:
    try:
        return n.load_network(text)
    except NetworkError:
        return None


def plan_checked(network: n.Network, first: int, years: int, previous: n.Plan | None = None) -> n.Plan | None:
    """The plan, after the validator found nothing and plan.json round-tripped; None when impossible."""
    try:
        made = n.plan(network, first=first, years=years, previous=previous, **SOLVE)
    except InfeasibleError as error:
        assert error.exit_code == 1
        # A rota that cannot be: the entries that clash. A year without days: the series, year and why.
        assert error.conflict or "no dates can be found" in str(error), str(error)
        return None
    assert made.status == "optimal", made.status
    problems = n.check(made, network)
    assert problems == [], "\n".join(map(str, problems))
    assert documented_rules(made, network) == []
    with tempfile.TemporaryDirectory() as folder:
        p = Path(folder, "p.json")
        q = Path(folder, "q.json")
        p.write_bytes(made.files()["plan.json"])
        again = n.read_plan(p)
        q.write_bytes(again.files()["plan.json"])
        assert p.read_bytes() == q.read_bytes()
        assert n.check(again) == []
    return made


def documented_rules(made: n.Plan, network: n.Network) -> list[str]:
    """The hard rules, places and days as docs/network-format.md states them, checked without the
    package's validator, so a validator that lets a broken plan through is caught too."""
    out: list[str] = []
    planned = [e for e in made.editions if e.status == n.Status.PLANNED]
    hosted: dict[tuple[str, int], list[str]] = {}
    days: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
    for e in planned:
        series, city = network.get_series(e.series), network.city(e.host)
        key = f"{e.series} {e.year} {e.host}"
        if e.host not in series.members or city.guest or not city.active(e.year):
            out.append(f"{key}: not a member taking part")
        if network.blackouts_of(e.host, e.series) and any(
            e.year in b.years for b in network.blackouts_of(e.host, e.series)
        ):
            out.append(f"{key}: blacked out")
        hosted.setdefault((e.host, e.year), []).append(e.series)
        assert e.start is not None and e.end is not None
        if (e.end - e.start).days + 1 != series.duration_days or e.start.year != e.year:
            out.append(f"{key}: days {e.start}..{e.end}")
        if series.window and not (
            series.window[0] <= (e.start.month, e.start.day) and (e.end.month, e.end.day) <= series.window[1]
        ):
            out.append(f"{key}: outside the window")
        if series.start_weekdays and e.start.weekday() not in series.start_weekdays:
            out.append(f"{key}: starts on weekday {e.start.weekday()}")
        days.setdefault(e.year, []).append((e.start, e.end, e.series))
        out += _places(e, series, key)
    for (host, year), ids in hosted.items():
        for sid in ids:
            clash = [o for o in ids if o != sid and o in network.get_series(sid).distinct_from]
            if clash:
                out.append(f"{host} {year}: hosts {sid} and {clash}, kept distinct")
    for year, spans in days.items():
        spans.sort()
        for (_, end, one), (start, _, two) in zip(spans, spans[1:], strict=False):
            if start <= end:
                out.append(f"{year}: {one} and {two} overlap")
    return out


def _places(e, series, key: str) -> list[str]:
    q = series.quota
    if q is None:
        return [f"{key}: delegations without a quota"] if e.delegations else []
    out = []
    high = q.capacity if q.max is None else q.max
    total = min(q.capacity, len(e.delegations) * high + q.host_extra)
    if sum(d.youth for d in e.delegations) != total:
        out.append(f"{key}: {sum(d.youth for d in e.delegations)} places, expected {total}")
    for d in e.delegations:
        share = d.youth - (q.host_extra if d.city_id == e.host else 0)
        if not q.min <= share <= high:
            out.append(f"{key}: {d.city_id} has share {share}")
        if q.leaders_per and d.leaders != -(-d.youth // q.leaders_per):
            out.append(f"{key}: {d.city_id} has {d.leaders} leaders")
    return out


def plan_and_check(case: Case, skip_invalid: bool = True) -> None:
    network = load(case.text)
    if network is None:
        if skip_invalid:
            reject()
        return
    made = plan_checked(network, case.first, case.years)
    if made is None or not case.change:
        return
    changed = load(_changed(case.text, case.change))
    if changed is None:
        return
    plan_checked(changed, case.again_first, case.again_years, previous=made)
