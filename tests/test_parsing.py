"""Parsers of what people type (parsing.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import BOGOTA, bogota

from jq_console.domain.parsing import InputError, normalize_email, normalize_phone, parse_duration, parse_instant


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("45m", 45),
        ("45min", 45),
        ("1h", 60),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1:30", 90),
        ("0:05", 5),
        ("90", 90),
        (" 2H ", 120),
        ("24h", 1440),
        ("1", 1),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "h",
        "m",
        "1.5h",
        "-5m",
        "1h30",
        "1:75",
        "1:5",
        "0",
        "0m",
        "0:00",
        "24h1m",
        "25h",
        "1441",
        "30s",
        "m30",
    ],
)
def test_bad_durations(text: str) -> None:
    with pytest.raises(InputError):
        parse_duration(text)


def test_superscript_digit_is_a_bad_duration() -> None:
    with pytest.raises(InputError):
        parse_duration("²")


@pytest.mark.parametrize("text", ["9" * 5000, "9" * 5000 + "h", "1:" + "0" * 5000, "0" * 60 + "1h"])
def test_a_duration_of_thousands_of_digits_is_out_of_range_not_a_crash(text: str) -> None:
    """Python refuses to read an integer of more than 4,300 digits: `log CODE 999…` exited 70."""
    with pytest.raises(InputError) as refused:
        parse_duration(text)
    assert refused.value.code == "err.input.duration_range"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-07T15:00", "2026-12-07T15:00-05:00"),  # no offset: local time in Bogota
        ("2026-12-07 15:00", "2026-12-07T15:00-05:00"),
        ("2026-12-07T15:00:00-05:00", "2026-12-07T15:00-05:00"),
        ("2026-12-07T20:00Z", "2026-12-07T15:00-05:00"),
        ("2026-12-07T10:00+00:00", "2026-12-07T05:00-05:00"),
        ("2026-12-07T15:00+01:00", "2026-12-07T09:00-05:00"),
    ],
)
def test_instants(text: str, expected: str) -> None:
    value = parse_instant(text, BOGOTA)
    assert value == bogota(expected)
    assert value.utcoffset() == timedelta(hours=-5)  # always returned in the given zone


def test_instant_without_offset_uses_the_given_zone() -> None:
    assert parse_instant("2026-12-07T15:00", UTC) == datetime(2026, 12, 7, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["", "mañana", "2026-13-01T00:00", "2026-12-07T25:00", "07/12/2026 15:00", "1899-12-31T00:00", "2200-01-01T00:00"],
)
def test_bad_instants(text: str) -> None:
    with pytest.raises(InputError):
        parse_instant(text, BOGOTA)


@pytest.mark.parametrize(
    "text, digits",
    [
        ("321 666 4301", "3216664301"),
        ("310-614-9927", "3106149927"),
        ("+57 321 666 4301", "3216664301"),
        ("57 3216664301", "3216664301"),
        ("(601) 234 5678", "6012345678"),
        ("321.666.4301", "3216664301"),
    ],
)
def test_phones(text: str, digits: str) -> None:
    assert normalize_phone(text) == digits


@pytest.mark.parametrize(
    "text", ["", "321 666 430", "321 666 43011", "321-666-4301 ext 2", "tel 3216664301", "+1 321 666 4301"]
)
def test_bad_phones(text: str) -> None:
    with pytest.raises(InputError):
        normalize_phone(text)


@pytest.mark.parametrize(
    "text, email",
    [
        ("usr@empresa.com.co", "usr@empresa.com.co"),
        (" USR@Empresa.COM.co ", "usr@empresa.com.co"),
        ("ana.perez+soporte@jq.co", "ana.perez+soporte@jq.co"),
    ],
)
def test_emails(text: str, email: str) -> None:
    assert normalize_email(text) == email


@pytest.mark.parametrize(
    "text", ["", "usr", "usr@empresa", "@empresa.co", "usr@@empresa.co", "a b@empresa.co", "usr@empresa.co@x.co"]
)
def test_bad_emails(text: str) -> None:
    with pytest.raises(InputError):
        normalize_email(text)
