"""The holidays index cache: used when it matches, ignored when absent, stale or corrupt."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from novu_planner.network import holiday_index


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(holiday_index.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(holiday_index, "_index", None)
    path = holiday_index.cache_file()
    assert path is not None and path.parent == tmp_path
    return path


def test_the_answers_are_cached_and_read_back(cache, monkeypatch):
    assert holiday_index.country_classes()["NO"] == "Norway"
    assert "55" in holiday_index.subdivisions("NO")
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored["countries"]["SE"] == "Sweden" and "55" in stored["subdivisions"]["NO"]
    monkeypatch.setattr(holiday_index, "_index", None)
    assert holiday_index.subdivisions("NO") == tuple(stored["subdivisions"]["NO"])


def test_holiday_days_are_cached_and_the_same_without_the_cache(cache, monkeypatch):
    first = holiday_index.holiday_days("NO", None, 2027, ["public"], "en_US")
    assert (dt.date(2027, 5, 6), "Ascension Day") in first
    holiday_index._flush()  # what happens at exit
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert ["2027-05-06", "Ascension Day"] in stored["days"]["NO||2027|public|en_US"]
    monkeypatch.setattr(holiday_index, "_index", None)
    assert holiday_index.holiday_days("NO", None, 2027, ["public"], "en_US") == first
    monkeypatch.setenv(holiday_index.CACHE_ENV, "off")
    monkeypatch.setattr(holiday_index, "_index", None)
    assert holiday_index.holiday_days("NO", None, 2027, ["public"], "en_US") == first
    assert holiday_index.categories("FI") == holiday_index.categories("FI")
    assert "public" in holiday_index.categories("FI") and "de_facto" not in holiday_index.categories("FI")
    assert "NO-15" in holiday_index.iso_subdivisions("NO")


@pytest.mark.parametrize(
    "days", [[["2027-13-01", "Nowhere Day"]], [["2027-01-01"]], "not a list", [[1, "x"]]]
)
def test_damaged_holiday_days_are_asked_afresh(cache, days):
    key = holiday_index._key()
    entry = "IS||2027|public|en_US"
    cache.write_text(json.dumps({"key": key, "days": {entry: days}}), encoding="utf-8")
    found = holiday_index.holiday_days("IS", None, 2027, ["public"], "en_US")
    assert (dt.date(2027, 6, 17), "National Day") in found


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
