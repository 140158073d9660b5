"""The human summaries `plan` and `show` print."""

from __future__ import annotations

from novu_planner.errors import printable
from novu_planner.network.model import Network
from novu_planner.plan.model import Edition, PlanData
from novu_planner.rules import LEVELS


def _days(e: Edition) -> str:
    return f"{e.start} – {e.end}" if e.start and e.end else ""


def _host_name(network: Network, city_id: str | None) -> str:
    if city_id is None:
        return "—"
    try:
        return network.city(city_id).name
    except KeyError:  # a published host the network no longer has
        return city_id


def edition_table(network: Network, editions: list[Edition]) -> list[str]:
    """One line per edition: year, series, host, status, days, why."""
    lines = []
    width = max((len(_host_name(network, e.host)) for e in editions), default=4)
    sw = max((len(e.series) for e in editions), default=6)
    lines.append(f"  {'year':<4}  {'series':<{sw}}  {'host':<{width}}  {'status':<9}  {'days':<23}  why")
    for e in editions:
        host = _host_name(network, e.host)
        line = f"  {e.year:<4}  {e.series:<{sw}}  {host:<{width}}  {e.status:<9}  {_days(e):<23}  "
        lines.append((line + e.note).rstrip())
    return lines


def _costs(plan: PlanData) -> str:
    return ", ".join(f"{name} {plan.costs.get(name, 0)}" for name in LEVELS)


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
    lines.append(f"costs (in priority order{against}): {_costs(plan)}")
    departures = [e for e in plan.editions if e.note and plan.first <= e.year <= plan.last]
    if departures:
        lines.append("departures from the base rota:")
        seen = set()
        for e in departures:
            if e.note not in seen:
                seen.add(e.note)
                lines.append(f"  {e.series}: {e.note}")
    else:
        lines.append("every edition follows the base rota")
    for outcome in plan.wishes:
        if outcome.granted:
            continue
        wish = network.wishes[outcome.wish_index]
        cost = outcome.disruption_if_granted
        what = (
            f"granting it would raise the disruption from {plan.costs.get('disruption')} to {cost}"
            if cost is not None
            else "no plan can grant it"
            if outcome.priced
            else "not priced: the time limit ran out"
        )
        reason = f", {wish.reason}" if wish.reason else ""
        lines.append(
            f"wish not granted: {wish.entry} {wish.city} {wish.year} (weight {wish.weight}{reason}): {what}"
        )
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
    lines.append(f"costs: {_costs(plan)}")
    if any(e.delegations for e in plan.editions):
        lines.append("delegations:")
    for e in plan.editions:
        for d in e.delegations:
            officials = f", officials {d.officials[0]}–{d.officials[1]}" if d.officials else ""
            leaders = f", {d.leaders} leaders" if d.leaders is not None else ""
            who = f"{_host_name(plan.network, d.city_id)} ({d.role})"
            lines.append(f"  {e.series} {e.year}: {who} {d.youth} youths{leaders}{officials}")
    return "\n".join(map(printable, lines))  # one line per entry, nothing raw
