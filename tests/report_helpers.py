"""Shared by the report tests: the page's text as a reader sees it, and a plan that departs from the rota."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "tr",
    "li",
    "figcaption",
    "header",
    "section",
    "table",
    "ul",
    "br",
    "svg",
    "g",
}
CELLS = {"td", "th"}

# The bundled network with a blackout that moves two turns and a wish, planned
# against the bundled plan: every section of the report has something to say.
VARIANT = """
[[blackouts]]
city = "lahti"
years = [2027]
reason = "town hall renovation"

[[wishes]]
city = "randers"
year = 2031
series = "youth-week"
weight = 3
reason = "city anniversary"

[[wishes]]
city = "alesund"
year = 2040
"""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "title"):
            self.skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag in CELLS:
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self.skip -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The words of the page, one block a line, whitespace collapsed: what the golden files hold."""
    parser = _Text()
    parser.feed(html)
    lines = (re.sub(r"\s+", " ", line).strip(" |") for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"
