"""Human-readable summaries of a network (for `validate`)."""

from __future__ import annotations

from .model import Network, Series
from .rota import base_rota


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
    lines = [
        f"{facts['file'] or 'network'}: valid network {network.id!r} ({network.name})",
        f"  {facts['cities']} cities ({facts['guests']} guests), {len(network.series)} series, {history}, "
        f"{facts['blackouts']} blackouts, {facts['wishes']} wishes",
        f"  base rotas, planning from {first_planned}:",
    ]
    for s in facts["series"]:
        anchor = s["anchor"]
        where = anchor["entry"] or "first of the order"
        lines.append(f"    {s['id']} ({s['cadence']}, rota by {s['rota']}): {' → '.join(s['order'])}")
        lines.append(
            f"      order {s['order_source']}; counted from {anchor['year']} {anchor['host']} ({where})"
        )
    return "\n".join(lines)
