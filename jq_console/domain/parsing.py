"""Parsers for what people type: instants, durations, phone numbers. Each raises `InputError`
with a sentence saying what is expected."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from jq_console.domain.coded import CodedError


class InputError(CodedError, ValueError):
    """Bad input (a `ValueError` too: a typed value that cannot be used); `code` and `params` name
    the sentence for the edge to show in the user's language."""


_DURATION = re.compile(r"^(?:(?P<h>[0-9]+)h)?\s*(?:(?P<m>[0-9]+)m(?:in)?)?$")
_CLOCK = re.compile(r"^(?P<h>[0-9]+):(?P<m>[0-5][0-9])$")
MAX_DURATION_MINUTES = 24 * 60
# No duration of a day is written with more characters ("1440", "23h59m", with room for leading
# zeros); Python refuses to read an integer of more than 4,300 digits, so a longer text is out of
# range before it is read, and named by its start.
LONGEST_DURATION_TEXT = 12


def parse_duration(text: str) -> int:
    """'45m', '1h', '1h30m', '1:30' or a bare number of minutes -> minutes (1 to 24 h)."""
    cleaned = text.strip().lower().replace(" ", "")
    if len(cleaned) > LONGEST_DURATION_TEXT:
        raise InputError("err.input.duration_range", text=cleaned[:LONGEST_DURATION_TEXT] + "…")
    minutes: int | None = None
    if cleaned.isascii() and cleaned.isdigit():
        minutes = int(cleaned)
    elif (match := _CLOCK.match(cleaned)) is not None:
        minutes = int(match["h"]) * 60 + int(match["m"])
    elif cleaned and (match := _DURATION.match(cleaned)) is not None and (match["h"] or match["m"]):
        minutes = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes is None:
        raise InputError("err.input.duration", text=text)
    if not 0 < minutes <= MAX_DURATION_MINUTES:
        raise InputError("err.input.duration_range", text=text)
    return minutes


def parse_instant(text: str, tz: tzinfo) -> datetime:
    """ISO 8601 date-time; without an offset it is read as local time in `tz`."""
    cleaned = text.strip()
    try:
        value = datetime.fromisoformat(cleaned.replace("Z", "+00:00") if cleaned.endswith("Z") else cleaned)
    except ValueError:
        raise InputError("err.input.instant", text=text) from None
    if not 1900 < value.year < 2200:
        raise InputError("err.input.instant_range", text=text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz)


_PHONE_DIGITS = re.compile(r"[0-9]")


def normalize_phone(text: str) -> str:
    """Colombian phone: 10-digit mobile/landline, optional +57; returned as digits only."""
    digits = "".join(_PHONE_DIGITS.findall(text))
    if re.search(r"[^0-9\s+()\-.]", text):
        raise InputError("err.input.phone_chars", text=text)
    if digits.startswith("57") and len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10:
        raise InputError("err.input.phone_length", text=text)
    return digits


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(text: str) -> str:
    cleaned = text.strip().lower()
    if not _EMAIL.match(cleaned):
        raise InputError("err.input.email", text=text)
    return cleaned
