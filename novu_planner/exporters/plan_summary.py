"""The human summaries `plan` and `show` print."""

from __future__ import annotations

from novu_planner.errors import printable
from novu_planner.plan.model import Plan

COST_NAMES = ("disruption", "settledness", "fairness", "wishes")


def _days(start: str | None, end: str | None) -> str:
    return f"{start} – {end}" if start and end else ""


def edition_table(editions: list[dict], first: int | None = None, last: int | None = None) -> list[str]:
    """One line per edition: year, series, host, status, days, why."""
    lines = []
    rows = [
        e
        for e in editions
        if (first is None or e["year"] >= first - 1) and (last is None or e["year"] <= last)
    ]
    width = max((len(e.get("host_name") or "") for e in rows), default=4)
    sw = max((len(e["series"]) for e in rows), default=6)
    lines.append(f"  {'year':<4}  {'series':<{sw}}  {'host':<{width}}  {'status':<9}  {'days':<23}  why")
    for e in rows:
        host = e.get("host_name") or "—"
        days = _days(e.get("start"), e.get("end"))
        status = e["status"]
        line = f"  {e['year']:<4}  {e['series']:<{sw}}  {host:<{width}}  {status:<9}  {days:<23}  "
        lines.append((line + (e.get("note") or "")).rstrip())
    return lines


def describe_plan(plan: Plan, data: dict, out: str | None) -> str:
    network = plan.network
    proven = "proven optimal" if plan.status == "optimal" else "NOT proven optimal (time limit)"
    lines = [f"{network.name}: plan for {plan.first}–{plan.last}, {proven}"]
    if out:
        lines.append(f"written to {out}")
    lines.append("")
    lines += edition_table(data["editions"], plan.first, plan.last)
    lines.append("")
    costs = ", ".join(f"{name} {plan.costs.get(name, 0)}" for name in COST_NAMES)
    against = f", counted against the previous plan {plan.previous}" if plan.previous else ""
    lines.append(f"costs (in priority order{against}): {costs}")
    departures = [e for e in data["editions"] if e.get("note") and plan.first <= e["year"] <= plan.last]
    if departures:
        lines.append("departures from the base rota:")
        seen = set()
        for e in departures:
            if e["note"] not in seen:
                seen.add(e["note"])
                lines.append(f"  {e['series']}: {e['note']}")
    else:
        lines.append("every edition follows the base rota")
    for wish in data["wishes_not_granted"]:
        cost = wish["disruption_if_granted"]
        what = (
            f"granting it would raise the disruption from {wish['disruption_now']} to {cost}"
            if cost is not None
            else "no plan can grant it"
        )
        reason = f", {wish['reason']}" if wish.get("reason") else ""
        lines.append(
            f"wish not granted: {wish['entry']} {wish['city']} {wish['year']} "
            f"(weight {wish['weight']}{reason}): {what}"
        )
    totals = _places(data)
    if totals:
        lines.append("places over the planned years: " + ", ".join(f"{c} {n}" for c, n in totals))
    for change in data.get("changes", []):
        lines.append(f"changed since the previous plan: {change}")
    for warning in plan.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(map(printable, lines))  # one line per entry, nothing raw


def _places(data: dict) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for e in data["editions"]:
        if data["from"] <= e["year"] <= data["to"] and not e.get("carried_over"):
            for d in e.get("delegations", []):
                totals[d["city"]] = totals.get(d["city"], 0) + d["youth"]
    return sorted(totals.items())


def describe_saved(data: dict) -> str:
    lines = [
        f"{data['network']['name']}: plan for {data['from']}–{data['to']} ({data['status']}), "
        f"seed {data['seed']}, made {data.get('created') or 'at an unknown time'}",
        "",
    ]
    lines += edition_table(data["editions"])
    costs = data.get("costs", {})
    lines.append("")
    lines.append("costs: " + ", ".join(f"{n} {costs.get(n, 0)}" for n in COST_NAMES))
    if any(e.get("delegations") for e in data["editions"]):
        lines.append("delegations:")
    for e in data["editions"]:
        for d in e.get("delegations", []):
            officials = (
                f", officials {d['officials_min']}–{d['officials_max']}"
                if d.get("officials_min") is not None
                else ""
            )
            leaders = f", {d['leaders']} leaders" if d.get("leaders") is not None else ""
            who = f"{d['city']} ({d['role']})"
            lines.append(f"  {e['series']} {e['year']}: {who} {d['youth']} youths{leaders}{officials}")
    return "\n".join(map(printable, lines))  # one line per entry, nothing raw
