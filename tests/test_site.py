"""`novu-planner site`: the bundled plan's website, opened in headless Chromium and served over HTTP."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import html5lib
import icalendar
import pytest
from browser_helpers import MISSING, available, chromium, requests_made
from click.testing import CliRunner

import novu_planner as n
from novu_planner.cli import cli
from novu_planner.publishing.feeds import feeds
from novu_planner.publishing.site import LANGUAGES, LOCALE, town_language, translations

BASE = "https://example.org/novu/"
TEMPLATES = Path(n.__file__).parent / "publishing" / "templates"


def make_site(plan: Path, out: Path, *extra: str):
    return CliRunner().invoke(cli, ["site", str(plan), "--out", str(out), *extra])


@pytest.fixture(scope="module")
def site(bundled_plan, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "novu-site"
    result = make_site(bundled_plan, out, "--base-url", BASE)
    assert result.exit_code == 0, result.output
    return out


def pages(site: Path) -> list[Path]:
    reports = sorted(site.glob("report.*.html"))
    return [site / "index.html", *reports, site / "calendars.html", *sorted((site / "towns").glob("*.html"))]


# The subscribe URLs a page may link to, written out by hand (not with the code's own encoder).
def subscribe_urls(feed_id: str, name: str) -> set[str]:
    encoded_name = quote(name, safe="")
    return {
        f"webcal://example.org/novu/feeds/{feed_id}.ics",
        f"https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fexample.org%2Fnovu%2Ffeeds%2F{feed_id}.ics",
        "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fexample.org%2Fnovu%2Ffeeds%2F"
        f"{feed_id}.ics&name={encoded_name}",
    }


def test_the_site_holds_every_page_feed_and_download(site, bundled_plan):
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    towns = ["akureyri", "alesund", "lahti", "randers", "vasteras"]
    assert names == {
        "index.html",
        *(f"report.{lang}.html" for lang in ("sv", "nb", "da", "fi", "is")),
        "calendars.html",
        "site.json",
        "downloads/rotation.csv",
        "downloads/quotas.csv",
        "downloads/plan.xlsx",
        "feeds/novu.ics",
        *(f"feeds/novu-{t}.ics" for t in towns),
        *(f"towns/{t}.html" for t in towns),
    }
    assert (site / "downloads" / "plan.xlsx").read_bytes() == (bundled_plan / "plan.xlsx").read_bytes()
    assert (site / "feeds" / "novu.ics").read_bytes() == (bundled_plan / "calendar.ics").read_bytes()
    for town in towns:
        assert (site / "feeds" / f"novu-{town}.ics").read_bytes() == (
            bundled_plan / "calendars" / f"{town}.ics"
        ).read_bytes()


def test_pages_are_valid_html5_without_scripts_or_outside_resources(site):
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>\n")
        html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
        assert "<script" not in text.lower() and not re.search(r"<[^>]+\son\w+=", text)
        for attribute in re.findall(r'(?:src|href)="([^"]*)"', text):
            scheme = urlsplit(attribute).scheme
            assert scheme in ("", "webcal", "https", "data"), attribute
            if scheme == "https":
                assert attribute.startswith(("https://calendar.google.com/", "https://outlook.live.com/")), (
                    attribute
                )


def test_without_base_url_only_the_files_are_offered_and_the_page_says_why(bundled_plan, tmp_path):
    out = tmp_path / "site"
    result = make_site(bundled_plan, out)
    assert result.exit_code == 0, result.output
    text = (out / "towns" / "lahti.html").read_text(encoding="utf-8")
    assert "webcal://" not in text and "calendar.google.com" not in text and "outlook.live.com" not in text
    assert 'href="../feeds/novu-lahti.ics"' in text and 'href="../feeds/novu.ics"' in text
    assert "--base-url" in text


@pytest.mark.parametrize("bad", ["example.org/novu", "ftp://example.org/", "https://", "https://x.org/?a=1"])
def test_a_base_url_that_is_no_web_address_is_exit_2(bundled_plan, tmp_path, bad):
    result = make_site(bundled_plan, tmp_path / "site", "--base-url", bad)
    assert result.exit_code == 2 and "--base-url" in result.output
    assert not (tmp_path / "site").exists()


def test_only_a_site_this_program_made_is_replaced(bundled_plan, tmp_path):
    out = tmp_path / "site"
    assert make_site(bundled_plan, out).exit_code == 0
    again = make_site(bundled_plan, out)
    assert again.exit_code == 2 and "already holds a site; add --force" in again.output
    assert make_site(bundled_plan, out, "--force").exit_code == 0
    (out / "towns" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = make_site(bundled_plan, out, "--force")
    assert refused.exit_code == 2 and "towns/notes.txt" in refused.output
    assert (out / "towns" / "notes.txt").read_text(encoding="utf-8") == "mine"
    plan_copy = tmp_path / "plan"
    shutil.copytree(bundled_plan, plan_copy)
    not_a_site = make_site(bundled_plan, plan_copy, "--force")
    assert not_a_site.exit_code == 2 and "not a novu-planner site" in not_a_site.output
    assert sorted(p.name for p in plan_copy.iterdir()) == sorted(p.name for p in bundled_plan.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing left beside


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)s", text))


def test_every_message_is_translated_in_all_six_languages_with_the_same_placeholders():
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    used = {
        message
        for _, _, message, _, _ in extract_from_dir(
            str(TEMPLATES),
            method_map=[("**.html", "jinja2.ext:babel_extract")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
        )
    }
    assert len(used) > 20
    assert sorted(p.name for p in LOCALE.iterdir()) == sorted(LANGUAGES)
    for lang in LANGUAGES:
        with open(LOCALE / lang / "LC_MESSAGES" / "site.po", "rb") as handle:
            catalog = read_po(handle)
        ids = {m.id for m in catalog if m.id}
        assert ids == used, (lang, ids ^ used)
        for message in catalog:
            if not message.id:
                continue
            assert message.string, (lang, message.id)
            assert not message.fuzzy, (lang, message.id)
            assert _placeholders(message.string) == _placeholders(str(message.id)), (lang, message.id)
            assert translations(lang).gettext(str(message.id)) == message.string


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder on a local web server (http.server) on 127.0.0.1."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign,assignment]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_every_feed_reads_back_over_http_as_a_subscribing_client_would(site, bundled_plan):
    plan = n.read_plan(bundled_plan)
    with served(site) as url:
        for feed in feeds(plan):
            with urllib.request.urlopen(url + feed.path, timeout=10) as answer:
                assert answer.headers.get_content_type() == "text/calendar"
                data = answer.read()
            assert data == feed.data
            cal = icalendar.Calendar.from_ical(data)
            assert str(cal["X-WR-CALNAME"]) == feed.name
            uids = [str(ev["UID"]) for ev in cal.walk("VEVENT")]
            assert uids and len(uids) == len(set(uids))
            assert {plan.uid(e) for e in plan.editions if e.start} >= set(uids)


# --- a real browser --------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not available():
        pytest.skip(MISSING)
    with chromium() as driver:
        yield driver


def _expected_links(plan, page: Path, site: Path) -> set[str]:
    """The subscribe URLs a page may hold: its own town's feed and the network's."""
    by_city = {f.city: f for f in feeds(plan)}
    if page.name == "index.html" or page.name.startswith("report."):
        return set()  # the report links the site's own pages only
    wanted = [by_city[None]]
    if page.parent.name == "towns":
        wanted.append(by_city[page.stem])
    return set().union(*(subscribe_urls(f.id, f.name) for f in wanted))


@pytest.mark.parametrize("how", ["disk", "http"])
def test_every_page_in_a_real_browser(site, bundled_plan, browser, how):
    plan = n.read_plan(bundled_plan)
    network = plan.network
    files = {p.resolve() for p in site.rglob("*") if p.is_file()}
    with served(site) as url:
        root = site.resolve().as_uri() + "/" if how == "disk" else url
        for page in pages(site):
            relative = page.relative_to(site).as_posix()
            browser.get_log("browser")
            browser.get_log("performance")
            browser.get(urljoin(root, relative))
            errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
            assert errors == [], (relative, errors)
            for request in requests_made(browser):
                assert request.startswith(root) or request.startswith("data:"), (relative, request)
            links = browser.execute_script(
                "return [...document.querySelectorAll('a[href]')].map(a => a.href)"
            )
            allowed = _expected_links(plan, page, site)
            subscribe = [link for link in links if not link.startswith(root)]
            assert set(subscribe) == allowed, relative
            for link in links:
                if link.startswith(root):
                    target = link[len(root) :].split("#")[0]
                    resolved = (site / urllib.request.url2pathname(target)).resolve()
                    assert resolved in files, (relative, link)
            lang = browser.execute_script("return document.documentElement.lang")
            text = browser.find_element("tag name", "body").text
            if page.parent.name == "towns":
                city = network.city(page.stem)
                assert lang == town_language(city) == city.language
                assert translations(lang).gettext("Upcoming editions") in text
                from novu_planner.exporters.ics import takes_part

                rows = browser.execute_script(
                    "return [...document.querySelectorAll('tbody tr')].map(r => r.innerText)"
                )
                mine = [e for e in plan.editions if e.year >= plan.first and takes_part(plan, e, city.id)]
                assert len(rows) == len(mine) > 0
                for row, e in zip(rows, sorted(mine, key=lambda e: (e.year, e.start, e.series)), strict=True):
                    assert str(e.year) in row and network.city(e.host).name in row
                    assert network.get_series(e.series).name in row
            else:
                expected = page.name.split(".")[1] if page.name.startswith("report.") else "en"
                assert lang == expected
                assert all(city.name in text for city in network.cities)


def test_the_index_is_the_report_with_links_to_every_language(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "rotation" in index.lower()
    for lang in ("sv", "nb", "da", "fi", "is"):
        assert f'href="report.{lang}.html"' in index
        page = (site / f"report.{lang}.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page and 'href="index.html"' in page
    assert 'href="calendars.html"' in index
