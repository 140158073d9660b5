"""The report's message catalogs: complete in every language, placeholders kept, .mo as compiled from .po."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from novu_planner.exporters.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, Speaker
from novu_planner.exporters.reasons import tell_note

ROOT = Path(__file__).parent.parent
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]  # English is the msgids themselves
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _source_messages() -> set[str | tuple[str, ...]]:
    """Every message the code and templates ask for, as `pybabel extract -F babel.cfg` finds them."""
    method_map = [
        ("novu_planner/exporters/**.py", "python"),
        ("novu_planner/exporters/templates/**.j2", "jinja2"),
    ]
    options = {"novu_planner/exporters/templates/**.j2": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    found: set[str | tuple[str, ...]] = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords
    ):
        found.add(message)
    return found


def _catalog(lang: str):
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with open(path, "rb") as handle:
        return read_po(handle, locale=lang)


def test_babel_cfg_names_the_places_the_test_extracts_from():
    text = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    assert "[python: novu_planner/exporters/**.py]" in text
    assert "[jinja2: novu_planner/exporters/templates/**.j2]" in text


@pytest.fixture(scope="module")
def wanted() -> set[str | tuple[str, ...]]:
    messages = _source_messages()
    assert len(messages) > 80  # the extraction found the report's words
    return messages


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang, wanted):
    catalog = _catalog(lang)
    have = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    missing = [m for m in wanted if m not in have]
    assert not missing, f"{lang}: no translation for {missing}"
    for key in wanted:
        message = have[key]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(s.strip() for s in strings), f"{lang}: empty translation of {key!r}"
        assert not message.fuzzy, f"{lang}: fuzzy translation of {key!r}"
    stale = [key for key in have if key not in wanted]
    assert not stale, f"{lang}: translations of messages no longer used: {stale}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_every_placeholder(lang):
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        assert all(set(PLACEHOLDER.findall(i)) == expected for i in ids), ids
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == expected, f"{lang}: {ids[0]!r} → {text!r}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_committed_mo_is_compiled_from_the_po(lang):
    """`pybabel compile -d novu_planner/locale -D novu_planner` after every change of a .po."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(lang))
    committed = (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    assert committed == compiled.getvalue(), f"{lang}: the .mo is stale; run pybabel compile"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_catalog_speaks_its_language(lang):
    t = Speaker(lang)
    assert t.gettext("Who hosts when") != "Who hosts when"
    assert "2029" in t.days(__import__("datetime").date(2029, 6, 26), __import__("datetime").date(2029, 7, 2))


# One note of each shape planning/notes.py and the rules' causes write.
NOTES = [
    "Lahti and Akureyri swap 2027–28: Lahti cannot host in 2027, town hall renovation",
    "Lahti and Akureyri swap 2027–28: Lahti cannot host in 2027, blackouts[0]",
    "Akureyri and Randers swap 2027–28: Akureyri hosts the NOVU youth week in 2027",
    "Randers and Västerås swap 2029–30",
    "Västerås hosts instead of Randers: history[8] fixes Västerås for 2029",
    "Lahti hosts instead of Akureyri: Akureyri takes part only from 2030",
    "Lahti hosts instead of Akureyri: Akureyri took part only until 2028",
    "Randers hosts instead of Lahti: Randers wished to host in 2031, city anniversary",
    "Randers hosts instead of Lahti: Randers wished to host in 2031",
    "Lahti hosts instead of Randers: kept as published in the previous plan",
    "Lahti hosts instead of Randers: follows the other changes to the rota",
    "published earlier; no longer takes place",
    "Oulu hosts instead of Umea: a knock-on of the Youth camp 2028 (Oulu cannot host in 2028, new hall)",
    "Lahti hosts instead of Randers: the turns move on to make room for the other changes",
    "Oulu and Aalborg swap 2028–29: kept as published in the previous plan (Oulu cannot host in 2028, fair)",
    "Umea hosts instead of Tromso, who was published: Kiruna takes part and hosts the Youth camp and "
    "Randers no longer hosts the Youth camp and Lahti takes part only from 2031, so the published editions "
    "from 2031 are planned again in the rota among the members taking part",
    "Kiruna's first turn: it takes part from 2031 and comes after Aalborg in the order",
]


@pytest.mark.parametrize("note", NOTES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_note_is_told_in_every_language(note, lang):
    text, understood = tell_note(Speaker(lang), note)
    assert understood, note
    assert "%(" not in text
    if lang != "en":
        assert text != note


def test_a_note_of_an_unknown_shape_is_shown_as_it_stands():
    assert tell_note(Speaker("sv"), "something new") == ("something new", False)
