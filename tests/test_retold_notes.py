"""Every note and warning the planner writes is told in each language of the report and the feeds.

The planner writes its departure notes and warnings as English sentences
(plan.json keeps them so); `exporters/reasons.py` reads them back into their
parts and tells them from the catalogs. Here plans of many scenarios (the
re-plans of tests/test_replan.py, towns joining with `guest_from`, leaving,
becoming guests, blackouts, wishes, fixed history rows, knock-ons across
`distinct_from` series, shorter re-plans, series and towns taken out) are
made, and every note and warning they hold must come out understood in
every language, and in the five translated ones with none of the English.
"""

from __future__ import annotations

import re

import pytest
from conftest import BUNDLED
from schedule_helpers import network_text, table, town
from test_replan import CAMP, FOUR, LEFT, make

from novu_planner import clock
from novu_planner.exporters.i18n import LANGUAGES, Speaker
from novu_planner.exporters.ics import description
from novu_planner.exporters.reasons import TOLD_FROM_DATA, tell_note, tell_warning
from novu_planner.exporters.report import render_report
from novu_planner.plans.model import PlanData

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
# Words only the English sentences hold (town and series names are shown as written).
ENGLISH = re.compile(
    r"\b(instead of|who was published|first turn|takes part|took part|previous plan|swap|knock-on|"
    r"cannot host|wished|fixes|hosts the|published|planned again|the rota|withdrawn|left out|"
    r"no longer|lies in the past|history row|the order)\b"
)


CAMP4 = CAMP.replace(', "kiruna"', "")  # the camp of the four towns


def _camp(*towns: str, extra: str = "", series: str = CAMP4) -> str:
    return network_text(*FOUR, *towns, series, extra)


BLACKOUT = '\n[[blackouts]]\ncity = "lahti"\nyears = [2032]\nseries = "youth-week"\nreason = "new arena"\n'
SECOND = table(
    "[[series]]",
    id="meeting",
    name="Coordinators' meeting",
    first_year=2020,
    duration_days=2,
    window=["10-01", "10-31"],
    order=["tromso", "oulu", "aalborg", "umea"],
    distinct_from=["camp"],
) + table("[[history]]", series="meeting", year=2026, host="aalborg")


def _scenarios() -> dict[str, PlanData]:
    published = make(BUNDLED)
    left = make(LEFT, previous=published)
    camp_before = _camp()
    kiruna = town("kiruna", "SE", joined=2031)
    blackouts = (
        '[[blackouts]]\ncity = "oulu"\nyears = [2028]\nreason = "new sports hall"\n'
        '[[blackouts]]\ncity = "aalborg"\nyears = [2029]\n'
    )
    wishes = (
        '[[wishes]]\ncity = "tromso"\nyear = 2029\nweight = 100\nreason = "city anniversary"\n'
        '[[wishes]]\ncity = "oulu"\nyear = 2033\nweight = 100\n'
        '[[wishes]]\ncity = "umea"\nyear = 2050\nweight = 1\n'
    )
    fixed = table("[[history]]", series="camp", year=2029, host="umea", status="fixed")
    with_blackouts = make(_camp(kiruna, extra=blackouts, series=CAMP))
    return {
        "a member leaves after publication": left,
        "a blackout in the re-opened years": make(LEFT + BLACKOUT, previous=published),
        "the re-plan planned again": make(LEFT, previous=left),
        "a member joins after publication": make(_camp(kiruna, series=CAMP), previous=make(camp_before)),
        "a member joins as a guest first": make(
            _camp(town("kiruna", "SE", joined=2031, guest_from=2028), series=CAMP), previous=make(camp_before)
        ),
        "a member becomes a guest": make(
            _camp(town("kiruna", "SE", guest=True, joined=2020)),
            previous=make(_camp(town("kiruna", "SE"), series=CAMP)),
        ),
        "a shorter re-plan": make(BUNDLED, years=6, previous=published),
        "blackouts and a joiner": with_blackouts,
        "the blackouts are lifted": make(_camp(kiruna, series=CAMP), previous=with_blackouts),
        "wishes": make(_camp(extra=wishes)),
        "a fixed history row": make(_camp(extra=fixed)),
        "two series that never share a host": make(_camp(SECOND, extra=blackouts)),
        "a series taken out": make(_camp(), previous=make(_camp(SECOND))),
        "a town taken out": make(_camp(), previous=make(_camp(kiruna, series=CAMP))),
        "a first year in the past": make(_camp(), first=clock.now().year - 1, years=4),
    }


@pytest.fixture(scope="module")
def scenarios() -> dict[str, PlanData]:
    return _scenarios()


def _said(plans: dict[str, PlanData]) -> tuple[set[str], set[str]]:
    notes = {e.note for plan in plans.values() for e in plan.editions if e.note}
    # The report tells the other warnings from the plan's data, not from their English.
    warnings = {w for plan in plans.values() for w in plan.warnings if not TOLD_FROM_DATA.fullmatch(w)}
    return notes, warnings


def test_the_scenarios_write_every_kind_of_sentence(scenarios):
    notes, warnings = _said(scenarios)
    said = " | ".join(notes | warnings)
    for words in (
        "swap", "hosts instead of", "who was published", "first turn", "knock-on", "cannot host",
        "fixes", "took part only until", "takes part only until", "takes part from",
        "kept as published", "are planned again", "is now a guest",
        "withdrawn:", "previous plan: withdrawn", "left out", "no longer a city", "lies in the past",
        "is no longer in the network",
    ):  # fmt: skip
        assert words in said, words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_note_and_warning_is_told_in_every_language(scenarios, lang):
    t = Speaker(lang)
    notes, warnings = _said(scenarios)
    for english, (told, understood) in [(n, tell_note(t, n)) for n in notes] + [
        (w, tell_warning(t, w)) for w in warnings
    ]:
        assert understood, english
        assert "%(" not in told
        if lang != "en":
            assert told != english
            assert not ENGLISH.search(told), (lang, english, told)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_feeds_and_the_report_hold_no_english_sentence(scenarios, lang):
    for name, plan in scenarios.items():
        network = plan.network
        for e in plan.editions:
            if e.note:
                text = description(network, network.get_series(e.series), e, lang=lang)
                assert not ENGLISH.search(text), (name, text)
        page = re.sub(r"<[^>]+>", " ", render_report(plan, lang))
        found = ENGLISH.search(page)
        assert not found, (name, page[max(0, found.start() - 200) : found.end() + 200])


def test_the_report_names_where_the_order_comes_from():
    members = table(
        "[[series]]",
        id="camp",
        name="Youth camp",
        first_year=2027,
        duration_days=5,
        window=["07-01", "07-31"],
    )
    members += '\nmembers = ["umea", "tromso", "oulu", "aalborg"]\n'
    assert "follows the list of members in the network file" in render_report(
        make(_camp(series=members)), "en"
    )
    assert "The order is given in the network file" in render_report(make(_camp()), "en")
