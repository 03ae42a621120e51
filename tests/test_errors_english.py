"""Errors from bad input, NITs and the database speak the interface language (--lang en)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timezone
from pathlib import Path
from typing import Callable

import pytest

from jq_console.cli import main
from jq_console.domain.billing import parse_estimate
from jq_console.domain.coded import CodedError
from jq_console.domain.moments import parse_moment
from jq_console.domain.nit import check_digit, normalize_nit
from jq_console.domain.parsing import normalize_email, normalize_phone, parse_duration, parse_instant
from jq_console.i18n import error_text, set_language, t
from jq_console.store.engine import StoreError


@pytest.fixture(autouse=True)
def spanish_afterwards() -> Iterator[None]:
    yield
    set_language("es")


def _stderr(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def test_a_bad_instant_is_told_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _stderr(["--lang", "en", "deadlines", "--severity", "S2", "--opened", "ayer"], capsys)
    assert code == 2
    assert "invalid date 'ayer': use YYYY-MM-DDTHH:MM" in err
    assert "fecha" not in err


def test_a_bad_instant_is_told_in_spanish_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _stderr(["deadlines", "--severity", "S2", "--opened", "ayer"], capsys)
    assert code == 2
    assert "fecha inválida 'ayer': use AAAA-MM-DDTHH:MM" in err


def test_a_missing_database_is_told_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.sqlite"
    code, err = _stderr(["--lang", "en", "cases", "--db", str(missing)], capsys)
    assert code == 2
    assert f"the database {missing} does not exist; create it with 'jq-console init'" in err
    assert not missing.exists()


def test_a_missing_database_is_told_in_spanish_by_default(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.sqlite"
    code, err = _stderr(["cases", "--db", str(missing)], capsys)
    assert code == 2
    assert f"no existe la base de datos {missing}; créela con 'jq-console init'" in err


def test_a_store_error_is_rendered_in_the_language_of_the_moment() -> None:
    set_language("en")
    assert str(StoreError("err.store.busy")) == "the database is busy; try again in a few seconds"
    set_language("es")
    assert str(StoreError("err.store.busy")) == "la base de datos está ocupada; intente de nuevo en unos segundos"
    assert str(StoreError("una frase ya escrita")) == "una frase ya escrita"


BAD_INPUT: list[Callable[[], object]] = [
    lambda: parse_duration("mucho"),
    lambda: parse_duration("25h"),
    lambda: parse_instant("ayer", timezone.utc),
    lambda: parse_instant("1800-01-01T00:00", timezone.utc),
    lambda: normalize_phone("321-abc"),
    lambda: normalize_phone("12345"),
    lambda: normalize_email("nadie"),
    lambda: parse_moment("  ", timezone.utc, parse_instant("2026-12-07T10:00", timezone.utc)),
    lambda: parse_estimate("mucho"),
    lambda: parse_estimate("0"),
    lambda: check_digit("12a"),
    lambda: normalize_nit("90012x456-8"),
    lambda: normalize_nit("900123456-1"),
]


@pytest.mark.parametrize("attempt", BAD_INPUT)
def test_domain_errors_carry_a_code_whose_spanish_is_their_own_sentence(attempt: Callable[[], object]) -> None:
    with pytest.raises(CodedError) as caught:
        attempt()
    error = caught.value
    assert error.code is not None and error.code.startswith("err.")
    assert error_text(error) == str(error)  # the catalogue's Spanish is word for word the domain's
    set_language("en")
    english = error_text(error)
    assert english != str(error) and error.code not in english
