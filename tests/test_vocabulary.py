"""The policy's vocabularies are types (domain/vocabulary.py): a typo is refused, never defaulted."""

from __future__ import annotations

from typing import Any, cast

import pytest

from jq_console.domain import cases, policy
from jq_console.domain.sla import SlaEngine
from jq_console.domain.vocabulary import CLOCK_KINDS, SEVERITIES, STATUSES, UnknownTerm, narrow
from jq_console.i18n import error_text, set_language


def test_the_tuples_the_code_iterates_are_the_types() -> None:
    assert SEVERITIES == ("S1", "S2", "S3") and policy.SEVERITIES is SEVERITIES
    assert cases.STATUSES is STATUSES and set(cases.OPEN_STATUSES) < set(STATUSES)
    assert CLOCK_KINDS == ("assignment", "resolution")


def test_a_clock_kind_typo_is_an_error_not_the_resolution_target(engine: SlaEngine) -> None:
    assert engine.target("S2", "assignment") != engine.target("S2", "resolution")
    with pytest.raises(ValueError, match="resolucion"):
        engine.target("S2", cast(Any, "resolucion"))


def test_narrow_accepts_the_vocabulary_and_refuses_anything_else() -> None:
    assert narrow("S3", SEVERITIES, "severity") == "S3"
    with pytest.raises(UnknownTerm) as refused:
        narrow("s3", SEVERITIES, "severity")
    assert refused.value.code == "vocabulary.unknown"
    try:
        set_language("en")
        assert error_text(refused.value) == "'s3' is not valid here: use one of S1, S2, S3."
    finally:
        set_language("es")
    assert error_text(refused.value) == "«s3» no es un valor válido aquí: use uno de S1, S2, S3."
