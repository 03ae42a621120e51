"""Errors from bad input, NITs and the database speak the interface language (--lang en)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

import pytest

from jq_console.cli import main
from jq_console.domain.coded import CodedError
from jq_console.domain.moments import parse_moment
from jq_console.domain.nit import check_digit, normalize_nit
from jq_console.domain.parsing import normalize_email, normalize_phone, parse_duration, parse_instant
from jq_console.domain.quotes import parse_estimate
from jq_console.i18n import error_text, set_language
from jq_console.store.errors import StoreError


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
    assert "fecha inválida 'ayer': use AAAA-MM-DDTHH:MM o solo AAAA-MM-DD" in err


def test_a_missing_database_is_told_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.sqlite"
    code, err = _stderr(["--lang", "en", "cases", "--db", str(missing)], capsys)
    assert code == 2
    assert f"the database {missing} does not exist; create it with 'jq-console init'" in err
    assert not missing.exists()


def test_a_missing_database_is_told_in_spanish_by_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.sqlite"
    code, err = _stderr(["cases", "--db", str(missing)], capsys)
    assert code == 2
    assert f"no existe la base de datos {missing}; créela con 'jq-console init'" in err


def test_a_store_error_is_rendered_in_the_language_of_the_moment() -> None:
    busy = StoreError("err.store.busy")
    assert str(busy) == "err.store.busy"  # only the code: the sentence is chosen when it is shown
    set_language("en")
    assert error_text(busy) == "the database is busy; try again in a few seconds"
    set_language("es")
    assert error_text(busy) == "la base de datos está ocupada; intente de nuevo en unos segundos"


BAD_INPUT: list[Callable[[], object]] = [
    lambda: parse_duration("mucho"),
    lambda: parse_duration("25h"),
    lambda: parse_instant("ayer", UTC),
    lambda: parse_instant("1800-01-01T00:00", UTC),
    lambda: normalize_phone("321-abc"),
    lambda: normalize_phone("12345"),
    lambda: normalize_email("nadie"),
    lambda: parse_moment("  ", UTC, parse_instant("2026-12-07T10:00", UTC)),
    lambda: parse_estimate("mucho"),
    lambda: parse_estimate("0"),
    lambda: check_digit("12a"),
    lambda: normalize_nit("90012x456-8"),
    lambda: normalize_nit("900123456-1"),
]


@pytest.mark.parametrize("attempt", BAD_INPUT)
def test_domain_errors_carry_only_a_code_told_in_each_language(attempt: Callable[[], object]) -> None:
    with pytest.raises(CodedError) as caught:
        attempt()
    error = caught.value
    assert error.code.startswith("err.") and str(error) == error.code  # no sentence in the domain
    spanish = error_text(error)
    set_language("en")
    english = error_text(error)
    assert error.code not in spanish and error.code not in english and english != spanish


def test_a_bad_policy_file_is_told_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from jq_console.bootstrap import DEFAULT_POLICY

    text = DEFAULT_POLICY.read_text(encoding="utf-8").replace("at_risk_fraction = 0.25", "at_risk_fraction = 7")
    assert "at_risk_fraction = 7" in text
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    argv = ["deadlines", "--severity", "S2", "--opened", "2026-12-07T10:00", "--policy", str(policy)]
    code, err = _stderr(["--lang", "en", *argv], capsys)
    assert code == 2 and f"{policy}: key sla_display.at_risk_fraction: must be between 0 and 1" in err
    code, err = _stderr(argv, capsys)
    assert code == 2 and f"{policy}: clave sla_display.at_risk_fraction: debe estar entre 0 y 1" in err


def test_an_intake_line_with_a_bad_nit_is_told_in_english(tmp_path: Path) -> None:
    import json

    from office_support import make_office, run

    db = tmp_path / "office.sqlite"
    make_office(db)
    line = json.dumps(
        {
            "submission_id": "f-1",
            "nit": "900123456-1",
            "reporter_email": "ana@cliente.com.co",
            "severity": "S2",
            "category": "fault",
            "title": "No factura",
            "description": "Desde ayer",
            "submitted_at": "2026-12-07T09:00",
        }
    )
    try:
        english = run("--lang", "en", "intake", "-", "--db", str(db), stdin=line + "\n")
    finally:
        set_language("es")
    spanish = run("intake", "-", "--db", str(db), stdin=line + "\n")
    assert english.returncode == spanish.returncode == 1
    assert "the check digit of 900123456 is 8, not 1" in english.stderr
    assert "el dígito de verificación de 900123456 es 8, no 1" in spanish.stderr
