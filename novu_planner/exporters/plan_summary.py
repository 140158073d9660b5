"""The human summaries `plan` and `show` print.

Both answer what a council asks of a plan: who hosts each year and on which
days (and hours), the base rota and where it counts from, what each cost
means and which towns, years and turns it comes from, which wishes were
granted or refused, and why any edition's days moved.
"""

from __future__ import annotations

from novu_planner.checks.plan import plan_problem
from novu_planner.errors import printable
from novu_planner.exporters.network_summary import counted, network_facts, rota_lines
from novu_planner.exporters.times import edition_times
from novu_planner.network.model import Network
from novu_planner.plans.model import Edition, PlanData
from novu_planner.rules import LEVELS, SOFT_RULES


def _days(e: Edition) -> str:
    return f"{e.start} – {e.end}" if e.start and e.end else ""


def _times(network: Network, e: Edition) -> str:
    try:
        times = edition_times(network, e)
    except KeyError:  # a published host the network no longer has
        return ""
    return f"{times[0]}–{times[1]} {times[2]}" if times else ""


def _host_name(network: Network, city_id: str | None) -> str:
    if city_id is None:
        return "—"
    try:
        return network.city(city_id).name
    except KeyError:  # a published host the network no longer has
        return city_id


def edition_table(network: Network, editions: list[Edition]) -> list[str]:
    """One line per edition: year, series, host, status, days, hours (when any series is timed), why.

    Every column is as wide as its widest cell or its heading, whatever the
    lengths of the ids and names.
    """
    rows = [
        [str(e.year), e.series, _host_name(network, e.host), str(e.status), _days(e), _times(network, e)]
        for e in editions
    ]
    heading = ["year", "series", "host", "status", "days", "times"]
    timed = any(row[-1] for row in rows)
    if not timed:
        heading, rows = heading[:-1], [row[:-1] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(heading)]

    def line(cells: list[str], why: str) -> str:
        return (
            "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + why
        ).rstrip()

    return [line(heading, "why")] + [line(row, e.note) for row, e in zip(rows, editions, strict=True)]


def _costs(plan: PlanData) -> str:
    return ", ".join(f"{name} {plan.costs.get(name, 0)}" for name in LEVELS)


def _cost_lines(plan: PlanData) -> list[str]:
    """Each cost with its unit in words, and the items it is made of."""
    try:
        problem, hosts = plan_problem(plan)
    except (KeyError, ValueError):  # a plan its own network no longer describes
        problem, hosts = None, {}
    lines = []
    for rule in SOFT_RULES:
        value = plan.costs.get(rule.name, 0)
        lines.append(f"  {rule.name} {value}: {rule.unit}")
        if not value or rule.itemise is None or problem is None:
            continue
        if rule.needs_lookahead and not plan.lookahead:
            lines.append("    (not itemised: the plan holds no look-ahead hosts)")
            continue
        try:
            items = rule.itemise(problem, hosts, plan.lookahead)
        except (KeyError, ValueError):
            continue
        lines += [f"    {item}" for item in items]
    return lines


def _rota_lines(plan: PlanData) -> list[str]:
    lines = [f"base rotas, counted from the editions before {plan.first}:"]
    for s in network_facts(plan.network, plan.first)["series"]:
        lines += ["  " + line for line in rota_lines(s)]
    return lines


def _wish_lines(plan: PlanData) -> list[str]:
    network = plan.network
    lines = []
    for outcome in plan.wishes:
        wish = network.wishes[outcome.wish_index]
        reason = f", {wish.reason}" if wish.reason else ""
        what = f"{wish.entry} {_host_name(network, wish.city)} {wish.year} (weight {wish.weight}{reason})"
        if outcome.granted:
            lines.append(f"wish granted: {what}")
            continue
        cost = outcome.disruption_if_granted
        why = (
            f"granting it would raise the disruption from {plan.costs.get('disruption')} to {cost}"
            if cost is not None
            else "no plan can grant it"
            if outcome.priced
            else "not priced: the time limit ran out"
        )
        lines.append(f"wish not granted: {what}: {why}")
    return lines


def _days_lines(plan: PlanData, editions: list[Edition]) -> list[str]:
    moved = [e for e in editions if e.days_note]
    if not moved:
        return []
    return ["days moved from the reference start:"] + [f"  {e.series} {e.year}: {e.days_note}" for e in moved]


def _explanations(plan: PlanData, shown: list[Edition], against: str = "") -> list[str]:
    """What both `plan` and `show` print under the table."""
    lines = _rota_lines(plan)
    lines.append(f"costs (in priority order{against}): {_costs(plan)}")
    lines += _cost_lines(plan)
    departures = [e for e in plan.editions if e.note and plan.first <= e.year <= plan.last]
    if departures:
        # A joiner's first turn has a note too, though it departs from nothing.
        lines.append("notes on the hosts (departures from the base rota, first turns):")
        seen = set()
        for e in departures:
            if e.note not in seen:
                seen.add(e.note)
                lines.append(f"  {e.series}: {e.note}")
    else:
        lines.append("every edition follows the base rota")
    return lines + _wish_lines(plan) + _days_lines(plan, shown)


def describe_plan(plan: PlanData, out: str | None) -> str:
    network = plan.network
    proven = "proven optimal" if plan.status == "optimal" else "NOT proven optimal (time limit)"
    lines = [f"{network.name}: plan for {plan.first}–{plan.last}, {proven}"]
    if out:
        lines.append(f"written to {out}")
    lines.append("")
    shown = [e for e in plan.editions if plan.first - 1 <= e.year <= plan.last]
    lines += edition_table(network, shown)
    lines.append("")
    against = f", counted against the previous plan {plan.previous}" if plan.previous else ""
    lines += _explanations(plan, shown, against)
    totals = _places(plan)
    if totals:
        lines.append("places over the planned years: " + ", ".join(f"{c} {n}" for c, n in totals))
    for change in plan.changes:
        lines.append(f"changed since the previous plan: {change}")
    for warning in plan.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(map(printable, lines))  # one line per entry, nothing raw


def _places(plan: PlanData) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for e in plan.editions:
        if plan.in_plan(e):
            for d in e.delegations:
                name = _host_name(plan.network, d.city_id)
                totals[name] = totals.get(name, 0) + d.youth
    return sorted(totals.items())


def describe_saved(plan: PlanData) -> str:
    made = plan.created.isoformat() if plan.created else "at an unknown time"
    lines = [
        f"{plan.network.name}: plan for {plan.first}–{plan.last} ({plan.status}), "
        f"seed {plan.seed}, made {made}",
        "",
    ]
    lines += edition_table(plan.network, plan.editions)
    lines.append("")
    lines += _explanations(plan, plan.editions)
    if any(e.delegations for e in plan.editions):
        lines.append("delegations:")
    for e in plan.editions:
        for d in e.delegations:
            officials = f", officials {d.officials[0]}–{d.officials[1]}" if d.officials else ""
            leaders = f", {counted(d.leaders, 'leader')}" if d.leaders is not None else ""
            who = f"{_host_name(plan.network, d.city_id)} ({d.role})"
            lines.append(f"  {e.series} {e.year}: {who} {counted(d.youth, 'youth')}{leaders}{officials}")
    return "\n".join(map(printable, lines))  # one line per entry, nothing raw
