"""Write novu_planner/locale/cldr.json: the few CLDR facts the calendars need, taken from Babel.

    python scripts/cldr_data.py

The town feeds name countries and count places in five languages. Asking
Babel for them loads and merges each language's whole CLDR data (a few
milliseconds per language on every plan run); this file holds just those
facts, as Babel gives them: every territory's name, and the group
separator and decimal pattern whole numbers are written with. Run it again
after upgrading Babel; tests/test_cldr_data.py fails while the file differs
from what the installed Babel gives.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale
from babel.numbers import get_group_symbol

from novu_planner.exporters.i18n import CLDR_FILE, FORMATS, LANGUAGES


def cldr_data() -> dict[str, dict[str, object]]:
    """For each report language: its territory names, group separator and decimal pattern."""
    out: dict[str, dict[str, object]] = {}
    for lang in LANGUAGES:
        locale = Locale.parse(FORMATS.get(lang, lang))
        out[lang] = {
            "decimal_pattern": locale.decimal_formats[None].pattern,
            "group": get_group_symbol(locale),
            "territories": dict(sorted(locale.territories.items())),
        }
    return out


def cldr_text() -> str:
    return json.dumps(cldr_data(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    Path(CLDR_FILE).write_text(cldr_text(), encoding="utf-8")
    print(f"wrote {CLDR_FILE}")
