"""report.html in a real headless browser (Debian's chromium through chromium-driver and Selenium).

In every language: no console error, no request leaves the page, every host
and year of the plan is on the rendered page, nothing is wider than a phone's
screen, the charts fit the printed page, and the whole report prints on at
most six A4 pages. One screenshot per language is kept in the test's
temporary folder (not in the repository), for a person to look at.
"""

from __future__ import annotations

import base64
import re

import pytest
from browser_helpers import MISSING, available, chromium, requests_made

import novu_planner as n
from novu_planner.exporters.i18n import LANGUAGES
from novu_planner.exporters.report import render_report

pytestmark = pytest.mark.skipif(not available(), reason=MISSING)


@pytest.fixture(scope="module")
def browser():
    with chromium("--window-size=1000,1400") as driver:
        yield driver


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_renders_prints_and_stays_on_the_page(browser, bundled_plan, tmp_path, lang):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.print_page_options import PrintOptions

    plan = n.read_plan(bundled_plan)
    page = tmp_path / f"report-{lang}.html"
    page.write_text(render_report(plan, lang), encoding="utf-8")
    browser.get_log("browser")
    browser.get_log("performance")  # start both logs afresh
    browser.set_window_size(1000, 1400)
    browser.get(page.as_uri())

    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    assert [url for url in requests_made(browser) if url != page.as_uri()] == []

    text = browser.find_element(By.TAG_NAME, "body").text
    for e in plan.editions:
        if plan.first <= e.year <= plan.last and e.host:
            assert str(e.year) in text
            assert plan.network.city(e.host).name in text
    browser.save_screenshot(str(tmp_path / f"report-{lang}.png"))

    # A phone: the page itself never scrolls sideways (wide tables scroll in their own box).
    browser.set_window_size(400, 900)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    browser.save_screenshot(str(tmp_path / f"report-{lang}-phone.png"))
    browser.set_window_size(1000, 1400)

    # Printed: every chart fits the page's width, and the report takes at most six A4 pages.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(
            "const page = document.body.getBoundingClientRect();"
            "return [...document.querySelectorAll('figure svg')]"
            ".every(svg => svg.getBoundingClientRect().right <= page.right + 1)"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    options.orientation = "portrait"
    pdf = base64.b64decode(browser.print_page(options))
    (tmp_path / f"report-{lang}.pdf").write_bytes(pdf)
    assert 1 <= _pages(pdf) <= 6
