"""Checks of a plan's days and places, one per rule, with no solver.

They read the typed plan, as `read_plan` gives it back from plan.json, so
the tests and `novu-planner check` judge exactly what was written. The quota shares are
recomputed by a different route than the solver's (a plain highest-averages
count for Sainte-Laguë, pairwise comparisons for `equal`), so a modelling
mistake shows up as a disagreement.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections.abc import Mapping, Sequence
from fractions import Fraction

from novu_planner.checks.rotation import Violation
from novu_planner.network import holiday_index
from novu_planner.network.model import City, Network, Quota, Series
from novu_planner.plans.model import TAKES_PLACE, Edition, PlanData, Role, Status
from novu_planner.rotation.rota import base_rota
from novu_planner.schedule.dates import month_day_in, offset_change_days


def _participants(network: Network, series: Series, year: int) -> list[City]:
    members = [network.city(c) for c in series.members if network.city(c).active(year)]
    return members + [g for g in network.guests_attending(series) if g.guest_in(year)]


def _holidays(series: Series, cities: Sequence[City], year: int) -> dict[dt.date, str]:
    out: dict[dt.date, str] = {}
    if not series.avoid_holidays:
        return out
    for city in cities:
        supported = holiday_index.categories(city.country)
        categories = [c for c in series.holiday_categories if c in supported]
        if not categories:
            continue
        code = city.subdivision.split("-", 1)[1] if city.subdivision else None
        subdiv = code if code in holiday_index.subdivisions(city.country) else None
        # The holidays package's own data (cached on disk); the names in English, as the plan's notes.
        found = holiday_index.holiday_days(city.country, subdiv, year, categories, "en_US")
        for day, name in found:
            out.setdefault(day, f"{name} ({city.country})")
    return out


def _unclear_times(series: Series, year: int, zone: str) -> dict[dt.date, str]:
    """Days whose start or end time is skipped or repeated by a clock change.

    Found by going to UTC and back: such a wall time either does not come
    back, or comes back from two different instants.
    """
    tz = zoneinfo.ZoneInfo(zone)
    out = {}
    # Only the days around a change of the zone's offset can have such times.
    for day in offset_change_days(zone, year):
        for clock in series.times or ():
            naive = dt.datetime.combine(day, clock)
            instants = {naive.replace(tzinfo=tz, fold=f).astimezone(dt.UTC) for f in (0, 1)}
            back = {i.astimezone(tz).replace(tzinfo=None) for i in instants}
            if len(instants) > 1 or back != {naive}:
                out[day] = f"a clock change at {clock:%H:%M} ({zone})"
    return out


# -- dates -----------------------------------------------------------------------------------


def _fits(series: Series, start: dt.date, blocked: Mapping[dt.date, str]) -> str | None:
    """Why a first day breaks the series' own rules, or None."""
    end = start + dt.timedelta(days=series.duration_days - 1)
    if series.window is not None:
        low, high = month_day_in(start.year, series.window[0]), month_day_in(start.year, series.window[1])
        if start < low or end > high:
            return f"{start}–{end} is not inside the window {low}–{high}"
    elif end.year != start.year:
        return f"{start}–{end} runs into the next year"
    if series.start_weekdays is not None and start.weekday() not in series.start_weekdays:
        return f"{start} is a {start.strftime('%A')}, not an allowed first day"
    for i in range(series.duration_days):
        day = start + dt.timedelta(days=i)
        if day in blocked:
            return f"{day} is {blocked[day]}"
    return None


def _reference(series: Series, earlier: Sequence[dt.date]) -> dt.date | None:
    last = sorted(earlier)[-3:]
    if last:
        # By month and day: compare them in one leap year.
        days = sorted(dt.date(2000, d.month, d.day) for d in last)
        return days[(len(days) - 1) // 2]
    if series.preferred_start is not None:
        return dt.date(2000, *series.preferred_start)
    return None


def check_dates(network: Network, plan: PlanData) -> list[Violation]:
    out: list[Violation] = []
    editions = plan.editions
    rows = {(h.series, h.year): h for h in network.history}
    for e in editions:
        if not plan.in_plan(e) or e.status not in TAKES_PLACE or not e.host:
            continue
        series = network.get_series(e.series)
        year = e.year

        def bad(message: str, year: int = year, series: Series = series) -> None:
            out.append(Violation("dates", series.id, year, message))

        start, end = e.start, e.end
        row = rows.get((series.id, year))
        if row is not None and row.start is not None:
            if (start, end) != (row.start, row.end):
                bad(f"history[{row.index}] gives {row.start}–{row.end}; the plan says {start}–{end}")
            continue
        if start is None or end is None:
            bad("has no days")
            continue
        if (end - start).days + 1 != series.duration_days:
            bad(f"{start}–{end} is not {series.duration_days} days")
        blocked = _holidays(series, _participants(network, series, year), year)
        if series.timed:
            blocked.update(_unclear_times(series, year, network.city(e.host).timezone))
        why = _fits(series, start, blocked)
        if why:
            bad(why)
        others = [
            (o.start, o.end, o.series)
            for o in editions
            if o.year == year and o.series != series.id and o.start and o.end and o.status != Status.CANCELLED
        ]
        for o_start, o_end, o_series in others:
            if start <= o_end and o_start <= end:
                bad(f"overlaps {o_series} {year} ({o_start}–{o_end})")
        earlier = [o.start for o in editions if o.series == series.id and o.year < year]
        reference = _reference(series, [d for d in earlier if d])
        target = month_day_in(year, (reference.month, reference.day)) if reference else None
        if target is None:
            target = month_day_in(year, series.window[0]) if series.window else dt.date(year, 1, 1)
        better = _nearer_start(series, start, target, blocked, others)
        if better is not None:
            bad(f"{better} is free and nearer the reference start {target} than {start}")
    return out


def _nearer_start(
    series: Series,
    start: dt.date,
    target: dt.date,
    blocked: Mapping[dt.date, str],
    others: Sequence[tuple[dt.date, dt.date, str]],
) -> dt.date | None:
    distance = (abs((start - target).days), start)
    reach = distance[0]
    for offset in range(-reach, reach + 1):
        day = target + dt.timedelta(days=offset)
        if (abs(offset), day) >= distance or day.year != start.year:
            continue
        end = day + dt.timedelta(days=series.duration_days - 1)
        if _fits(series, day, blocked) is None and not any(day <= oe and os <= end for os, oe, _ in others):
            return day
    return None


# -- quotas ----------------------------------------------------------------------------------


def _sainte_lague(populations: list[int], low: int, high: int, seats: int, totals: list[int]) -> list[int]:
    """Highest averages, one place at a time, each delegation held between low and high."""
    shares = [low] * len(populations)
    for _ in range(seats - low * len(populations)):
        best: tuple[tuple[Fraction, int, int], int] | None = None
        for i, p in enumerate(populations):
            if shares[i] >= high:
                continue
            key = (Fraction(p, 2 * shares[i] + 1), -totals[i], -i)
            if best is None or key > best[0]:
                best = (key, i)
        assert best is not None  # seats <= high * delegations: someone always has room
        shares[best[1]] += 1
    return shares


def check_quotas(network: Network, plan: PlanData) -> list[Violation]:
    out: list[Violation] = []
    for series in network.series:
        q = series.quota
        if q is None:
            continue
        order = base_rota(network, series, plan.first).order
        extras: dict[str, int] = {}
        totals: dict[str, int] = {}
        editions = sorted(
            (
                e
                for e in plan.editions
                if e.series == series.id and plan.in_plan(e) and e.status in TAKES_PLACE and e.host
            ),
            key=lambda e: e.year,
        )
        for e in editions:
            out += _check_edition(network, series, q, order, e, extras, totals)
        present = [c for c in series.members if all(c in _ids(e) for e in editions)]
        if q.method == "equal" and present:
            counts = [extras.get(c, 0) for c in present]
            if max(counts) - min(counts) > 1:
                out.append(
                    Violation(
                        "quotas",
                        series.id,
                        None,
                        f"extra places over the plan differ by more than one: {counts}",
                    )
                )
    return out


def _ids(e: Edition) -> set[str]:
    return {d.city_id for d in e.delegations}


def _check_edition(
    network: Network,
    series: Series,
    q: Quota,
    order: Sequence[str],
    e: Edition,
    extras: dict[str, int],
    totals: dict[str, int],
) -> list[Violation]:
    year = e.year
    out: list[Violation] = []

    def bad(message: str) -> None:
        out.append(Violation("quotas", series.id, year, message))

    expected = [c.id for c in _participants(network, series, year)]
    got = list(e.delegations)
    if sorted(expected) != sorted(d.city_id for d in got):
        bad(f"delegations {sorted(d.city_id for d in got)}; expected {sorted(expected)}")
        return out
    # Ties go in the rota's order among the members of the year, the guests
    # after them: a guest on its way to membership is in the order, but holds
    # no place in it before it joins.
    members = {c for c in expected if network.city(c).active(year)}
    rank = {
        c: (order.index(c) if c in members and c in order else len(order) + expected.index(c))
        for c in expected
    }
    got = sorted(got, key=lambda d: rank[d.city_id])
    shares = []
    for d in got:
        role = (
            Role.HOST
            if d.city_id == e.host
            else (Role.GUEST if network.city(d.city_id).guest_in(year) else Role.MEMBER)
        )
        if d.role != role:
            bad(f"{d.city_id} is shown as {d.role}, expected {role}")
        share = d.youth - (q.host_extra if role == Role.HOST else 0)
        shares.append(share)
        if not q.min <= share <= q.max_share:
            bad(f"{d.city_id} has {share} places, outside {q.min}..{q.max_share}")
        leaders = math.ceil(d.youth / q.leaders_per) if q.leaders_per else None
        if d.leaders != leaders:
            bad(f"{d.city_id} has {d.leaders} leaders, expected {leaders}")
        if q.officials is not None and d.officials != tuple(q.officials):
            bad(f"{d.city_id} officials {d.officials}, expected {tuple(q.officials)}")
    n = len(got)
    handed_out = min(q.capacity, n * q.max_share + q.host_extra)
    if sum(d.youth for d in got) != handed_out:
        bad(f"{sum(d.youth for d in got)} places handed out, expected {handed_out}")
    ids = [d.city_id for d in got]
    if q.method == "equal":
        even = (handed_out - q.host_extra) // n
        if max(shares) - min(shares) > 1:
            bad(f"shares {shares} differ by more than one")
        lucky = [i for i, s in enumerate(shares) if s > even]
        unlucky = [i for i, s in enumerate(shares) if s <= even]
        for i in lucky:
            for j in unlucky:
                if (extras.get(ids[j], 0), j) < (extras.get(ids[i], 0), i):
                    bad(f"{ids[i]} got an extra place before {ids[j]}, who had fewer extras so far")
        for i, s in enumerate(shares):
            extras[ids[i]] = extras.get(ids[i], 0) + s - even
    else:
        populations = [network.city(c).population or 1 for c in ids]
        running = [totals.get(c, 0) for c in ids]
        want = _sainte_lague(populations, q.min, q.max_share, handed_out - q.host_extra, running)
        if want != shares:
            bad(f"shares {shares} for {ids}; Sainte-Laguë gives {want}")
    for d in got:
        totals[d.city_id] = totals.get(d.city_id, 0) + d.youth
    return out


def check_schedule(network: Network, plan: PlanData) -> list[Violation]:
    return check_dates(network, plan) + check_quotas(network, plan)
