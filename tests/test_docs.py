"""The format reference, the README's examples and `novu-planner example` stay true.

docs/network-format.md documents a key by giving it a row of its own,
"| `key` | ...", in the reference table of its table's section: the
section under "### Top level", "### `[network]`", "### `[[cities]]`" and
so on. A ```toml block whose first line is "# fragment" shows entries added
to the first whole example of the same file, and is checked appended to it.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from novu_planner.cli import cli
from novu_planner.network import loader
from novu_planner.network.loader import parse_network

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "network-format.md"
FRAGMENT = "# fragment"

# The heading of each table's section in the reference, and what the loader accepts there.
SECTIONS = {
    "Top level": set(loader.TOP),
    "`[network]`": set(loader.NETWORK),
    "`[[cities]]`": set(loader.CITY),
    "`[[series]]`": set(loader.SERIES),
    "`[series.quota]`": set(loader.QUOTA),
    "`[[history]]`": set(loader.HISTORY),
    "`[[blackouts]]`": set(loader.BLACKOUT),
    "`[[wishes]]`": set(loader.WISH),
}


def documented_keys(text: str, heading: str) -> set[str]:
    """The keys given a table row in the section under `### heading`."""
    match = re.search(rf"^### {re.escape(heading)}\n(.*?)(?=^##+ |\Z)", text, re.S | re.M)
    assert match, f"docs/network-format.md has no section '### {heading}'"
    return set(re.findall(r"^\| `([a-z_]+)` \|", match.group(1), re.M))


@pytest.mark.parametrize("heading", SECTIONS)
def test_reference_documents_every_accepted_key(heading):
    documented = documented_keys(REFERENCE.read_text(encoding="utf-8"), heading)
    accepted = SECTIONS[heading]
    assert not accepted - documented, f"accepted by the loader, not documented under {heading}"
    assert not documented - accepted, f"documented under {heading}, not accepted by the loader"


def toml_blocks(path: Path) -> list[tuple[str, str]]:
    """(label, text) of every ```toml block, fragments joined to the file's first whole example."""
    text = path.read_text(encoding="utf-8")
    blocks = [
        (text[: m.start()].count("\n") + 2, m.group(1))
        for m in re.finditer(r"^```toml\n(.*?)^```", text, re.S | re.M)
    ]
    whole = next((body for _, body in blocks if not body.startswith(FRAGMENT)), None)
    out = []
    for line, body in blocks:
        if body.startswith(FRAGMENT):
            assert whole is not None, f"{path.name}:{line}: a fragment with no whole example before it"
            body = whole + "\n" + body
        out.append((f"{path.relative_to(ROOT)}:{line}", body))
    return out


EXAMPLES = [
    block
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for block in toml_blocks(path)
]


def test_the_docs_have_examples():
    labels = [label for label, _ in EXAMPLES]
    assert any(label.startswith("README.md") for label in labels)
    assert sum(label.startswith("docs/network-format.md") for label in labels) >= 5


@pytest.mark.parametrize(("label", "body"), EXAMPLES, ids=[label for label, _ in EXAMPLES])
def test_toml_example_is_a_valid_network(label, body):
    parse_network(body.encode("utf-8"), label)


def test_example_command_prints_the_packaged_file():
    result = CliRunner().invoke(cli, ["example"])
    assert result.exit_code == 0, result.output
    packaged = files("novu_planner.network").joinpath("example.toml").read_bytes()
    assert result.stdout_bytes == packaged
    network = parse_network(result.stdout_bytes, "novu-planner example")
    assert network.id == "fjord-chain"


@pytest.mark.parametrize(("args", "name"), [([], "network-format.md"), (["python-api"], "python-api.md")])
def test_docs_command_prints_the_reference_a_wheel_carries(args, name):
    # pyproject.toml puts docs/*.md inside the package in a wheel; a checkout reads docs/.
    result = CliRunner().invoke(cli, ["docs", *args])
    assert result.exit_code == 0
    assert result.stdout_bytes == (ROOT / "docs" / name).read_bytes()
    assert f'"docs/{name}" = "novu_planner/docs/{name}"' in (ROOT / "pyproject.toml").read_text()
