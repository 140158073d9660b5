"""What changed from one plan to another, edition by edition: the host, the days, the places, the status.

The report's "changes since the previous plan" and `novu-planner diff`
both read it. Plain data: words are the report's and the command's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from novu_planner.errors import InputError
from novu_planner.exporters.network_summary import counted
from novu_planner.plans.model import Edition, PlanData

Places = dict[str, tuple[int, int | None, tuple[int, int] | None]]


def places(edition: Edition | None) -> Places:
    """Each delegation's youths, leaders and officials, by city id."""
    if edition is None:
        return {}
    return {d.city_id: (d.youth, d.leaders, d.officials) for d in edition.delegations}


@dataclass(frozen=True)
class EditionChange:
    series: str
    year: int
    old: Edition | None  # None: the edition is new
    new: Edition | None  # None: the edition is gone

    @property
    def key(self) -> tuple[str, int]:
        return self.series, self.year

    @property
    def status_changed(self) -> bool:
        return _get(self.old, "status") != _get(self.new, "status")

    @property
    def host_changed(self) -> bool:
        return _get(self.old, "host") != _get(self.new, "host")

    @property
    def days_changed(self) -> bool:
        return days(self.old) != days(self.new)

    @property
    def places_changed(self) -> bool:
        return places(self.old) != places(self.new)

    @property
    def what(self) -> tuple[str, ...]:
        flags = (
            ("status", self.status_changed),
            ("host", self.host_changed),
            ("days", self.days_changed),
            ("places", self.places_changed),
        )
        return tuple(name for name, changed in flags if changed)

    def to_json(self) -> dict:
        out: dict = {"series": self.series, "year": self.year, "changed": list(self.what)}
        if self.status_changed:
            out["status"] = [_get(self.old, "status"), _get(self.new, "status")]
        if self.host_changed:
            out["host"] = [_get(self.old, "host"), _get(self.new, "host")]
        if self.days_changed:
            out["days"] = [_iso(days(self.old)), _iso(days(self.new))]
        if self.places_changed:
            old, new = places(self.old), places(self.new)
            out["places"] = {
                city: [_delegation_json(old.get(city)), _delegation_json(new.get(city))]
                for city in sorted(old.keys() | new.keys())
                if old.get(city) != new.get(city)
            }
        return out


def _get(edition: Edition | None, name: str) -> str | None:
    if edition is None:
        return None
    value = getattr(edition, name)
    return None if value is None else str(value)


def days(edition: Edition | None) -> tuple[dt.date, dt.date] | None:
    if edition is None or edition.start is None or edition.end is None:
        return None
    return edition.start, edition.end


def _iso(span: tuple[dt.date, dt.date] | None) -> list[str] | None:
    return None if span is None else [span[0].isoformat(), span[1].isoformat()]


def _delegation_json(value: tuple[int, int | None, tuple[int, int] | None] | None) -> dict | None:
    if value is None:
        return None
    youth, leaders, officials = value
    return {"youth": youth, "leaders": leaders, "officials": list(officials) if officials else None}


def same_network(old: PlanData, new: PlanData) -> None:
    """Refuses plans of two different networks (`InputError`)."""
    if old.network.id != new.network.id:
        raise InputError(
            f"the plans are of two networks ({old.network.id!r} and {new.network.id!r}); "
            "diff compares two plans of the same network"
        )


def compare(
    old: Sequence[Edition], new: Sequence[Edition], years: tuple[int, int] | None = None
) -> list[EditionChange]:
    """Every edition that differs, in the new plan's order (then the old one's), within `years` if given."""
    before = {e.key: e for e in old}
    after = {e.key: e for e in new}
    order = [e.key for e in new] + [e.key for e in old if e.key not in after]
    out = []
    for key in order:
        if years is not None and not years[0] <= key[1] <= years[1]:
            continue
        change = EditionChange(key[0], key[1], before.get(key), after.get(key))
        if change.what:
            out.append(change)
    return out


def _name(plan: PlanData, city_id: str | None) -> str:
    if city_id is None:
        return "nobody"
    try:
        return plan.network.city(city_id).name
    except KeyError:
        return city_id


def _days_text(span: tuple[dt.date, dt.date] | None) -> str:
    return "no days" if span is None else f"{span[0]}–{span[1]}"


def _delegation_text(value: tuple[int, int | None, tuple[int, int] | None] | None) -> str:
    if value is None:
        return "none"
    youth, leaders, officials = value
    parts = [counted(youth, "youth")]
    if leaders is not None:
        parts.append(counted(leaders, "leader"))
    if officials is not None:
        parts.append(f"{officials[0]}–{officials[1]} officials")
    return ", ".join(parts)


def describe_diff(old: PlanData, new: PlanData, changes: list[EditionChange], names: tuple[str, str]) -> str:
    """`novu-planner diff` as text: both plans' costs side by side, then each changed edition."""
    lines = [f"{new.network.name}: {names[0]} → {names[1]}", "", "costs (in priority order)   old     new"]
    for name in dict.fromkeys([*old.costs, *new.costs]):
        lines.append(f"  {name:<24}{old.costs.get(name, '-')!s:>5}{new.costs.get(name, '-')!s:>8}")
    lines.append("")
    if not changes:
        lines.append("no edition changed")
    for change in changes:
        head = f"{change.series} {change.year}:"
        if change.old is None:
            lines.append(f"{head} new in the second plan (host {_name(new, _get(change.new, 'host'))})")
            continue
        if change.new is None:
            lines.append(f"{head} not in the second plan")
            continue
        parts = []
        if change.status_changed:
            parts.append(f"status {change.old.status} → {change.new.status}")
        if change.host_changed:
            parts.append(f"host {_name(old, change.old.host)} → {_name(new, change.new.host)}")
        if change.days_changed:
            parts.append(f"days {_days_text(days(change.old))} → {_days_text(days(change.new))}")
        lines.append(f"{head} " + "; ".join(parts) if parts else head)
        if change.places_changed:
            before, after = places(change.old), places(change.new)
            for city in sorted(before.keys() | after.keys()):
                if before.get(city) != after.get(city):
                    lines.append(
                        f"  places of {_name(new, city)}: "
                        f"{_delegation_text(before.get(city))} → {_delegation_text(after.get(city))}"
                    )
        if change.new.note and (change.host_changed or change.status_changed):
            lines.append(f"  why: {change.new.note}")
    return "\n".join(lines)


def diff_json(old: PlanData, new: PlanData, changes: list[EditionChange], names: tuple[str, str]) -> dict:
    return {
        "network": new.network.id,
        "old": names[0],
        "new": names[1],
        "costs": {
            name: [old.costs.get(name), new.costs.get(name)]
            for name in dict.fromkeys([*old.costs, *new.costs])
        },
        "changes": [change.to_json() for change in changes],
    }
