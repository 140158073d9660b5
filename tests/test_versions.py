"""plan.json's library versions: read from the dist-info folder's name, as importlib.metadata gives them."""

from __future__ import annotations

import sys
from importlib import metadata

import pytest

from novu_planner.plans.plan_json import LIBRARIES, _version

OTHERS = ["click", "pandas-stubs", "typing_extensions", "no-such-thing"]


@pytest.mark.parametrize("package", [*LIBRARIES, *OTHERS])
def test_the_same_as_importlib_metadata(package):
    try:
        expected = metadata.version(package)
    except metadata.PackageNotFoundError:
        expected = "not installed"
    assert _version(package) == expected


def _dist(folder, name, version, suffix=".dist-info"):
    info = folder / f"{name}-{version}{suffix}"
    info.mkdir()
    (info / ("METADATA" if suffix == ".dist-info" else "PKG-INFO")).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )


def test_the_first_folder_on_the_path_wins_and_an_unclear_one_is_read_by_importlib(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    _dist(first, "fake_pkg", "1.2")
    _dist(second, "fake_pkg", "9.9")
    monkeypatch.setattr(sys, "path", [str(first), str(second), *sys.path])
    assert _version("fake-pkg") == "1.2"
    _dist(first, "fake_pkg", "1.3")  # two in one folder: whatever importlib.metadata makes of it
    assert _version("fake-pkg") == metadata.version("fake-pkg")
