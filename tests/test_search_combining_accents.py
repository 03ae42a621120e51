"""Search finds a word whatever Unicode form it was typed in: `Medellín` can arrive composed (one
code point for `í`) or decomposed (`i` followed by a combining acute accent, as some keyboards,
macOS file names and web forms send it). Either form in the case must be found by the other form,
or by the bare word, on both engines."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy.engine import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.bootstrap import Runtime
from jq_console.domain.search import fold, haystack, matches
from jq_console.store import cases as case_store
from jq_console.store.finder import find_cases

COMPOSED = unicodedata.normalize("NFC", "Sede Medellín, Ñuñoa")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_the_two_forms_differ_yet_fold_alike() -> None:
    assert COMPOSED != DECOMPOSED and "\u0301" in DECOMPOSED
    assert fold(COMPOSED) == fold(DECOMPOSED) == "sede medellin, nunoa"


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        (DECOMPOSED, "medellin"),
        (DECOMPOSED, unicodedata.normalize("NFC", "MEDELLÍN")),
        (DECOMPOSED, unicodedata.normalize("NFD", "medellín ñuñoa")),
        (COMPOSED, unicodedata.normalize("NFD", "Medellín")),
        (COMPOSED, unicodedata.normalize("NFD", "ÑUÑOA")),
    ],
    ids=["bare", "composed", "decomposed", "composed-by-decomposed", "n-tilde"],
)
def test_either_form_is_found_by_the_other(store: Engine, runtime: Runtime, stored: str, query: str) -> None:
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id, title=stored)
    register_case(store, runtime, client_id, contact_id, title="Sede Bogotá")
    found = [case.code for case in find_cases(store, query).cases]
    assert found == [code]
    case = case_store.get_case(store, code)
    assert case is not None and matches(query, haystack(case))  # the queue's own filter agrees


def test_a_mark_does_not_make_a_different_word_match(store: Engine, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    register_case(store, runtime, client_id, contact_id, title=DECOMPOSED)
    assert find_cases(store, "medellon").cases == []
