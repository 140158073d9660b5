"""Plan a small network end to end and check what was planned with the validator."""

from __future__ import annotations

import datetime as dt

from novu_planner.checks.plan import check_plan
from novu_planner.network.loader import parse_network
from novu_planner.planning.pipeline import PlanOptions, make_plan
from novu_planner.plans.plan_json import plan_to_json

OPTIONS = {"time_limit": 20.0, "seed": 0, "workers": 1}

COUNTRIES = {
    "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo",
    "FI": "Europe/Helsinki",
    "DK": "Europe/Copenhagen",
    "IS": "Atlantic/Reykjavik",
    "DE": "Europe/Berlin",
}


def town(cid: str, country: str = "SE", **fields) -> str:
    lines = [f'[[cities]]\nid = "{cid}"\nname = "{cid.title()}"\ncountry = "{country}"']
    lines.append(f'timezone = "{COUNTRIES[country]}"')
    lines += [f"{key} = {toml(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def toml(value) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def table(header: str, **fields) -> str:
    return f"{header}\n" + "".join(f"{key} = {toml(value)}\n" for key, value in fields.items())


def network_text(*parts: str) -> str:
    return 'format = 1\n[network]\nid = "t"\nname = "T"\n\n' + "\n".join(parts)


def plan(text: str, first: int = 2027, years: int = 6):
    """The plan as plan.json holds it, after the validator found nothing wrong."""
    network = parse_network(text.encode("utf-8"), "t.toml")
    made = make_plan(network, PlanOptions(first=first, years=years, **OPTIONS))
    assert check_plan(made, network) == []
    return plan_to_json(made)


def planned(data: dict, series: str) -> list[dict]:
    return [e for e in data["editions"] if e["series"] == series and e["status"] == "planned"]


def shares(edition: dict) -> dict[str, int]:
    return {d["city_id"]: d["youth"] for d in edition["delegations"]}
