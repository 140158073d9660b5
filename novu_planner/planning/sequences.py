"""What changed since the previous plan, and the calendar SEQUENCE that says so.

What an edition's calendar event shows is fingerprinted from the plan
itself, not from the calendar file, so planning never depends on how the
calendars are written. An event whose fingerprint differs from the
published one gets a SEQUENCE one higher, so every calendar client
replaces its copy.
"""

from __future__ import annotations

import hashlib
import json

from novu_planner.network.model import Network
from novu_planner.plan.model import Edition, PlanData
from novu_planner.planning.previous import PreviousPlan


def fingerprint(network: Network, e: Edition) -> str:
    """Of everything the edition's event shows; empty for an edition without days (no event)."""
    if e.start is None or e.end is None:
        return ""
    series = network.get_series(e.series)
    host = network.city(e.host) if e.host else None
    shown = {
        "network": [network.name, network.organizer],
        "series": series.name,
        "year": e.year,
        "status": str(e.status),
        "host": [host.name, host.country] if host else None,
        "days": [e.start.isoformat(), e.end.isoformat()],
        "times": (
            [series.start_time.isoformat(), series.end_time.isoformat(), host.timezone]
            if series.start_time and series.end_time and host
            else None
        ),
        "delegations": [
            [network.city(d.city_id).name, str(d.role), d.youth, d.leaders, d.officials]
            for d in e.delegations
        ],
        "note": e.note,
    }
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def assign_sequences(plan: PlanData, previous: PreviousPlan | None) -> None:
    for e in plan.editions:
        # Carried-over editions too: their event is drawn again from the
        # current network, so a renamed city changes it.
        e.fingerprint = fingerprint(plan.network, e)
        old = previous.edition(e.key) if previous else None
        if old is None:
            e.sequence = 0
        elif old.fingerprint == e.fingerprint:
            e.sequence = old.sequence
        else:
            e.sequence = old.sequence + 1
            change = describe_change(plan, old, e)
            if change:
                plan.changes.append(change)


def describe_change(plan: PlanData, old: Edition, new: Edition) -> str:
    network = plan.network

    def name(city_id: str | None) -> str:
        return network.city(city_id).name if city_id else "nobody"

    parts = []
    if old.status != new.status:
        parts.append(f"{old.status} → {new.status}")
    if old.host != new.host:
        parts.append(f"host {name(old.host)} → {name(new.host)}")
    if (old.start, old.end) != (new.start, new.end):
        parts.append(f"days {_span(old)} → {_span(new)}")
    if old.delegations != new.delegations:
        parts.append("delegations changed")
    if not parts:
        return ""
    return f"{new.series} {new.year}: " + "; ".join(parts)


def _span(e: Edition) -> str:
    return f"{e.start}–{e.end}" if e.start and e.end else "not set"
