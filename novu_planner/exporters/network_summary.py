"""Human-readable summaries of a network (for `validate`)."""

from __future__ import annotations

from novu_planner.errors import printable
from novu_planner.network.model import Network, Series
from novu_planner.rotation.rota import base_rota, edition_years, past_editions


def cadence(series: Series) -> str:
    every = "yearly" if series.every == 1 else f"every {series.every} years"
    return every + (f" from {series.first_year}" if series.first_year else "")


def network_facts(network: Network, first_planned: int) -> dict:
    years = [h.year for h in network.history]
    series = []
    for s in network.series:
        rota = base_rota(network, s, first_planned)
        series.append(
            {
                "id": s.id,
                "name": s.name,
                "cadence": cadence(s),
                "members": list(s.members),
                "order": list(rota.order),
                "order_source": rota.order_source,
                "anchor": {
                    "year": rota.anchor.year,
                    "host": rota.anchor.host,
                    "entry": rota.anchor.row.entry if rota.anchor.row else None,
                },
                # Editions the rota counts through with no history row: worth a row each.
                "assumed": [
                    {"year": e.year, "host": e.host}
                    for e in past_editions(network, rota, first_planned)
                    if e.status == "assumed"
                ],
                # Editions before the anchor that no member takes part in: none is held.
                "without_host": _without_host(network, s, rota.anchor.year, first_planned),
                "rota": s.rota,
                "quota": s.quota is not None,
                "timed": s.timed,
            }
        )
    return {
        "valid": True,
        "file": str(network.source) if network.source else None,
        "network": network.id,
        "name": network.name,
        "sha256": network.sha256,
        "cities": len(network.cities),
        "guests": sum(c.guest for c in network.cities),
        "guests_first": sum(c.guest_from is not None for c in network.cities),
        "history": {
            "rows": len(network.history),
            "first": min(years, default=None),
            "last": max(years, default=None),
        },
        "blackouts": len(network.blackouts),
        "wishes": len(network.wishes),
        "first_planned_year": first_planned,
        "series": series,
    }


def describe_network(network: Network, first_planned: int) -> str:
    facts = network_facts(network, first_planned)
    span = facts["history"]
    history = (
        f"history {span['first']}–{span['last']} ({span['rows']} rows)" if span["rows"] else "no history"
    )
    # Towns that come as a guest before they join (guest_from) are members, counted apart.
    first = ""
    if facts["guests_first"]:
        first = f", {counted(facts['guests_first'], 'guest before joining', 'guests before joining')}"
    lines = [
        f"{facts['file'] or 'network'}: valid network {network.id!r} ({network.name})",
        f"  {counted(facts['cities'], 'city', 'cities')} ({counted(facts['guests'], 'guest')}{first}), "
        f"{len(network.series)} series, {history}, "
        f"{counted(facts['blackouts'], 'blackout')}, {counted(facts['wishes'], 'wish', 'wishes')}",
        f"  base rotas, planning from {first_planned}:",
    ]
    for s in facts["series"]:
        lines += ["    " + line for line in rota_lines(s)]
        if s["assumed"]:
            guessed = ", ".join(f"{a['year']} {a['host']}" for a in s["assumed"])
            lines.append(f"      assumed, with no history row (a row settles each): {guessed}")
        if s["without_host"]:
            years = ", ".join(map(str, s["without_host"]))
            lines.append(f"      no edition in {years}: no member takes part yet")
    return "\n".join(map(printable, lines))  # one line per entry, nothing raw


def rota_lines(s: dict) -> list[str]:
    """A series' base rota (from `network_facts`) and the edition it counts from, in two lines."""
    anchor = s["anchor"]
    where = anchor["entry"] or "first of the order"
    return [
        f"{s['id']} ({s['cadence']}, rota by {s['rota']}): {' → '.join(s['order'])}",
        f"  order {s['order_source']}; counted from {anchor['year']} {anchor['host']} ({where})",
    ]


def _without_host(network: Network, series: Series, anchor: int, first_planned: int) -> list[int]:
    if series.first_year is None or any(h.series == series.id for h in network.history):
        return []
    years = edition_years(series, series.first_year, min(anchor, first_planned) - 1)
    return [y for y in years if not any(network.city(c).active(y) for c in series.members)]


def counted(n: int, one: str, many: str | None = None) -> str:
    """`n` and the noun for it: "1 leader", "2 leaders", "0 guests"."""
    return f"{n} {one if n == 1 else many or one + 's'}"
