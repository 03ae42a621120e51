"""Breaches are facts (docs/policy.md, "The record"): from the command line on a sandbox database,
with `--now` moving time, a breach survives an agreed deadline, an S3->S2 reclassification, a hold
and a reopening; each breach needs its own corrective action; the record cannot be rewritten; the
dashboard counts a breach in the month its deadline passed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from office_support import ADMIN, make_office, runtime
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application.reports import monthly_reports
from jq_console.bootstrap import DEFAULT_POLICY, load_runtime
from jq_console.cli import main
from jq_console.domain.cases import Refused
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.vocabulary import Severity
from jq_console.store.audit import audit
from jq_console.store.breaches import recorded_of
from jq_console.store.cases import NewCase, get_case, register
from jq_console.store.engine import make_engine, read
from jq_console.store.oversight import awaiting_action

TZ = ZoneInfo("America/Bogota")
Record = dict[str, Any]


def at(moment: str) -> float:
    return datetime.fromisoformat(moment).replace(tzinfo=TZ).timestamp()


def open_case(db: str, severity: Severity, opened: str) -> str:
    """A fault of the office's client, opened at `opened` (local time)."""
    engine = make_engine(db)
    rt = runtime()
    verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "form", severity, "fault"))
    new = NewCase(1, 1, "No factura", "", severity, "fault", "form", opened_at=at(opened))
    code = register(engine, rt, new, verdict, ADMIN).code
    engine.dispose()
    return code


@pytest.fixture
def db(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    make_office(store_url)
    monkeypatch.setenv("JQ_CONSOLE_AGENT", ADMIN)
    monkeypatch.delenv("SUDO_USER", raising=False)
    return store_url


def case(db: str, capsys: pytest.CaptureFixture[str], *args: str, now: str) -> Record:
    """`jq-console case ... --json` at `now`; the case after the move."""
    status = main(["case", *args, "--db", db, "--now", now, "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    result: Record = json.loads(captured.out)
    return result


def corrective(db: str, capsys: pytest.CaptureFixture[str], code: str, note: str, *extra: str, now: str) -> int:
    status = main(["corrective", code, note, *extra, "--db", db, "--now", now])
    capsys.readouterr()
    return status


def breaches(record: Record) -> list[tuple[str, int, str, bool]]:
    """(clock, occurrence, due, has its corrective action) of each breach shown."""
    return [
        (b["clock"], b["occurrence"], b["due"][:16], b["corrective_action"] is not None) for b in record["breaches"]
    ]


# An S2 fault opened Mon 2026-12-07 09:00: assignment due Fri 12-11 12:00 (24 regular hours; Tue
# 12-08 is a holiday), resolution due Wed 12-16 17:00 (49 regular hours).
S2_OPENED = "2026-12-07T09:00"
S2_RESOLUTION_DUE = "2026-12-16T17:00"


def test_a_breach_survives_an_agreed_deadline_and_the_next_one_needs_its_own_action(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = open_case(db, "S2", S2_OPENED)
    case(db, capsys, "take", code, now="2026-12-07T10:00")
    late = case(db, capsys, "show", code, now="2026-12-17T10:00")
    assert breaches(late) == [("resolution", 1, S2_RESOLUTION_DUE, False)]  # shown before anyone acted
    agreed = case(
        db, capsys, "agree", code, "--due", "2026-12-22T17:00", "--reason", "el cliente pidió más tiempo",
        now="2026-12-17T10:00",
    )  # fmt: skip
    assert agreed["clocks"]["resolution"]["state"] == "ok"  # the new deadline holds...
    assert breaches(agreed) == [("resolution", 1, S2_RESOLUTION_DUE, False)]  # ...and the breach stays
    # The agreed deadline passes too: a second breach of the same clock.
    again = case(db, capsys, "show", code, now="2026-12-23T10:00")
    assert breaches(again) == [
        ("resolution", 1, S2_RESOLUTION_DUE, False),
        ("resolution", 2, "2026-12-22T17:00", False),
    ]
    # One corrective action covers one breach: the oldest first, then the other, then nothing is left.
    assert corrective(db, capsys, code, "Revisar la carga del equipo", now="2026-12-23T10:00") == 0
    engine = make_engine(db)
    try:
        stored = get_case(engine, code)
        assert stored is not None
        now = at("2026-12-23T10:00")
        assert code in [c.code for c in read(engine, lambda c: awaiting_action(c, now))]  # #2 still waits
        assert corrective(db, capsys, code, "Acordar plazos realistas", now="2026-12-23T10:00") == 0
        assert code not in [c.code for c in read(engine, lambda c: awaiting_action(c, now))]
        assert corrective(db, capsys, code, "Otra", now="2026-12-23T10:00") != 0
        assert [(b.occurrence, b.action) for b in recorded_of(engine, stored.id)] == [
            (1, "Revisar la carga del equipo"),
            (2, "Acordar plazos realistas"),
        ]
    finally:
        engine.dispose()
    shown = case(db, capsys, "show", code, now="2026-12-23T10:00")
    assert [b["corrective_action"]["note"] for b in shown["breaches"]] == [
        "Revisar la carga del equipo",
        "Acordar plazos realistas",
    ]


def test_a_breached_s3_reclassified_to_s2_keeps_its_breach(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = open_case(db, "S3", "2026-12-07T09:00")  # assignment due 10:00 (60 urgency minutes)
    after = case(
        db, capsys, "reclassify", code, "--severity", "S2", "--kind", "misclassified", "--reason", "solo un usuario",
        now="2026-12-07T11:00",
    )  # fmt: skip
    assert after["severity"] == "S2"
    assert after["clocks"]["assignment"]["state"] == "ok"  # S2's 24 regular hours from the opening
    [breach] = after["breaches"]
    assert (breach["clock"], breach["severity"], breach["due"][:16]) == ("assignment", "S3", "2026-12-07T10:00")
    assert breach["recorded_at"] is not None  # recorded before the reclassification was applied
    assert breach["policy_version"] == 1  # the version the case was opened under, which measured it
    engine = make_engine(db)
    try:
        now = at("2026-12-07T11:00")
        assert code in [c.code for c in read(engine, lambda c: awaiting_action(c, now))]
    finally:
        engine.dispose()


def test_a_hold_keeps_the_breach_and_the_resumed_clock_stays_the_same_breach(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = open_case(db, "S2", S2_OPENED)
    case(db, capsys, "take", code, now="2026-12-07T10:00")
    held = case(db, capsys, "wait", code, "--reason", "esperando al cliente", now="2026-12-17T10:00")
    assert held["clocks"]["resolution"]["state"] == "paused"
    assert breaches(held) == [("resolution", 1, S2_RESOLUTION_DUE, False)]
    resumed = case(db, capsys, "resume", code, now="2026-12-28T10:00")
    assert resumed["clocks"]["resolution"]["state"] == "breached"  # the overrun is kept
    assert breaches(resumed) == [("resolution", 1, S2_RESOLUTION_DUE, False)]  # still the same breach


def test_reopening_resumes_the_time_left_and_keeps_an_earlier_breach(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    on_time = open_case(db, "S2", S2_OPENED)
    case(db, capsys, "take", on_time, now="2026-12-07T10:00")
    case(db, capsys, "resolve", on_time, "--note", "listo", now="2026-12-14T10:00")
    # 20 working hours were left (Mon 14 10-17: 6 h, Tue 7 h, Wed 7 h); a week resolved does not count.
    reopened = case(db, capsys, "reopen", on_time, "--reason", "volvió a fallar", now="2026-12-21T09:00")
    assert reopened["clocks"]["resolution"]["due"].startswith("2026-12-23T16:00")
    assert reopened["breaches"] == []
    late = open_case(db, "S2", S2_OPENED)
    case(db, capsys, "take", late, now="2026-12-07T10:00")
    case(db, capsys, "resolve", late, "--note", "listo", now="2026-12-17T10:00")
    again = case(db, capsys, "reopen", late, "--reason", "volvió a fallar", now="2026-12-21T09:00")
    assert again["clocks"]["resolution"]["state"] == "breached"
    assert breaches(again) == [("resolution", 1, S2_RESOLUTION_DUE, False)]


def test_the_breach_record_cannot_be_rewritten(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = open_case(db, "S2", S2_OPENED)
    case(db, capsys, "take", code, now="2026-12-11T13:00")  # taken after Fri 12:00: a breach, recorded
    assert corrective(db, capsys, code, "Se reforzó el turno", now="2026-12-11T14:00") == 0
    engine = make_engine(db)
    try:
        assert audit(engine).ok
        for statement in (
            "UPDATE breach SET due = due + 86400",
            "UPDATE breach SET corrective_note = 'otra cosa'",
            "DELETE FROM breach",
        ):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
        stored = get_case(engine, code)
        assert stored is not None
        [breach] = recorded_of(engine, stored.id)
        assert (breach.clock, breach.due, breach.action) == (
            "assignment",
            at("2026-12-11T12:00"),
            "Se reforzó el turno",
        )
    finally:
        engine.dispose()


def test_the_month_figures_count_a_breach_in_the_month_its_deadline_passed(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The monthly report (and the dashboard, which draws its figures) counts a breach where its deadline passed."""
    # Opened in November, its resolution deadline passes on Mon 2026-12-07 17:00: a December breach.
    code = open_case(db, "S2", "2026-11-27T09:00")
    case(db, capsys, "take", code, now="2026-11-27T10:00")
    # A deadline agreed afterwards (in January) neither moves nor erases December's breach; it is
    # broken in its turn, in January.
    case(db, capsys, "agree", code, "--due", "2027-01-04T17:00", "--reason", "vacaciones", now="2026-12-10T10:00")
    engine = make_engine(db)
    try:
        december, january = [("resolution", "S2")], [("resolution", "S2")]
        for month, expected in (("2026-11", []), ("2026-12", december), ("2027-01", january)):
            rt = load_runtime(str(DEFAULT_POLICY), clock=lambda: at("2027-01-05T10:00"))
            [report] = monthly_reports(engine, rt, [month], login=ADMIN)
            assert [(b.clock, b.severity) for b in report.breaches if b.code == code] == expected, month
        # Nobody acted on it: in January it still waits for its corrective action.
        now = at("2027-01-05T10:00")
        assert code in [c.code for c in read(engine, lambda c: awaiting_action(c, now))]
    finally:
        engine.dispose()


def test_a_move_on_the_copy_the_screen_saw_records_the_breach_in_its_own_transaction(db: str) -> None:
    """The console moves the case it shows (a compare-and-set on that copy): on PostgreSQL such a move
    is one statement unless the case's clocks show a breach, which is then recorded with it."""
    from jq_console.application import cases

    code = open_case(db, "S3", "2026-12-07T09:00")  # assignment due 10:00
    late = load_runtime(str(DEFAULT_POLICY), clock=lambda: at("2026-12-07T10:30"))
    engine = make_engine(db)
    try:
        seen = get_case(engine, code)
        assert seen is not None
        taken = cases.take(engine, late, ADMIN, seen)
        assert taken.assigned_at == at("2026-12-07T10:30")
        [breach] = recorded_of(engine, seen.id)
        assert (breach.clock, breach.occurrence, breach.due, breach.recorded_at) == (
            "assignment",
            1,
            at("2026-12-07T10:00"),
            at("2026-12-07T10:30"),
        )
        # A later move of a copy that no longer is the stored one records nothing and changes nothing.
        with pytest.raises(Refused):
            cases.start(engine, late, ADMIN, seen)
        assert len(recorded_of(engine, seen.id)) == 1
    finally:
        engine.dispose()


def test_the_explanation_of_a_reopened_case_counts_the_time_resolved_as_paused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from jq_console.presentation.deadline_text import explanation
    from jq_console.store.cases import history

    code = open_case(db, "S2", S2_OPENED)
    case(db, capsys, "take", code, now="2026-12-07T10:00")
    case(db, capsys, "resolve", code, "--note", "listo", now="2026-12-14T10:00")
    case(db, capsys, "reopen", code, "--reason", "volvió a fallar", now="2026-12-21T09:00")
    rt = load_runtime(str(DEFAULT_POLICY), clock=lambda: at("2026-12-21T10:00"))
    engine = make_engine(db)
    try:
        stored = get_case(engine, code)
        assert stored is not None
        text = explanation(rt, stored, history(engine, stored.id), rt.now()).plain
    finally:
        engine.dispose()
    resolution = text[text.index("Resolución") :]
    assert "Total contado: 49 h 00 min de 49 h 00 min del objetivo" in resolution  # a week resolved never counts
