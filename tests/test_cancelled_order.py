"""A cancelled edition does not break the order inferred from history (rota = "editions")."""

from __future__ import annotations

from schedule_helpers import network_text, plan, table, town

from novu_planner.network.loader import parse_network
from novu_planner.rotation.rota import base_rota

TOWNS = ("lulea", "oulu", "umea", "trondheim", "tromso", "rovaniemi")


def _chain(rota: str = "editions") -> str:
    history = [
        table("[[history]]", series="s", year=2018, host="lulea"),
        table("[[history]]", series="s", year=2020, host="oulu", status="cancelled"),
        table("[[history]]", series="s", year=2022, host="oulu"),
        table("[[history]]", series="s", year=2024, host="umea"),
    ]
    series = table("[[series]]", id="s", name="S", every=2, first_year=2018, duration_days=3, rota=rota)
    return network_text(*(town(t) for t in TOWNS), series, *history)


def test_the_cancelled_row_keeps_its_place_in_the_inferred_order():
    network = parse_network(_chain().encode(), "chain.toml")
    rota = base_rota(network, network.series[0], 2026)
    assert rota.order == ("lulea", "oulu", "umea", "trondheim", "tromso", "rovaniemi")
    assert rota.order_source == "inferred"


def test_every_town_hosts_once_before_lulea_again():
    data = plan(_chain(), first=2026, years=8)
    hosts = [e["host"] for e in data["editions"] if e["status"] == "planned"]
    assert hosts == ["trondheim", "tromso", "rovaniemi", "lulea"]
    notes = [e["note"] for e in data["editions"] if e["status"] == "planned"]
    assert notes == ["", "", "", ""]
    # Each town hosts once in every run of six (the runs that hold the cancelled
    # year count five editions that took place): nothing to pay at any level.
    assert data["costs"]["disruption"] == 0 and data["costs"]["settledness"] == 0
