"""The geometry of the report's two charts, as plain numbers for the template to draw as SVG.

No chart library: the rotation chart is a grid of marks and the places
chart a few bars, so the template writes the SVG elements itself from the
positions computed here. Each series has its own shape (circle, square,
triangle, diamond), so the chart reads in black and white too; what an
edition's status or a departure adds is drawn as an outline, a cross or a
ring, never as colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from novu_planner.network.model import Network
from novu_planner.plans.model import PlanData, Status

CELL = 26  # one year's column, one town's row
LABEL = 96  # the towns' names
HEAD = 22  # the years
PAD = 6
HISTORY_YEARS = 6  # the years before the plan the chart shows
SHAPES = ("circle", "square", "triangle", "diamond")
COLOURS = ("#1f4e8c", "#b03a2e", "#2e7d32", "#6a1b9a")


@dataclass(frozen=True)
class Column:
    x: float
    year: int
    planned: bool


@dataclass(frozen=True)
class Row:
    y: float
    name: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    shape: str
    colour: str
    status: str  # held, fixed, planned, assumed or cancelled
    departure: bool
    title: str


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    title: str


@dataclass
class RotationChart:
    width: float
    height: float
    columns: list[Column]
    rows: list[Row]
    marks: list[Mark] = field(default_factory=list)
    blackouts: list[Cell] = field(default_factory=list)
    plan_x: float = 0.0  # where the planned years begin
    cell: int = CELL
    label: int = LABEL
    head: int = HEAD


def series_shape(network: Network, series_id: str) -> tuple[str, str]:
    index = network.get_series(series_id).index
    return SHAPES[index % len(SHAPES)], COLOURS[index % len(COLOURS)]


def rotation_chart(plan: PlanData, host_name: dict[str, str], series_name: dict[str, str]) -> RotationChart:
    """Years across, hosting towns down; `host_name` and `series_name` give the shown names."""
    network = plan.network
    shown = [e for e in plan.editions if plan.first - HISTORY_YEARS <= e.year <= plan.last]
    start = min([e.year for e in shown] + [plan.first])
    years = list(range(start, plan.last + 1))
    hosts = [c for c in network.cities if not c.guest]
    columns = [Column(LABEL + i * CELL, y, y >= plan.first) for i, y in enumerate(years)]
    rows = [Row(HEAD + i * CELL, host_name[c.id]) for i, c in enumerate(hosts)]
    chart = RotationChart(
        width=LABEL + len(years) * CELL + PAD,
        height=HEAD + len(hosts) * CELL + PAD,
        columns=columns,
        rows=rows,
        plan_x=LABEL + years.index(plan.first) * CELL,
    )
    row_of = {c.id: i for i, c in enumerate(hosts)}
    per_year = len(network.series)
    for e in shown:
        if e.host not in row_of:
            continue
        shape, colour = series_shape(network, e.series)
        index = network.get_series(e.series).index
        offset = (index - (per_year - 1) / 2) * (CELL / (per_year + 1)) if per_year > 1 else 0.0
        chart.marks.append(
            Mark(
                x=LABEL + (e.year - start) * CELL + CELL / 2 + offset,
                y=HEAD + row_of[e.host] * CELL + CELL / 2,
                shape=shape,
                colour=colour,
                status=str(e.status),
                departure=e.base_host is not None and e.host != e.base_host and e.status != Status.CANCELLED,
                title=f"{e.year} {series_name[e.series]}: {host_name[e.host]}",
            )
        )
    for b in network.blackouts:
        if b.city not in row_of:
            continue
        for year in b.years:
            if start <= year <= plan.last:
                title = f"{year} {host_name[b.city]}" + (f": {b.reason}" if b.reason else "")
                chart.blackouts.append(
                    Cell(LABEL + (year - start) * CELL, HEAD + row_of[b.city] * CELL, title)
                )
    return chart


@dataclass(frozen=True)
class Bar:
    y: float
    name: str
    parts: tuple[tuple[float, float, str, int], ...]  # x, width, kind, value
    total: int


@dataclass
class PlacesChart:
    width: float
    height: float
    bars: list[Bar]
    label: int = LABEL


def places_chart(totals: list[tuple[str, int, int]], width: float = 520) -> PlacesChart:
    """One bar per town: its youths and its leaders over the plan, stacked."""
    row = 22
    most = max((youth + leaders for _, youth, leaders in totals), default=0) or 1
    scale = (width - LABEL - 60) / most
    bars = []
    for i, (name, youth, leaders) in enumerate(totals):
        y = PAD + i * row
        parts = (
            (LABEL, youth * scale, "youth", youth),
            (LABEL + youth * scale, leaders * scale, "leaders", leaders),
        )
        bars.append(Bar(y, name, parts, youth + leaders))
    return PlacesChart(width, PAD * 2 + len(totals) * row, bars)
