"""plan.json: the whole plan as one JSON document, and reading it back."""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata

from novu_planner.plan.model import DelegationRow, EditionPlan, Plan

GENERATOR = "novu-planner"
FORMAT = 1


def versions() -> dict[str, str]:
    out = {}
    for package in ("novu-planner", "ortools", "holidays", "tzdata", "icalendar", "pandas"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def edition_json(plan: Plan, e: EditionPlan) -> dict:
    network = plan.network
    host = _city(network, e.host)
    return {
        "series": e.series,
        "year": e.year,
        "status": e.status,
        "host": e.host,
        "host_name": host.name if host else None,
        "country": host.country if host else None,
        "base_host": e.base_host,
        "start": e.start.isoformat() if e.start else None,
        "end": e.end.isoformat() if e.end else None,
        "note": e.note,
        "carried_over": e.carried,
        "delegations": [delegation_json(network, d) for d in e.delegations],
        "calendar": {"uid": plan.uid(e), "sequence": e.sequence, "fingerprint": e.fingerprint},
    }


def delegation_json(network, d: DelegationRow) -> dict:
    return {
        "city_id": d.city_id,
        "city": network.city(d.city_id).name,
        "role": d.role,
        "youth": d.youth,
        "leaders": d.leaders,
        "officials_min": d.officials[0] if d.officials else None,
        "officials_max": d.officials[1] if d.officials else None,
    }


def _city(network, city_id):
    if city_id is None:
        return None
    try:
        return network.city(city_id)
    except KeyError:
        return None


def plan_to_json(plan: Plan) -> dict:
    network = plan.network
    wishes = {w.index: w for w in network.wishes}
    return {
        "generator": GENERATOR,
        "format": FORMAT,
        "network": {
            "id": network.id,
            "name": network.name,
            "file": network.source.name if network.source else None,
            "sha256": network.sha256,
        },
        "from": plan.first,
        "years": plan.years,
        "to": plan.last,
        "seed": plan.seed,
        "created": plan.created.isoformat() if plan.created else None,
        "versions": versions(),
        "status": plan.status,
        "costs": plan.costs,
        "warnings": plan.warnings,
        "wishes_not_granted": [
            {
                "entry": wishes[w.wish_index].entry,
                "city": wishes[w.wish_index].city,
                "year": wishes[w.wish_index].year,
                "series": wishes[w.wish_index].series,
                "weight": wishes[w.wish_index].weight,
                "reason": wishes[w.wish_index].reason,
                "disruption_if_granted": w.disruption_if_granted,
                "disruption_now": plan.costs.get("disruption"),
            }
            for w in plan.wishes
            if not w.granted
        ],
        "changes": plan.changes,
        "editions": [edition_json(plan, e) for e in plan.editions],
        "lookahead": [{"series": s, "year": y, "host": h} for (s, y), h in sorted(plan.lookahead.items())],
    }


def dumps(plan: Plan) -> str:
    return json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2) + "\n"


def editions_from_json(data: dict) -> list[EditionPlan]:
    """The editions of a plan.json, as the planner made them."""
    out = []
    for item in data.get("editions", []):
        delegations = tuple(
            DelegationRow(
                d["city_id"],
                d["role"],
                d["youth"],
                d.get("leaders"),
                None if d.get("officials_min") is None else (d["officials_min"], d["officials_max"]),
            )
            for d in item.get("delegations", [])
        )
        out.append(
            EditionPlan(
                series=item["series"],
                year=int(item["year"]),
                status=item["status"],
                host=item.get("host"),
                base_host=item.get("base_host"),
                start=_date(item.get("start")),
                end=_date(item.get("end")),
                note=item.get("note") or "",
                delegations=delegations,
                carried=bool(item.get("carried_over")),
                sequence=int(item.get("calendar", {}).get("sequence", 0)),
                fingerprint=str(item.get("calendar", {}).get("fingerprint", "")),
            )
        )
    return out


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
