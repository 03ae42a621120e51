"""Reliability at the command line: random input to `deadlines --batch`, `intake` and a damaged
policy file gives one clear line per problem and a non-zero exit, never a traceback, and bad
input writes nothing (every table's row count is the same before and after)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from office_support import make_office, run
from sqlalchemy import func, select
from test_fuzz_parsers import BOGOTA, ISO_LIKE, LIMITS, NEAR, NOW, submissions

from jq_console.bootstrap import DEFAULT_POLICY
from jq_console.domain.intake import SubmissionError, parse_submission
from jq_console.store.engine import make_engine, read
from jq_console.store.tables import metadata

CLI_FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
LINE_BREAKS = str.maketrans("", "", "\r\n")
POLICY = ["--policy", str(DEFAULT_POLICY)]


def _no_traceback(result: Any) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for line in result.stderr.splitlines():
        assert line.startswith("jq-console: "), f"stderr line without the program's prefix: {line!r}"


# ---- deadlines --batch -------------------------------------------------------------------------

DEADLINE_ITEM = st.fixed_dictionaries(
    {},
    optional={
        "severity": st.one_of(st.sampled_from(["S1", "S2", "S3", "s2", "S4", ""]), st.integers(), st.none()),
        "opened": st.one_of(ISO_LIKE, NEAR, st.integers(), st.none()),
    },
)
BATCH_LINE = st.one_of(
    DEADLINE_ITEM.map(json.dumps),
    st.text(max_size=40),
    st.sampled_from(["{", "[]", "null", '"S2"', '{"severity": "S2"}']),
)


@CLI_FUZZ
@given(st.lists(BATCH_LINE, min_size=1, max_size=8))
def test_deadlines_batch_answers_every_line_or_says_which_is_wrong(lines: list[str]) -> None:
    lines = [line.translate(LINE_BREAKS) for line in lines]
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "starts.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run("deadlines", "--batch", str(source), *POLICY)
    _no_traceback(result)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == sum(1 for line in lines if line.strip())
    bad = [answer for answer in answers if "error" in answer]
    assert all(set(answer) == {"assignment_due", "resolution_due"} for answer in answers if "error" not in answer)
    assert result.returncode == (1 if bad else 0)
    assert len(result.stderr.splitlines()) == len(bad)


# ---- a damaged policy file ---------------------------------------------------------------------

SHIPPED_TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")


@st.composite
def damaged_policy(draw: st.DrawFn) -> str:
    text = SHIPPED_TEXT
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 12)))
        text = (
            text[:start]
            + draw(
                st.one_of(
                    st.text(max_size=8),
                    st.sampled_from(['"Marte/Olimpo"', '"XX"', "99999999999999", "-1", "[]", "=", '"25:00-26:00"']),
                )
            )
            + text[end:]
        )
    return text


@CLI_FUZZ
@given(
    st.one_of(
        damaged_policy(),
        st.sampled_from(
            [
                SHIPPED_TEXT.replace('"America/Bogota"', '"Marte/Olimpo"'),
                SHIPPED_TEXT.replace('"America/Bogota"', '"../../etc/passwd"'),
                SHIPPED_TEXT.replace('holiday_country = "CO"', 'holiday_country = "XX"'),
                SHIPPED_TEXT.replace("amount = 60,", "amount = 99999999999999999,"),
            ]
        ),
    )
)
def test_damaged_policy_file_is_refused_with_one_line(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        policy = Path(directory) / "policy.toml"
        policy.write_text(text, encoding="utf-8")
        result = run("deadlines", "--severity", "S3", "--opened", "2026-12-07T19:30", "--json", "--policy", str(policy))
    _no_traceback(result)
    assert result.returncode in (0, 2)
    if result.returncode == 2:
        assert len(result.stderr.splitlines()) == 1
    else:
        assert set(json.loads(result.stdout)) == {"assignment_due", "resolution_due"}


# ---- web-form intake: bad submissions write nothing --------------------------------------------


@pytest.fixture(scope="session")
def office() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "office.sqlite"
        make_office(path, agents=2, cases=3)
        yield path


def _row_counts(path: Path) -> dict[str, int]:
    engine = make_engine(str(path), readonly=True)
    try:
        return read(
            engine,
            lambda c: {
                name: int(c.execute(select(func.count()).select_from(table)).scalar() or 0)
                for name, table in metadata.tables.items()
            },
        )
    finally:
        engine.dispose()


def _rejected(item: Any) -> bool:
    try:
        parse_submission(item, BOGOTA, NOW, LIMITS)
    except SubmissionError:
        return True
    return False


@CLI_FUZZ
@given(
    st.lists(
        st.one_of(
            submissions().filter(_rejected).map(lambda item: json.dumps(item)),
            st.text(max_size=30).filter(lambda text: not text.strip().startswith(("{", "["))),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_bad_intake_lines_are_reported_and_write_nothing(office: Path, lines: list[str]) -> None:
    lines = [line.translate(LINE_BREAKS) for line in lines if line.translate(LINE_BREAKS).strip()]
    assume(lines)
    before = _row_counts(office)
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "forms.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run("intake", str(source), "--db", str(office), *POLICY, "--now", "2026-12-07T10:00")
    _no_traceback(result)
    assert result.returncode == 1
    assert _row_counts(office) == before


def test_the_row_count_check_sees_a_real_import(office: Path) -> None:
    """The harness above would notice a write: a valid submission does add a case and its event."""
    from test_fuzz_parsers import VALID_SUBMISSION

    before = _row_counts(office)
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "forms.jsonl"
        source.write_text(json.dumps({**VALID_SUBMISSION, "submission_id": "sanity-1"}) + "\n", encoding="utf-8")
        result = run("intake", str(source), "--db", str(office), *POLICY, "--now", "2026-12-07T10:00")
    assert result.returncode == 0, result.stderr
    after = _row_counts(office)
    assert after["case"] == before["case"] + 1 and after["case_event"] > before["case_event"]
