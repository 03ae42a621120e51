"""The catalogue's areas: each key is defined by one area only, in both languages."""

from __future__ import annotations

from collections import Counter
from importlib import import_module

from jq_console.i18n.catalog import AREAS, CATALOG


def test_every_area_defines_its_keys_in_both_languages() -> None:
    for area in AREAS:
        module = import_module(f"jq_console.i18n.catalog.{area}")
        assert sorted(module.ES.keys() ^ module.EN.keys()) == [], area


def test_no_key_is_defined_by_two_areas() -> None:
    counts = Counter(key for area in AREAS for key in import_module(f"jq_console.i18n.catalog.{area}").ES)
    assert sorted(key for key, count in counts.items() if count > 1) == []
    assert len(CATALOG["es"]) == len(counts) > 500
