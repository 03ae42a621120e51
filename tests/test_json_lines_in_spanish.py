"""A line of JSON that cannot be read is told in the user's language, with where it goes wrong
and what to check: it said "JSON inválido (Expecting ',' delimiter: line 1 column 9 (char 8))",
Python's own English words inside a Spanish sentence. Intake and `deadlines --batch` alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from jq_console.bootstrap import DEFAULT_POLICY, load_runtime
from jq_console.domain.intake import SubmissionError, decode_line
from jq_console.i18n import error_text, set_language

LIMITS = load_runtime(str(DEFAULT_POLICY)).policy.limits
BAD = {
    '{"a": 1 "b": 2}': "9",  # the character where the reader stopped, counted from 1
    "{no es json": "2",
    '{"a": ': "7",
}


@pytest.mark.parametrize("line", BAD)
def test_a_line_that_is_not_json_names_where_in_spanish_and_english(line: str) -> None:
    with pytest.raises(SubmissionError) as refused:
        decode_line(line, LIMITS)
    try:
        set_language("es")
        spanish = error_text(refused.value)
        set_language("en")
        english = error_text(refused.value)
    finally:
        set_language("es")
    assert f"carácter {BAD[line]}" in spanish and "comillas" in spanish
    assert f"character {BAD[line]}" in english
    for python_word in ("Expecting", "delimiter", "char ", "property name"):
        assert python_word not in spanish + english


def test_a_number_too_long_to_read_is_told_as_such() -> None:
    with pytest.raises(SubmissionError) as refused:
        decode_line('{"n": ' + "9" * 5000 + "}", LIMITS)
    assert refused.value.code == "intake.number_too_long"


def test_deadlines_batch_tells_a_bad_line_the_same_way(tmp_path: Path) -> None:
    from office_support import run

    lines = tmp_path / "starts.jsonl"
    lines.write_text('{"severity": "S3" "opened": "2026-12-07T09:00"}\n', encoding="utf-8")
    done = run("deadlines", "--batch", str(lines))
    assert done.returncode == 1
    assert "carácter 19" in done.stderr and "Expecting" not in done.stderr, done.stderr
