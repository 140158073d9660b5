"""report.html: the plan as one page a city council reads in its own language.

    from novu_planner.exporters.report import render_report
    html = render_report(plan, "sv", previous=approved_plan)

One self-contained HTML5 file (inline CSS and SVG, no scripts, no fonts or
images from elsewhere; a Content-Security-Policy forbids any request), made
with Jinja2 from `templates/report.html.j2`. Every word comes from the
gettext catalogs through `i18n.Speaker`; this module only gathers the plan's
facts into rows for the template. Jinja2 and Babel are imported here, and
this module is imported only when a report is made.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.bccache
import markupsafe

from novu_planner.errors import InputError
from novu_planner.exporters import plan_diff
from novu_planner.exporters.i18n import N_, Speaker, report_language
from novu_planner.exporters.reasons import TOLD_FROM_DATA, tell_note, tell_warning
from novu_planner.exporters.report_chart import SHAPES, places_chart, rotation_chart, series_shape
from novu_planner.network.model import Network, Series
from novu_planner.plans.model import TAKES_PLACE, Edition, PlanData, Status
from novu_planner.rotation.rota import infer_order

TEMPLATES = Path(__file__).resolve().parent / "templates"


# How the base order was found (rotation.rota.infer_order).
ORDER_SOURCE = {
    "given": N_("The order is given in the network file."),
    "inferred": N_("The order follows the history in the network file."),
    "members": N_("The order follows the list of members in the network file."),
}
STATUS = {
    Status.HELD: N_("held"),
    Status.CANCELLED: N_("cancelled"),
    Status.FIXED: N_("fixed"),
    Status.ASSUMED: N_("assumed"),
    Status.PLANNED: N_("planned"),
}


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """The compiled templates kept beside them in `__pycache__`, as Python keeps its .pyc files.

    Compiling the templates costs about as much as rendering the report
    several times over; a plan run loads them compiled instead. As with
    Python's own cache, a folder that cannot be written (a read-only
    install) only means the templates are compiled each time. Jinja2 checks
    each entry against the template's source and the Python version.
    """

    def __init__(self) -> None:
        super().__init__(str(TEMPLATES / "__pycache__"), "%s.jinja2")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged (marshal and pickle raise many kinds): compile anew
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only install: the templates are compiled on every run


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=_TemplateCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_report(
    plan: PlanData, lang: str | None = None, previous: PlanData | None = None, nav: str | None = None
) -> str:
    """report.html for `plan`, in `lang` (default: the network's `language`, else English).

    `previous` is the plan this one is compared with in "changes since the
    previous plan"; left out, the previous plan the plan was made against
    (when it was made in this run). The headline names the previous plan and
    the section lists the changes only when something changed: a plan made
    again, unchanged, against the plan in its folder writes the same report
    byte for byte, as it writes the same plan.json.

    `nav` is a navigation bar (HTML, made by a trusted template) shown above
    the report, as the website does to link its other pages.
    """
    t = Speaker(report_language(plan.network, lang))
    report = _Report(plan, t)
    earlier = previous.editions if previous is not None else plan.previous_editions
    changes = report.changes(earlier) if earlier is not None else []
    context = {
        "_": t.gettext,
        "lang": t.lang,
        "headline": report.headline(previous, len(changes)),
        "chart": report.chart(),
        "series_marks": report.series_marks(),
        "editions": report.editions(),
        "rotas": report.rotas(),
        "costs": report.costs(),
        "wishes": report.wishes(),
        "places": report.places(),
        "places_chart": report.places_bars(),
        "travel": report.travel(),
        "changes": changes,
        "warnings": report.warnings(),
        "nav": markupsafe.Markup(nav) if nav else "",
    }
    return _environment().get_template("report.html.j2").render(context)


def render_diff(
    old: PlanData, new: PlanData, lang: str | None = None, names: tuple[str, str] = ("", "")
) -> str:
    """`diff --html`: the changed editions and both plans' costs, in the report's page style."""
    plan_diff.same_network(old, new)
    t = Speaker(report_language(new.network, lang))
    report = _Report(new, t)
    context = {
        "_": t.gettext,
        "lang": t.lang,
        "title": t.gettext("Changes from one plan to another: %(network)s", network=new.network.name),
        "names": names,
        "nav": "",
        "changes": report.changes(old.editions, whole=True),
        "costs": [
            {
                "name": t.gettext(COST_NAMES[name]),
                "old": t.number(old.costs.get(name, 0)),
                "new": t.number(value),
            }
            for name, value in new.costs.items()
        ],
    }
    return _environment().get_template("diff.html.j2").render(context)


COST_NAMES = {
    "disruption": N_("Disruption"),
    "settledness": N_("Settledness"),
    "fairness": N_("Fairness"),
    "wishes": N_("Wishes"),
}


@dataclass
class Table:
    """A table of towns down and years across, with a total at the end of each row."""

    caption: str
    years: list[int]
    rows: list[tuple[str, list[str], str]] = field(default_factory=list)
    note: str = ""


class _Report:
    def __init__(self, plan: PlanData, t: Speaker) -> None:
        self.plan = plan
        self.network: Network = plan.network
        self.t = t
        self.names = {c.id: c.name for c in self.network.cities}
        self.series_names = {s.id: s.name for s in self.network.series}

    # -- helpers ------------------------------------------------------------------

    def name(self, city_id: str | None) -> str:
        return self.names.get(city_id, city_id) if city_id else self.t.gettext("nobody")

    def days(self, e: Edition | None) -> str:
        if e is None or e.start is None or e.end is None:
            return self.t.gettext("no days yet")
        return self.t.days(e.start, e.end)

    def note(self, e: Edition) -> str:
        return tell_note(self.t, e.note)[0]

    def shown(self) -> list[Edition]:
        """The editions of the plan's years, and the assumed ones before them."""
        return [
            e
            for e in self.plan.editions
            if e.year >= self.plan.first or (e.status == Status.ASSUMED and e.host is not None)
        ]

    def in_plan(self, series: Series) -> list[Edition]:
        return [
            e
            for e in self.plan.editions
            if e.series == series.id and self.plan.first <= e.year <= self.plan.last
        ]

    # -- sections -----------------------------------------------------------------

    def headline(self, previous: PlanData | None, changed: int) -> dict:
        t, plan = self.t, self.plan
        source = self.network.source.name if self.network.source else "–"
        before = ""
        if changed and previous is not None and previous.created is not None:
            before = t.ngettext(
                "Compared with the previous plan for %(first)s–%(last)s, made %(made)s: "
                "%(n)s edition changed.",
                "Compared with the previous plan for %(first)s–%(last)s, made %(made)s: "
                "%(n)s editions changed.",
                changed,
                first=previous.first,
                last=previous.last,
                made=t.moment(previous.created),
            )
        elif changed:
            before = t.ngettext(
                "Compared with the previous plan: %(n)s edition changed.",
                "Compared with the previous plan: %(n)s editions changed.",
                changed,
            )
        return {
            "title": self.network.name,
            "years": t.gettext("Plan for %(first)s–%(last)s", first=plan.first, last=plan.last),
            "optimal": plan.status == "optimal",
            "status": t.gettext("Proven optimal: no plan keeps the rules at a lower cost.")
            if plan.status == "optimal"
            else t.gettext("Not proven optimal: the time limit ran out before the proof."),
            "made": t.gettext("Made %(when)s.", when=t.moment(plan.created)) if plan.created else "",
            "source": t.gettext(
                "From the network file %(file)s (SHA-256 %(hash)s).",
                file=source,
                hash=self.network.sha256[:16],
            ),
            "previous": before,
        }

    def chart(self) -> object:
        return rotation_chart(self.plan, self.names, self.series_names)

    def series_marks(self) -> list[dict]:
        return [
            {
                "name": s.name,
                "shape": series_shape(self.network, s.id)[0],
                "colour": series_shape(self.network, s.id)[1],
            }
            for s in self.network.series
        ]

    def editions(self) -> list[dict]:
        t = self.t
        rows = []
        for e in self.shown():
            series = self.network.get_series(e.series)
            times = ""
            if series.times is not None and e.host is not None and e.start is not None:
                times = t.times(*series.times, self.network.city(e.host).timezone, e.start)
            rows.append(
                {
                    "year": e.year,
                    "series": series.name,
                    "host": self.name(e.host),
                    "status": t.gettext(STATUS[e.status]),
                    "days": self.days(e) if e.status in TAKES_PLACE or e.start else "",
                    "times": times,
                    "reason": self.note(e),
                    "departure": e.base_host is not None and e.host != e.base_host,
                }
            )
        return rows

    def rotas(self) -> list[dict]:
        t = self.t
        out = []
        for series in self.network.series:
            planned = [e for e in self.in_plan(series) if e.status != Status.CANCELLED]
            # The base rota as the plan's base hosts run, from the first planned edition.
            order: list[str] = []
            for e in planned:
                if e.base_host and e.base_host not in order:
                    order.append(e.base_host)
            departures = [e for e in planned if e.base_host is not None and e.host != e.base_host]
            out.append(
                {
                    "name": series.name,
                    "order": " → ".join(self.name(c) for c in order),
                    "start": planned[0].year if planned else self.plan.first,
                    "given": t.gettext(ORDER_SOURCE[infer_order(self.network, series, self.plan.first)[1]]),
                    "departures": [
                        {
                            "year": e.year,
                            "text": t.gettext(
                                "%(host)s hosts instead of %(base)s.",
                                host=self.name(e.host),
                                base=self.name(e.base_host),
                            ),
                            "reason": self.note(e),
                        }
                        for e in departures
                    ],
                    "follows": not departures,
                }
            )
        return out

    def departures(self) -> list[Edition]:
        return [
            e
            for e in self.plan.editions
            if self.plan.in_plan(e)
            and e.status != Status.CANCELLED
            and e.base_host is not None
            and e.host != e.base_host
        ]

    def costs(self) -> list[dict]:
        t, costs = self.t, self.plan.costs
        moved = [
            t.gettext(
                "%(series)s %(year)s: %(host)s instead of %(base)s",
                series=self.series_names[e.series],
                year=e.year,
                host=self.name(e.host),
                base=self.name(e.base_host),
            )
            for e in self.departures()
        ]
        explain = {
            "disruption": (
                t.ngettext("%(n)s point", "%(n)s points", costs.get("disruption", 0)),
                t.gettext(
                    "Each town's turn to host counts the square of how many editions it moved from "
                    "the base rota: a turn one edition late costs 1, two editions late 4. Turns pushed "
                    "past the last planned year count too."
                ),
                moved,
            ),
            "settledness": (
                t.ngettext("%(n)s point", "%(n)s points", costs.get("settledness", 0)),
                t.gettext(
                    "Each edition that another town hosts than the base rota says counts one point for "
                    "every planned edition from it to the last: a change in a near year costs more, "
                    "because people have already planned around it."
                ),
                moved,
            ),
            "fairness": (
                t.ngettext("%(n)s run", "%(n)s runs", costs.get("fairness", 0)),
                t.gettext(
                    "The number of runs of consecutive editions, as many as there are member towns, "
                    "in which a town does not host exactly once."
                ),
                self.unfair_runs(),
            ),
            "wishes": (
                t.gettext("weight %(n)s", n=t.number(costs.get("wishes", 0))),
                t.gettext("The total weight of the wishes that are not granted (see below)."),
                [],
            ),
        }
        out = []
        for name, value in costs.items():
            amount, words, where = explain.get(name, (t.number(value), "", []))
            out.append(
                {
                    "name": t.gettext(COST_NAMES.get(name, name)),
                    "value": amount,
                    "text": words,
                    "where": where if value else [],
                }
            )
        return out

    def unfair_runs(self) -> list[str]:
        """Each run of N editions (N = members taking part) in which a member does not host exactly once."""
        t, out = self.t, []
        for series in self.network.series:
            took_place = [
                e
                for e in sorted(self.plan.editions, key=lambda e: e.year)
                if e.series == series.id and e.status != Status.CANCELLED and e.host
            ]
            for end, e in enumerate(took_place):
                if not self.plan.first <= e.year <= self.plan.last:
                    continue
                n = sum(self.network.city(c).active(e.year) for c in series.members)
                if n == 0 or end + 1 < n:
                    continue
                run = took_place[end + 1 - n : end + 1]
                for city in series.members:
                    taking_part = all(self.network.city(city).active(r.year) for r in run)
                    count = [r.host for r in run].count(city)
                    if taking_part and count != 1:
                        out.append(
                            t.ngettext(
                                "%(series)s %(first)s–%(last)s: %(town)s hosts %(n)s time",
                                "%(series)s %(first)s–%(last)s: %(town)s hosts %(n)s times",
                                count,
                                series=series.name,
                                first=run[0].year,
                                last=run[-1].year,
                                town=self.name(city),
                            )
                        )
                        break
        return out

    def wishes(self) -> list[dict]:
        t = self.t
        rows = []
        for outcome in self.plan.wishes:
            wish = self.network.wishes[outcome.wish_index]
            if outcome.granted:
                result = t.gettext("Granted.")
            elif outcome.disruption_if_granted is None:
                result = t.gettext("Not granted: no plan that keeps the rules can grant it.")
            else:
                result = t.gettext(
                    "Not granted: granting it would raise the disruption from %(now)s to %(then)s points.",
                    now=t.number(self.plan.costs.get("disruption", 0)),
                    then=t.number(outcome.disruption_if_granted),
                )
            rows.append(
                {
                    "town": self.name(wish.city),
                    "year": wish.year,
                    "series": self.series_names[wish.series] if wish.series else t.gettext("every series"),
                    "weight": t.number(wish.weight),
                    "reason": wish.reason or "",
                    "granted": outcome.granted,
                    "result": result,
                }
            )
        return rows

    def places(self) -> list[Table]:
        t = self.t
        tables = []
        for series in self.network.series:
            editions = [e for e in self.in_plan(series) if e.delegations]
            if not editions:
                continue
            table = Table(series.name, [e.year for e in editions])
            coming = {d.city_id for e in editions for d in e.delegations}
            towns = [c for c in self.network.cities if c.id in coming]
            for city in towns:
                got = [next((d for d in e.delegations if d.city_id == city.id), None) for e in editions]
                table.rows.append(
                    self._counts(
                        t.gettext("%(town)s: youths", town=city.name), [d.youth if d else None for d in got]
                    )
                )
                if series.quota and series.quota.leaders_per:
                    leaders = [d.leaders if d else None for d in got]
                    table.rows.append(self._counts(t.gettext("%(town)s: leaders", town=city.name), leaders))
                if series.quota and series.quota.officials:
                    officials = [d.officials if d else None for d in got]
                    lows = [o[0] if o else None for o in officials]
                    highs = [o[1] if o else None for o in officials]
                    table.rows.append(
                        (
                            t.gettext("%(town)s: officials", town=city.name),
                            [self._range(o) for o in officials],
                            f"{self._sum(lows)}–{self._sum(highs)}",
                        )
                    )
            tables.append(table)
        return tables

    def _counts(self, label: str, values: Sequence[int | None]) -> tuple[str, list[str], str]:
        """A row of the places table: the count of each year and the total."""
        return label, [self._count(v) for v in values], self._sum(values)

    def _count(self, value: int | None) -> str:
        return "" if value is None else self.t.number(value)

    def _range(self, value: tuple[int, int] | None) -> str:
        if value is None:
            return ""
        return (
            self.t.number(value[0])
            if value[0] == value[1]
            else f"{self.t.number(value[0])}–{self.t.number(value[1])}"
        )

    def _sum(self, values: Sequence[int | None]) -> str:
        return self.t.number(sum(v for v in values if v is not None))

    def places_bars(self) -> object:
        totals = []
        for city in self.network.cities:
            youth = leaders = 0
            for e in self.plan.editions:
                if not self.plan.first <= e.year <= self.plan.last:
                    continue
                for d in e.delegations:
                    if d.city_id == city.id:
                        youth += d.youth
                        leaders += d.leaders or 0
            if youth or leaders:
                totals.append((city.name, youth, leaders))
        return places_chart(totals) if totals else None

    def travel(self) -> dict:
        t = self.t
        placed = {c.id for c in self.network.cities if c.lat is not None and c.lon is not None}
        missing = [c.name for c in self.network.cities if c.id not in placed]
        tables = []
        for series in self.network.series:
            editions = [e for e in self.in_plan(series) if e.status in TAKES_PLACE and e.host]
            if not editions:
                continue
            table = Table(series.name, [e.year for e in editions])
            for city in self.network.cities:
                cells, total, seen = [], 0.0, False
                for e in editions:
                    coming = {d.city_id for d in e.delegations} or {
                        c for c in series.members if self.network.city(c).active(e.year)
                    }
                    if city.id == e.host:
                        cells.append(t.gettext("host"))
                        seen = True
                    elif city.id in coming and city.id in placed and e.host in placed:
                        km = _distance_km(self.network, city.id, e.host)
                        cells.append(t.number(round(km)))
                        total += km
                        seen = True
                    else:
                        cells.append("–" if city.id in coming else "")
                        seen = seen or city.id in coming
                if seen:
                    table.rows.append((city.name, cells, t.number(round(total))))
            tables.append(table)
        note = (
            t.gettext(
                "No distances for %(towns)s: the network file gives no lat and lon for them.",
                towns=t.items(missing),
            )
            if missing
            else ""
        )
        return {"tables": tables, "note": note}

    def changes(self, earlier: Sequence[Edition], whole: bool = False) -> list[dict]:
        t = self.t
        years = None if whole else (self.plan.first, self.plan.last)
        rows = []
        for change in plan_diff.compare(earlier, self.plan.editions, years):
            old, new = change.old, change.new
            lines = []
            if old is None:
                lines.append(t.gettext("New edition."))
            elif new is None:
                lines.append(t.gettext("No longer in the plan."))
            else:
                if change.status_changed:
                    lines.append(
                        t.gettext(
                            "Status: %(old)s → %(new)s",
                            old=t.gettext(STATUS[old.status]),
                            new=t.gettext(STATUS[new.status]),
                        )
                    )
                if change.host_changed:
                    lines.append(
                        t.gettext("Host: %(old)s → %(new)s", old=self.name(old.host), new=self.name(new.host))
                    )
                if change.days_changed:
                    lines.append(t.gettext("Days: %(old)s → %(new)s", old=self.days(old), new=self.days(new)))
                if change.places_changed:
                    lines.extend(self._places_change(old, new))
            rows.append(
                {
                    "year": change.year,
                    "series": self.series_names.get(change.series, change.series),
                    "lines": lines,
                    "why": self.note(new) if new is not None and new.note else "",
                }
            )
        return rows

    def _places_change(self, old: Edition, new: Edition) -> list[str]:
        t = self.t
        before, after = plan_diff.places(old), plan_diff.places(new)
        out = []
        for city in sorted(before.keys() | after.keys(), key=lambda c: self.name(c)):
            a, b = before.get(city), after.get(city)
            if a == b:
                continue
            out.append(
                t.gettext(
                    "Places of %(town)s: %(old)s → %(new)s",
                    town=self.name(city),
                    old=self._delegation(a),
                    new=self._delegation(b),
                )
            )
        return out

    def _delegation(self, value: tuple[int, int | None, tuple[int, int] | None] | None) -> str:
        t = self.t
        if value is None:
            return t.gettext("none")
        youth, leaders, officials = value
        parts = [t.ngettext("%(n)s youth", "%(n)s youths", youth)]
        if leaders is not None:
            parts.append(t.ngettext("%(n)s leader", "%(n)s leaders", leaders))
        if officials is not None:
            parts.append(t.gettext("%(range)s officials", range=self._range(officials)))
        return t.items(parts)

    def warnings(self) -> list[str]:
        t, plan = self.t, self.plan
        out = []
        for e in plan.editions:
            if e.status == Status.ASSUMED and e.host is not None:
                out.append(
                    t.gettext(
                        "The network file has no history row for the %(series)s %(year)s. The plan assumes "
                        "that %(town)s hosted it, as the rota says. A history row settles it.",
                        series=self.series_names[e.series],
                        year=e.year,
                        town=self.name(e.host),
                    )
                )
        for wish in self.network.wishes:
            if not plan.first <= wish.year <= plan.last:
                out.append(
                    t.gettext(
                        "%(town)s wishes to host in %(year)s, which lies outside the planned years "
                        "%(first)s–%(last)s. The wish was not considered.",
                        town=self.name(wish.city),
                        year=wish.year,
                        first=plan.first,
                        last=plan.last,
                    )
                )
        if plan.status != "optimal":
            out.append(t.gettext("The plan is not proven optimal: the time limit ran out first."))
        # Warnings of other kinds (what became of the previous plan) told from their English.
        out.extend(tell_warning(t, w)[0] for w in plan.warnings if not TOLD_FROM_DATA.fullmatch(w))
        return out


GENERATOR = b'<meta name="generator" content="novu-planner">'


def write_page(out: Path, html: str) -> None:
    """Write a page to `out` through a temporary file beside it.

    An existing file is replaced only when this program wrote it (its
    generator mark is in its head); anything else there is refused, so no
    file of the user's is ever overwritten.
    """
    if out.exists() or out.is_symlink():
        if not out.is_file():
            raise InputError(f"--out {out}: not a file")
        try:
            with open(out, "rb") as handle:
                head = handle.read(4096)
        except OSError as error:
            raise InputError(f"--out {out}: {error.strerror}") from None
        if GENERATOR not in head:
            raise InputError(
                f"--out {out}: the file exists and novu-planner did not write it; "
                "move it away or choose another name"
            )
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: the folder {out.parent} does not exist; create it first")
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(html.encode("utf-8"))
        os.replace(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(f"--out {out}: {error.strerror}") from None


def _distance_km(network: Network, a: str, b: str) -> float:
    """The great-circle distance, on a sphere of the Earth's mean radius."""
    one, two = network.city(a), network.city(b)
    assert one.lat is not None and one.lon is not None and two.lat is not None and two.lon is not None
    p1, p2 = math.radians(one.lat), math.radians(two.lat)
    dp, dl = p2 - p1, math.radians(two.lon - one.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


__all__ = ["SHAPES", "render_diff", "render_report"]
