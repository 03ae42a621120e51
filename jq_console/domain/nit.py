"""Colombian NIT (tax id) with its DIAN check digit."""

from __future__ import annotations

from jq_console.domain.coded import CodedError

_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


class NitError(CodedError, ValueError):
    """An invalid NIT; `code` and `params` name the sentence for the edge to show in the user's language."""


def _ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts '²' and full-width digits, which int() rejects or stores twice.
    return text.isascii() and text.isdigit()


def check_digit(number: str) -> int:
    if not _ascii_digits(number) or not 1 <= len(number) <= len(_WEIGHTS):
        raise NitError("err.nit.length", number=number)
    total = sum(int(digit) * weight for digit, weight in zip(reversed(number), _WEIGHTS))
    remainder = total % 11
    return remainder if remainder < 2 else 11 - remainder


def normalize_nit(text: str) -> str:
    """'900.123.456-8' or '9001234568' style input -> '900123456-8'; raises NitError if invalid."""
    cleaned = text.strip().replace(".", "").replace(" ", "")
    if "-" in cleaned:
        number, _, digit = cleaned.partition("-")
    else:
        number, digit = cleaned[:-1], cleaned[-1:]
    if not _ascii_digits(number) or not _ascii_digits(digit) or len(digit) != 1:
        raise NitError("err.nit.format", text=text)
    expected = check_digit(number)
    if int(digit) != expected:
        raise NitError("err.nit.check_digit", number=number, expected=expected, digit=digit)
    return f"{number}-{digit}"


def format_nit(nit: str) -> str:
    number, _, digit = nit.partition("-")
    groups = f"{int(number):,}".replace(",", ".")
    return f"{groups}-{digit}"
