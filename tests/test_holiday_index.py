"""The holidays index cache: used when it matches, ignored when absent, stale or corrupt."""

from __future__ import annotations

import json

import pytest

from novu_planner.network import holiday_index


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(holiday_index.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(holiday_index, "_index", None)
    return tmp_path / "holidays-index.json"


def test_the_answers_are_cached_and_read_back(cache, monkeypatch):
    assert holiday_index.country_classes()["NO"] == "Norway"
    assert "55" in holiday_index.subdivisions("NO")
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored["countries"]["SE"] == "Sweden" and "55" in stored["subdivisions"]["NO"]
    monkeypatch.setattr(holiday_index, "_index", None)
    assert holiday_index.subdivisions("NO") == tuple(stored["subdivisions"]["NO"])


@pytest.mark.parametrize(
    "content", ["not json", '{"key": "another holidays", "countries": {"XX": "Nowhere"}}', "[]"]
)
def test_a_corrupt_or_stale_cache_is_asked_afresh(cache, content):
    cache.write_text(content, encoding="utf-8")
    classes = holiday_index.country_classes()
    assert "XX" not in classes and classes["IS"] == "Iceland"


def test_without_a_writable_cache_it_still_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(holiday_index.CACHE_ENV, str(blocker / "under-a-file"))
    monkeypatch.setattr(holiday_index, "_index", None)
    assert holiday_index.country_classes()["DK"] == "Denmark"
    monkeypatch.setenv(holiday_index.CACHE_ENV, "off")
    monkeypatch.setattr(holiday_index, "_index", None)
    assert holiday_index.subdivisions("FI")
