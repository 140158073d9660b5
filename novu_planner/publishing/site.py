"""`novu-planner site`: a static website of the plan, with subscribe links for every town.

Any web server can host the folder as it is, and it works opened from disk:
plain HTML5 with relative links, its style inside each page, no script and
nothing fetched from elsewhere. Layout (every path stable from plan to plan,
so a subscription made once keeps working):

    index.html                      the network's page (English)
    towns/<city>.html               each town's page, in the town's language
    feeds/<network>.ics             the network's calendar
    feeds/<network>-<city>.ics      each town's calendar
    downloads/rotation.csv, quotas.csv, plan.xlsx
    site.json                       marks the folder as a site novu-planner made

The folder is written like the plan folder (`plan/folder.py`): built beside,
swapped in, and only a site this program made is ever replaced.

Page texts come from this package's own gettext catalogs
(`publishing/locale/<lang>/LC_MESSAGES/site.po`, read with Babel), in
English, Swedish, Norwegian Bokmål, Danish, Finnish and Icelandic.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from novu_planner.errors import InputError
from novu_planner.exporters.i18n import LANGUAGES, report_language, town_language
from novu_planner.exporters.ics import takes_part
from novu_planner.network.model import City
from novu_planner.plans.folder import FolderKind, replace_folder
from novu_planner.plans.model import Edition, PlanData
from novu_planner.plans.plan_json import GENERATOR
from novu_planner.publishing.feeds import Feed, feeds

SITE_FILE = "site.json"
SITE_FOLDER = FolderKind(
    "site",
    frozenset({"index.html", "calendars.html", SITE_FILE} | {f"report.{lang}.html" for lang in LANGUAGES}),
    (
        ("towns", r"[a-z0-9-]{1,40}\.html"),
        ("feeds", r"[a-z0-9-]{1,81}\.ics"),
        ("downloads", r"rotation\.csv|quotas\.csv|plan\.xlsx"),
    ),
    SITE_FILE,
)
LOCALE = Path(__file__).parent / "locale"
DOMAIN = "site"


def check_base_url(base_url: str | None) -> str | None:
    """The site's web address with one trailing slash; refused unless it is http(s) with a host."""
    if base_url is None:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(
            f"--base-url {base_url}: expected the web address the site is published at, "
            "such as https://example.org/novu/"
        )
    return base_url.rstrip("/") + "/"


@dataclass(frozen=True)
class FeedLinks:
    """A feed as a page links it: the file, and the subscribe URLs when the site's address is known."""

    name: str
    href: str  # relative to the page
    url: str | None = None  # absolute, https:// or http://
    webcal: str | None = None
    google: str | None = None
    outlook: str | None = None


def feed_links(feed: Feed, root: str, base_url: str | None) -> FeedLinks:
    if base_url is None:
        return FeedLinks(feed.name, root + feed.path)
    url = base_url + feed.path
    webcal = "webcal://" + url.split("://", 1)[1]
    return FeedLinks(
        feed.name,
        root + feed.path,
        url,
        webcal,
        "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal}, quote_via=quote),
        "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": feed.name}, quote_via=quote),
    )


@functools.cache
def translations(lang: str) -> Any:
    """The site's catalog in `lang` (a babel Translations), compiled from its .po file in memory."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with open(LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@functools.cache
def _environment(lang: str) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("novu_planner.publishing", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def _days(e: Edition, lang: str) -> str:
    from babel.dates import format_date, format_interval

    if e.start is None or e.end is None:
        return "—"
    if e.start == e.end:
        return format_date(e.start, "medium", locale=lang)
    return format_interval(e.start, e.end, "yMMMd", locale=lang)


def _row(plan: PlanData, e: Edition, lang: str, city_id: str | None = None) -> dict[str, Any]:
    network = plan.network
    row: dict[str, Any] = {
        "year": e.year,
        "series": network.get_series(e.series).name,
        "host": network.city(e.host).name if e.host else "—",
        "days": _days(e, lang),
        "status": str(e.status),
    }
    if city_id is not None:
        mine = next((d for d in e.delegations if d.city_id == city_id), None)
        row["youth"] = mine.youth if mine else "—"
        row["leaders"] = mine.leaders if mine and mine.leaders is not None else "—"
        row["officials"] = f"{mine.officials[0]}–{mine.officials[1]}" if mine and mine.officials else "—"
    return row


def _upcoming(plan: PlanData, city_id: str | None = None) -> list[Edition]:
    chosen = [e for e in plan.editions if e.year >= plan.first]
    if city_id is not None:
        chosen = [e for e in chosen if takes_part(plan, e, city_id)]
    return sorted(chosen, key=lambda e: (e.year, e.start or dt.date(e.year, 12, 31), e.series))


def _common(plan: PlanData, lang: str, root: str, base_url: str | None, title: str) -> dict[str, Any]:
    created = plan.created.date() if plan.created else None
    from babel.dates import format_date

    return {
        "lang": lang,
        "root": root,
        "title": title,
        "network": plan.network,
        "plan": plan,
        "base_url": base_url,
        "created": format_date(created, "long", locale=lang) if created else "—",
        "network_feed": feed_links(feeds_by_city(plan)[None], root, base_url),
    }


def feeds_by_city(plan: PlanData) -> dict[str | None, Feed]:
    return {feed.city: feed for feed in feeds(plan)}


def report_pages(plan: PlanData) -> dict[str, str]:
    """index.html: the report in the network's language; report.<lang>.html in the others.

    Each carries a bar linking the site's other pages and the report in
    every language.
    """
    from babel import Locale

    from novu_planner.exporters.report import render_report

    home = report_language(plan.network)
    names = {lang: "index.html" if lang == home else f"report.{lang}.html" for lang in LANGUAGES}
    languages = [
        {"code": lang, "href": names[lang], "name": Locale.parse(lang).display_name} for lang in LANGUAGES
    ]
    towns = _towns(plan)
    pages = {}
    for lang, name in names.items():
        context = {"lang": lang, "network": plan.network, "towns": towns, "languages": languages}
        nav = _environment(lang).get_template("nav.html").render(context)
        pages[name] = render_report(plan, lang, nav=nav)
    return pages


def _towns(plan: PlanData) -> list[dict[str, str]]:
    return [{"id": c.id, "name": c.name, "lang": town_language(c, plan.network)} for c in plan.network.cities]


def calendars_page(plan: PlanData, base_url: str | None, lang: str) -> str:
    """calendars.html: the towns, the editions, and the network's calendar to subscribe to."""
    towns = _towns(plan)
    context = _common(plan, lang, "", base_url, plan.network.name)
    context["towns"] = towns
    context["editions"] = [_row(plan, e, lang) for e in _upcoming(plan)]
    return str(_environment(lang).get_template("index.html").render(context))


def town_page(plan: PlanData, city: City, base_url: str | None) -> str:
    lang = town_language(city, plan.network)
    context = _common(plan, lang, "../", base_url, f"{plan.network.name} – {city.name}")
    context["town"] = city
    context["editions"] = [_row(plan, e, lang, city.id) for e in _upcoming(plan, city.id)]
    context["town_feed"] = feed_links(feeds_by_city(plan)[city.id], "../", base_url)
    return str(_environment(lang).get_template("town.html").render(context))


def site_files(plan: PlanData, base_url: str | None = None, csv_sep: str = ";") -> dict[str, bytes]:
    """Every file of the website, by its path inside the site folder."""
    from novu_planner.exporters.tables import csv_bytes, quotas_frame, rotation_frame
    from novu_planner.exporters.xlsx import xlsx_bytes

    base_url = check_base_url(base_url)
    lang = report_language(plan.network)
    files = {
        **{name: page.encode("utf-8") for name, page in report_pages(plan).items()},
        "calendars.html": calendars_page(plan, base_url, lang).encode("utf-8"),
        SITE_FILE: json.dumps(
            {"generator": GENERATOR, "network": plan.network.id, "base_url": base_url},
            indent=2,
        ).encode("utf-8"),
        "downloads/rotation.csv": csv_bytes(rotation_frame(plan), csv_sep),
        "downloads/quotas.csv": csv_bytes(quotas_frame(plan), csv_sep),
        "downloads/plan.xlsx": xlsx_bytes(plan),
    }
    for feed in feeds(plan):
        files[feed.path] = feed.data
    for city in plan.network.cities:
        files[f"towns/{city.id}.html"] = town_page(plan, city, base_url).encode("utf-8")
    return files


def write_site(
    plan: PlanData,
    out: str | os.PathLike[str],
    base_url: str | None = None,
    force: bool = False,
    csv_sep: str = ";",
) -> Path:
    """Write the site folder atomically; an existing site is replaced only with `force`."""
    files = site_files(plan, base_url, csv_sep)  # a bad --base-url is refused before anything is touched
    return replace_folder(out, files, force, SITE_FOLDER)
