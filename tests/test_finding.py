"""What an agent types to go to a case (a code, part of it, or words) and the quick fold the database
uses, which must agree with the domain's `fold` on every text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jq_console.domain.finding import CodeHint, code_hint, full_code, quick_fold
from jq_console.domain.search import fold


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("JQ-2026-00042", CodeHint(code="JQ-2026-00042")),
        ("jq-2026-42", CodeHint(code="JQ-2026-00042")),
        ("2026-42", CodeHint(code="JQ-2026-00042")),
        (" 2026-00042 ", CodeHint(code="JQ-2026-00042")),
        ("00042", CodeHint(suffix="-00042")),
        ("42", CodeHint(suffix="-00042")),
        ("medellin", None),
        ("900123456-8", None),  # a NIT is words, not a code
        ("0", None),
        ("2026-0", None),
    ],
)
def test_a_code_or_part_of_it(typed: str, hint: CodeHint | None) -> None:
    assert code_hint(typed) == hint


def test_full_code_spells_a_whole_code_or_keeps_what_was_typed() -> None:
    assert full_code("2026-7") == "JQ-2026-00007" and full_code(" jq-2026-00007") == "JQ-2026-00007"
    assert full_code("jq-2026-x") == "JQ-2026-X"


@given(st.text())
def test_quick_fold_agrees_with_fold(text: str) -> None:
    assert quick_fold(text) == fold(text)


LATIN = st.characters(min_codepoint=0, max_codepoint=0x24F) | st.characters(min_codepoint=0x300, max_codepoint=0x36F)


@given(st.text(LATIN | st.characters(min_codepoint=0x2000, max_codepoint=0x206F)))
def test_quick_fold_agrees_with_fold_on_the_latin_blocks(text: str) -> None:
    assert quick_fold(text) == fold(text)


def test_quick_fold_of_spanish_text() -> None:
    assert quick_fold("¿Medellín? ÑANDÚ · Ürgüç — Straße") == "¿medellin? nandu · urguc — strasse"
