"""NIT check digits (DIAN): weights 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71 from the
right, sum mod 11 = r, digit = r if r < 2 else 11 - r. Examples worked out by hand:

- 800197268 (DIAN): 8*3 + 6*7 + 2*13 + 7*17 + 9*19 + 1*23 + 0 + 0 + 8*41 = 733; 733 % 11 = 7 -> 4
- 860034313: 3*3 + 1*7 + 3*13 + 4*17 + 3*19 + 0 + 0 + 6*37 + 8*41 = 730; 730 % 11 = 4 -> 7
- 900000009: 9*3 + 9*41 = 396 = 36*11, r = 0 -> 0
- 900000002: 2*3 + 9*41 = 375 = 34*11 + 1, r = 1 -> 1
- 4: 4*3 = 12, r = 1 -> 1
"""

from __future__ import annotations

import pytest

from jq_console.domain.nit import NitError, check_digit, format_nit, normalize_nit
from jq_console.i18n import error_text


@pytest.mark.parametrize(
    "number, digit",
    [
        ("800197268", 4),
        ("860034313", 7),
        ("900000009", 0),
        ("900000002", 1),
        ("4", 1),
    ],
)
def test_check_digit(number: str, digit: int) -> None:
    assert check_digit(number) == digit


@pytest.mark.parametrize("number", ["", "12a", "-1", "1234567890123456", " 800"])
def test_check_digit_rejects_bad_numbers(number: str) -> None:
    with pytest.raises(NitError):
        check_digit(number)


@pytest.mark.parametrize("text", ["800197268-4", "800.197.268-4", " 800 197 268-4 ", "8001972684"])
def test_normalize_accepts_usual_spellings(text: str) -> None:
    assert normalize_nit(text) == "800197268-4"


@pytest.mark.parametrize("text", ["800197268-5", "8001972685", "800197268-", "800197268-44", "abc-4", "", "-4"])
def test_normalize_rejects_wrong_or_malformed(text: str) -> None:
    with pytest.raises(NitError):
        normalize_nit(text)


def test_wrong_digit_message_names_the_right_one() -> None:
    with pytest.raises(NitError) as caught:
        normalize_nit("860034313-2")
    assert error_text(caught.value) == "el dígito de verificación de 860034313 es 7, no 2"


def test_format_groups_thousands_with_dots() -> None:
    assert format_nit("800197268-4") == "800.197.268-4"
    assert format_nit("900000009-0") == "900.000.009-0"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("８００１９７２６８-４", id="fullwidth"),  # returned as-is, full-width
        pytest.param("80019726²-4", id="superscript"),  # int('²') -> bare ValueError
    ],
)
def test_only_ascii_digits_are_a_nit(text: str) -> None:
    with pytest.raises(NitError):
        normalize_nit(text)
