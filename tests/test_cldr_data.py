"""novu_planner/locale/cldr.json holds what Babel gives, and the calendars need no more of CLDR."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import babel.localedata
import pytest
from babel import Locale
from babel.numbers import format_decimal

from novu_planner.exporters import i18n
from novu_planner.exporters.i18n import CLDR_FILE, FORMATS, LANGUAGES, Speaker

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "cldr_data.py"


def test_the_file_is_what_the_script_makes_from_the_installed_babel():
    made = runpy.run_path(str(SCRIPT))["cldr_text"]()
    assert CLDR_FILE.read_text(encoding="utf-8") == made, "run python scripts/cldr_data.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_country_names_are_babels(lang):
    t = Speaker(lang)
    for code, name in Locale.parse(FORMATS.get(lang, lang)).territories.items():
        assert t.territory(code) == name
    assert t.territory("XX-unknown") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_whole_numbers_are_written_as_babel_writes_them(lang):
    t, locale = Speaker(lang), Locale.parse(FORMATS.get(lang, lang))
    values = [*range(0, 2500), 9999, 10000, 123456, 999999, 1000000, 1234567890]
    for value in values:
        assert t.number(value) == format_decimal(value, locale=locale)
    for other in (-1, -1234, 2.5, 1234.5, 1.0):
        assert t.number(other) == format_decimal(other, locale=locale)


def test_the_feeds_load_no_languages_cldr_data(bundled_plan, monkeypatch):
    """Country names and counts come from cldr.json: Babel's per-language data stays unread."""
    from novu_planner.exporters import ics
    from novu_planner.plans.plan_json import plan_from_json

    plan = plan_from_json(json.loads((bundled_plan / "plan.json").read_text(encoding="utf-8")), "plan.json")
    loaded: list[str] = []
    real = babel.localedata.load
    monkeypatch.setattr(
        babel.localedata, "load", lambda name, *a, **k: loaded.append(name) or real(name, *a, **k)
    )
    ics.speaker.cache_clear()
    i18n._cldr.cache_clear()
    try:
        files = ics.calendar_files(plan)
    finally:
        ics.speaker.cache_clear()
    assert loaded == []
    assert "Isäntä: Lahti (Suomi)" in files["calendars/lahti.ics"].decode("utf-8")
