"""The README's commands and its example network stay true."""

from __future__ import annotations

import re
from pathlib import Path

from novu_planner.network.loader import parse_network

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_network_is_valid():
    text = README.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    network = parse_network(example.encode("utf-8"), "README example")
    assert [c.id for c in network.cities] == ["tromso", "lulea", "oulu", "gdansk"]
    assert network.city("gdansk").guest


def test_readme_install_command_is_what_ci_runs():
    text = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]"' in text and 'pip install -e ".[test]"' in ci
    assert "\npytest\n" in text
