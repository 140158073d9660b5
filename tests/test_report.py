"""report.html: in every plan folder, in six languages, self-contained and valid; `novu-planner report`."""

from __future__ import annotations

import os
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from report_helpers import VARIANT, page_text

import novu_planner as n
from novu_planner.cli import cli
from novu_planner.exporters.i18n import LANGUAGES
from novu_planner.exporters.report import render_report

GOLDEN = Path(__file__).parent / "golden" / "novu"


@pytest.fixture(scope="session")
def variant(bundled_plan) -> tuple[n.Plan, n.Plan]:
    """The bundled plan and the plan of the bundled network with a blackout and wishes, made against it."""
    approved = n.read_plan(bundled_plan)
    network = n.load_network(approved.network.text + VARIANT)
    return approved, n.plan(network, first=approved.first, previous=approved, time_limit=60, seed=0)


def test_every_plan_folder_holds_the_report(bundled_plan):
    html = (bundled_plan / "report.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert html == render_report(n.read_plan(bundled_plan))  # what `report` writes for it
    assert "report.html" in n.read_plan(bundled_plan).files()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_is_valid_html5_and_asks_for_nothing_outside(bundled_plan, variant, lang):
    for plan in (n.read_plan(bundled_plan), variant[1]):
        html = render_report(plan, lang)
        html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
        assert f'<html lang="{lang}">' in html
        assert "default-src 'none'" in html  # the browser refuses any request the page might make
        for outside in ("http://", "https://", "<script", "<link", "<img", "@import", "url(http"):
            assert outside not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_text_of_the_bundled_report_matches_the_golden_file(bundled_plan, lang):
    """Regenerate with NOVU_UPDATE_GOLDEN=1 pytest tests/test_report.py, then review the diff."""
    text = page_text(render_report(n.read_plan(bundled_plan), lang))
    golden = GOLDEN / f"report-{lang}.txt"
    if os.environ.get("NOVU_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_report_tells_departures_costs_wishes_changes_and_warnings(variant):
    approved, plan = variant
    text = page_text(render_report(plan, "en"))
    assert "Lahti and Akureyri swap turns (2027–28). Lahti cannot host in 2027: town hall renovation." in text
    assert "Akureyri hosts the NOVU youth week in 2027." in text
    assert f"Disruption | {plan.costs['disruption']} points" in text
    assert "Host: Lahti → Akureyri" in text  # the change since the approved plan
    assert "Compared with the previous plan: 4 editions changed." in text
    with_date = page_text(render_report(plan, "en", previous=approved))
    assert "Compared with the previous plan for 2027–2036, made 25 November 2026" in with_date
    assert "Not granted: granting it would raise the disruption" in text
    assert "Ålesund wishes to host in 2040, which lies outside the planned years 2027–2036." in text
    sv = page_text(render_report(plan, "sv"))
    assert (
        "Lahti och Akureyri byter tur (2027–28). Lahti kan inte vara värd 2027: town hall renovation." in sv
    )
    assert "Värd: Lahti → Akureyri" in sv


def test_every_host_and_year_of_the_plan_is_in_the_text(variant):
    _, plan = variant
    for lang in LANGUAGES:
        text = page_text(render_report(plan, lang))
        for e in plan.editions:
            if plan.first <= e.year <= plan.last and e.host:
                assert str(e.year) in text and plan.network.city(e.host).name in text


def test_travel_is_the_great_circle_distance(bundled_plan):
    text = page_text(render_report(n.read_plan(bundled_plan), "en"))
    # Lahti hosts the youth week 2027: Akureyri–Lahti is about 2,200 km, Västerås–Lahti about 520 km.
    akureyri = next(line for line in text.splitlines() if line.startswith("Akureyri | 2,198 |"))
    assert akureyri.endswith("| 14,186")  # the total over the plan
    assert "Västerås | 525 |" in text


def test_a_town_without_coordinates_gets_a_note_not_a_distance(tmp_path):
    network = n.load_network(n.load_network().text.replace("lat = 65.6885\nlon = -18.1262\n", ""))
    plan = n.plan(network, first=2027, years=3, time_limit=30)
    text = page_text(render_report(plan, "en"))
    assert "No distances for Akureyri: the network file gives no lat and lon for them." in text


def test_the_network_language_is_the_default(tmp_path):
    text = n.load_network().text.replace(
        'name = "NOVU – Nordisk', 'language = "sv"\nname = "NOVU – Nordisk', 1
    )
    plan = n.plan(n.load_network(text), first=2027, years=2, time_limit=30)
    assert '<html lang="sv">' in render_report(plan)
    assert '<html lang="fi">' in render_report(plan, "fi")
    assert '<html lang="sv">' in plan.files()["report.html"].decode("utf-8")
    other = n.load_network(text.replace('language = "sv"', 'language = "de"', 1))
    assert '<html lang="en">' in render_report(n.plan(other, first=2027, years=2, time_limit=30))


def test_report_command_writes_the_page_and_never_a_file_of_yours(bundled_plan, tmp_path):
    out = tmp_path / "rapport.html"
    result = CliRunner().invoke(cli, ["report", str(bundled_plan), "--lang", "sv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert '<html lang="sv">' in out.read_text(encoding="utf-8")
    again = CliRunner().invoke(cli, ["report", str(bundled_plan), "--lang", "fi", "--out", str(out)])
    assert again.exit_code == 0 and '<html lang="fi">' in out.read_text(encoding="utf-8")

    mine = tmp_path / "notes.html"
    mine.write_text("<p>my notes</p>", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["report", str(bundled_plan), "--out", str(mine)])
    assert refused.exit_code == 2 and "did not write it" in refused.output
    assert mine.read_text(encoding="utf-8") == "<p>my notes</p>"

    printed = CliRunner().invoke(cli, ["report", str(bundled_plan / "plan.json")])
    assert printed.exit_code == 0 and printed.output.startswith("<!DOCTYPE html>")
    wrong = CliRunner().invoke(cli, ["report", str(bundled_plan), "--lang", "de"])
    assert wrong.exit_code == 2


def test_report_command_lists_the_changes_since_a_previous_plan(variant, tmp_path):
    approved, plan = variant
    approved.write(tmp_path / "approved")
    plan.write(tmp_path / "variant")
    out = tmp_path / "report.html"
    args = ["report", str(tmp_path / "variant"), "--previous", str(tmp_path / "approved"), "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert "Host: Lahti → Akureyri" in page_text(out.read_text(encoding="utf-8"))


def test_a_template_cache_that_cannot_be_written_or_read_only_costs_time(tmp_path):
    import jinja2
    from jinja2.bccache import bc_magic

    from novu_planner.exporters.report import TEMPLATES, _TemplateCache

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    cache = _TemplateCache()
    cache.directory = str(blocked / "__pycache__")  # under a file: nothing can be written there
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), bytecode_cache=cache)
    assert env.get_template("page.html.j2").render(lang="en", _=str).startswith("<!DOCTYPE html>")

    damaged = _TemplateCache()
    damaged.directory = str(tmp_path)
    for name in ("page.html.j2",):
        bucket = damaged.get_bucket(env, name, str(TEMPLATES / name), (TEMPLATES / name).read_text("utf-8"))
        (tmp_path / damaged.pattern.replace("%s", bucket.key)).write_bytes(bc_magic + b"damaged")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), bytecode_cache=damaged)
    assert env.get_template("page.html.j2").render(lang="en", _=str).startswith("<!DOCTYPE html>")
