"""What changed since the previous plan, and the calendar SEQUENCE that says so.

Each event's content (everything but DTSTAMP and SEQUENCE) is fingerprinted;
an event whose fingerprint differs from the published one gets a SEQUENCE
one higher, so every calendar client replaces its copy.
"""

from __future__ import annotations

from novu_planner.exporters.ics import event, fingerprint
from novu_planner.plan.model import EditionPlan, Plan
from novu_planner.planning.previous import PreviousPlan


def assign_sequences(plan: Plan, previous: PreviousPlan | None) -> None:
    for e in plan.editions:
        # Carried-over editions too: their event is drawn again from the
        # current network, so a renamed city changes it.
        ev = event(plan, e)
        e.fingerprint = fingerprint(ev) if ev is not None else ""
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


def describe_change(plan: Plan, old: EditionPlan, new: EditionPlan) -> str:
    network = plan.network

    def name(city_id):
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


def _span(e) -> str:
    return f"{e.start}–{e.end}" if e.start and e.end else "not set"
