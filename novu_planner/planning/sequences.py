"""What changed since the previous plan, and the calendar SEQUENCE that says so.

What an edition's calendar event shows is fingerprinted from the plan
itself, not from the calendar file, so planning never depends on how the
calendars are written. There are two fingerprints:

- what a calendar shows as the event (title, host, place, days, times,
  status): when it differs from the published one, the SEQUENCE goes one
  higher, so every calendar client replaces its copy;
- the description text (the delegations and their places, the note): when
  only that differs, the SEQUENCE stays and only LAST-MODIFIED moves on, so
  subscribers are not sent an update for a reworded note.

A city whose own feed carried an edition that it no longer takes part in
(it left the network, or stopped attending that series) keeps the event in
its feed, cancelled for it, with a SEQUENCE above the one it was published
with (`Edition.withdrawn`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from novu_planner.network.model import Network
from novu_planner.planning.previous import PreviousPlan
from novu_planner.plans.model import Edition, PlanData
from novu_planner.schedule.participants import feed_cities


def _shown(network: Network, e: Edition) -> dict[str, Any]:
    series = network.get_series(e.series)
    host = network.city(e.host) if e.host else None
    assert e.start is not None and e.end is not None
    return {
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
    }


def _described(network: Network, e: Edition) -> dict[str, Any]:
    return {
        "delegations": [
            [network.city(d.city_id).name, str(d.role), d.youth, d.leaders, d.officials]
            for d in e.delegations
        ],
        "note": e.note,
    }


def _digest(content: dict[str, Any]) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprints(network: Network, e: Edition) -> tuple[str, str]:
    """Of what the event shows, and of its description; empty for an edition without days (no event)."""
    if e.start is None or e.end is None:
        return "", ""
    return _digest(_shown(network, e)), _digest(_described(network, e))


def _same_event(old: Edition, new: Edition) -> tuple[bool, bool]:
    """For a plan.json written before the two fingerprints (its fingerprint hashed the calendar
    file): whether what the event shows changed, and whether its description did, from the
    edition's own fields. Upgrading the program must not send every subscriber an update."""
    shown = (old.status, old.host, old.start, old.end) != (new.status, new.host, new.start, new.end)
    text = (old.note, old.delegations) != (new.note, new.delegations)
    return shown, text


def assign_sequences(plan: PlanData, previous: PreviousPlan | None) -> None:
    network = plan.network
    now = plan.created or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    for e in plan.editions:
        # Carried-over editions too: their event is drawn again from the
        # current network, so a renamed city changes it.
        e.fingerprint, e.description_fingerprint = fingerprints(network, e)
        e.feeds = feed_cities(network, e)
        old = previous.edition(e.key) if previous else None
        if old is None:
            e.sequence, e.withdrawn = 0, {}
            e.last_modified = now if e.fingerprint else None
            continue
        if old.fingerprint and not old.description_fingerprint:
            shown_changed, text_changed = _same_event(old, e)
        else:
            shown_changed = old.fingerprint != e.fingerprint
            text_changed = old.description_fingerprint != e.description_fingerprint
        e.sequence = old.sequence + 1 if shown_changed else old.sequence
        for city in e.feeds:  # back in a feed that had it cancelled: above that copy too
            if city in old.withdrawn:
                e.sequence = max(e.sequence, old.withdrawn[city] + 1)
        e.withdrawn = _withdrawn(network, old, e, shown_changed)
        if shown_changed or text_changed or e.sequence != old.sequence or e.withdrawn != old.withdrawn:
            e.last_modified = now
            change = describe_change(plan, old, e)
            if change:
                plan.changes.append(change)
        else:
            e.last_modified = old.last_modified or (now if e.fingerprint else None)


def _withdrawn(network: Network, old: Edition, new: Edition, shown_changed: bool) -> dict[str, int]:
    """The cities whose feed keeps the event cancelled for them, with that copy's SEQUENCE."""
    if not new.fingerprint:
        return {}
    # A plan from before feeds were recorded: its delegations tell who had it.
    published = set(old.feeds or feed_cities(network, old)) | set(old.withdrawn)
    out = {}
    for city in network.cities:
        if city.id not in published or city.id in new.feeds:
            continue
        if city.id not in old.withdrawn:
            out[city.id] = max(new.sequence, old.sequence + 1)  # its copy turns cancelled now
        elif shown_changed:
            out[city.id] = max(new.sequence, old.withdrawn[city.id] + 1)
        else:
            out[city.id] = old.withdrawn[city.id]
    return out


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
    if old.note != new.note:
        parts.append("note changed")
    gone = [name(c) for c in new.withdrawn if c not in old.withdrawn]
    if gone:
        parts.append(f"cancelled in the calendar of {', '.join(gone)} (no longer takes part)")
    if not parts:
        return ""
    return f"{new.series} {new.year}: " + "; ".join(parts)


def _span(e: Edition) -> str:
    return f"{e.start}–{e.end}" if e.start and e.end else "not set"
