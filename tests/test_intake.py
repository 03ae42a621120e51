"""Web-form intake: one object or JSON lines; bad submissions are reported and skipped, the
rest go in; the same submission never makes a second case."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from office_support import env, make_office, run

from jq_console.bootstrap import DEFAULT_POLICY, load_runtime
from jq_console.domain.intake import SubmissionError, parse_submission
from jq_console.store import directory
from jq_console.store.engine import make_engine

BOGOTA = ZoneInfo("America/Bogota")
NOW = 1_796_742_000.0  # Tue 2026-12-08 10:00 -05:00: 19 hours after the submissions below were sent
LIMITS = load_runtime(str(DEFAULT_POLICY)).policy.limits


def submission(**changes: object) -> dict[str, object]:
    item: dict[str, object] = {
        "submission_id": "WEB-1",
        "nit": "900123456-8",
        "reporter_email": "ana@cliente.com.co",
        "reporter_phone": "300 123 4567",
        "severity": "S2",
        "category": "fault",
        "title": "No factura",
        "description": "El módulo de facturación no abre",
        "submitted_at": "2026-12-07T15:00:00-05:00",
    }
    item.update(changes)
    return {key: value for key, value in item.items() if value is not None}


def test_a_good_submission_is_normalised() -> None:
    parsed = parse_submission(
        submission(
            nit="900.123.456-8", reporter_email=" Ana@Cliente.com.co", severity="s2", submitted_at="2026-12-07T15:00"
        ),
        BOGOTA,
        NOW,
        LIMITS,
    )
    assert (parsed.nit, parsed.reporter_email, parsed.reporter_phone, parsed.severity) == (
        "900123456-8",
        "ana@cliente.com.co",
        "3001234567",
        "S2",
    )
    assert parsed.submitted_at == 1_796_673_600.0  # 2026-12-07 15:00 -05:00


def test_a_clock_slightly_ahead_opens_the_case_now() -> None:
    ahead = parse_submission(submission(submitted_at="2026-12-08T10:09:30-05:00"), BOGOTA, NOW, LIMITS)
    assert (
        ahead.submitted_at == NOW
    )  # 9.5 min after NOW, within the 10 min tolerance: the web server's clock runs ahead


def test_the_send_time_bounds_come_from_the_policy() -> None:
    """72 hours back and 10 minutes ahead by default; a policy's own figures move both edges."""
    policy = load_runtime(str(DEFAULT_POLICY)).policy
    assert (policy.bounds.max_backdate_hours, policy.bounds.clock_tolerance_minutes) == (72, 10)
    oldest = NOW - 72 * 3600
    assert (
        parse_submission(submission(submitted_at="2026-12-05T10:00-05:00"), BOGOTA, NOW, LIMITS).submitted_at == oldest
    )
    with pytest.raises(SubmissionError) as caught:
        parse_submission(submission(submitted_at="2026-12-05T09:59-05:00"), BOGOTA, NOW, LIMITS)
    assert caught.value.code == "intake.too_old" and caught.value.params["hours"] == 72
    with pytest.raises(SubmissionError) as ahead:
        parse_submission(submission(submitted_at="2026-12-08T10:10:01-05:00"), BOGOTA, NOW, LIMITS)
    assert ahead.value.code == "intake.beyond_tolerance"
    strict = replace(policy.bounds, max_backdate_hours=24, clock_tolerance_minutes=0)
    with pytest.raises(SubmissionError):
        parse_submission(submission(), BOGOTA, NOW + 6 * 3600, LIMITS, strict)  # 25 h old
    with pytest.raises(SubmissionError):
        parse_submission(submission(submitted_at="2026-12-08T10:00:01-05:00"), BOGOTA, NOW, LIMITS, strict)


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ([1, 2], "intake.not_object"),
        (submission(title=None, submitted_at=None), "intake.missing"),
        (submission(severity="S9"), "intake.bad_severity"),
        (submission(category="hardware"), "intake.bad_category"),
        (submission(nit="900123456-1"), "intake.bad_value"),
        (submission(reporter_email="sin-arroba"), "intake.bad_value"),
        (submission(reporter_phone="12"), "intake.bad_value"),
        (submission(submitted_at="ayer"), "intake.bad_value"),
        (submission(submitted_at="2027-06-01T10:00-05:00"), "intake.beyond_tolerance"),
        (submission(submitted_at="1901-01-01T10:00-05:00"), "intake.too_old"),
        (submission(submitted_at="2016-12-07T10:00-05:00"), "intake.too_old"),
        (submission(title=7), "intake.not_text"),
    ],
)
def test_bad_submissions_say_why(item: object, code: str) -> None:
    with pytest.raises(SubmissionError) as caught:
        parse_submission(item, BOGOTA, NOW, LIMITS)
    assert caught.value.code == code


@pytest.fixture
def office(tmp_path: Path) -> Path:
    db = tmp_path / "office.sqlite"
    make_office(db)
    engine = make_engine(str(db))
    client = directory.client_by_nit(engine, "900123456-8")
    assert client is not None
    directory.add_contact(engine, client.id, "Gloria Gerente", "manager", "3109998877", "gloria@cliente.com.co")
    directory.add_client(engine, "800197268-4", "Contratos Ltda.", "contractual", None)
    engine.dispose()
    return db


CLOCK = "2026-12-10T10:00"  # the import runs after the form was sent


def intake(*args: str, **options: str | None) -> subprocess.CompletedProcess[str]:
    return run("intake", *args, "--now", CLOCK, **options)


def _lines(*items: object) -> str:
    return "\n".join(item if isinstance(item, str) else json.dumps(item) for item in items) + "\n"


def _cases(db: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db)
    return connection.execute(
        "SELECT submission_id, channel, verification, reporter_id IS NOT NULL, opened_at, "
        'severity FROM "case" WHERE submission_id IS NOT NULL ORDER BY submission_id'
    ).fetchall()


def test_a_stream_with_bad_lines_imports_the_good_ones(office: Path, tmp_path: Path) -> None:
    stream = tmp_path / "form.jsonl"
    stream.write_text(
        _lines(
            submission(submission_id="WEB-1"),  # the USR by e-mail
            submission(submission_id="WEB-2", reporter_email="otra@cliente.com.co", reporter_phone="310 999 8877"),
            "{no es json",
            submission(submission_id="WEB-3", nit="860002964-4"),  # valid NIT, no such client
            submission(submission_id="WEB-4", description=None),
            submission(submission_id="WEB-5", reporter_email="desconocido@gmail.com", reporter_phone=None),
            submission(submission_id="WEB-6", nit="800197268-4", severity="S2"),  # contractual, not allowed
            submission(submission_id="WEB-1"),  # the same submission again, in the same file
        ),
        encoding="utf-8",
    )
    result = intake(str(stream), "--db", str(office))
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert errors[0].startswith("jq-console: línea 3: JSON inválido")
    assert errors[1] == "jq-console: línea 4: no hay un cliente con NIT 860002964-4; envío omitido"
    assert errors[2] == "jq-console: línea 5: faltan campos obligatorios: description; envío omitido"
    assert errors[3].startswith("jq-console: línea 7: Un cliente contractual solo puede abrir casos S3")
    assert len(errors) == 4
    assert result.stdout.splitlines()[-1] == "importación: 3 casos creados, 1 repetidos, 4 rechazados"
    opened = 1_796_673_600.0
    assert _cases(office) == [
        ("WEB-1", "form", "valid", 1, opened, "S2"),
        ("WEB-2", "form", "temporary", 1, opened, "S2"),  # the manager, by phone
        ("WEB-5", "form", "pending", 0, opened, "S2"),
    ]


def test_reimporting_never_creates_a_second_case(office: Path, tmp_path: Path) -> None:
    stream = tmp_path / "form.jsonl"
    stream.write_text(_lines(submission(submission_id="A"), submission(submission_id="B")), encoding="utf-8")
    assert intake(str(stream), "--db", str(office)).returncode == 0
    again = intake("-", "--db", str(office), stdin=stream.read_text(encoding="utf-8"))
    assert again.returncode == 0
    assert "0 casos creados, 2 repetidos, 0 rechazados" in again.stdout
    assert [row[0] for row in _cases(office)] == ["A", "B"]


def test_two_imports_of_one_file_at_once_create_each_case_once(office: Path, tmp_path: Path) -> None:
    stream = tmp_path / "form.jsonl"
    stream.write_text(_lines(*(submission(submission_id=f"S-{n:02d}") for n in range(30))), encoding="utf-8")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "jq_console", "intake", str(stream), "--db", str(office), "--now", CLOCK],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        for _ in range(2)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    assert len(_cases(office)) == 30


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"], ids=["plain", "byte-order-mark"])
def test_one_pretty_printed_object(office: Path, tmp_path: Path, encoding: str) -> None:
    """Some editors start a UTF-8 file with a byte-order mark: the object is still one object."""
    form = tmp_path / "one.json"
    form.write_text(json.dumps(submission(submission_id="P-1"), indent=2), encoding=encoding)
    result = intake(str(form), "--db", str(office))
    assert result.returncode == 0, result.stderr
    assert "1 casos creados" in result.stdout
    connection = sqlite3.connect(office)
    after = connection.execute(
        'SELECT e.after FROM case_event e JOIN "case" c ON c.id = e.case_id '
        "WHERE c.submission_id = 'P-1' AND e.kind = 'open'"
    ).fetchone()[0]
    assert json.loads(after)["reporter_email"] == "ana@cliente.com.co"


def test_intake_needs_a_registered_login_and_a_readable_file(office: Path, tmp_path: Path) -> None:
    stream = tmp_path / "form.jsonl"
    stream.write_text(_lines(submission()), encoding="utf-8")
    refused = intake(str(stream), "--db", str(office), login="web")
    assert refused.returncode != 0 and "web no está registrado" in refused.stderr
    missing = intake(str(tmp_path / "nada.jsonl"), "--db", str(office))
    assert missing.returncode != 0 and "No existe el archivo" in missing.stderr
    assert _cases(office) == []


def test_old_and_future_lines_are_skipped_with_one_sentence_each(office: Path, tmp_path: Path) -> None:
    """Bounds refuse the line, the rest of the file goes in (like any other bad line)."""
    stream = tmp_path / "form.jsonl"
    stream.write_text(
        _lines(
            submission(submission_id="OLD", submitted_at="2016-12-07T10:00-05:00"),
            submission(submission_id="OK"),
            submission(submission_id="AHEAD", submitted_at="2026-12-10T10:30-05:00"),  # 30 min after CLOCK
        ),
        encoding="utf-8",
    )
    result = intake(str(stream), "--db", str(office))
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("jq-console: línea 1: la fecha de envío 2016-12-07T10:00-05:00 tiene más de 72 horas")
    assert errors[1].startswith("jq-console: línea 3: la fecha de envío 2026-12-10T10:30-05:00 es posterior a ahora")
    assert all(line.endswith("envío omitido") for line in errors)
    assert [row[0] for row in _cases(office)] == ["OK"]


def test_every_case_of_a_client_behind_on_payments_says_so(office: Path, tmp_path: Path) -> None:
    engine = make_engine(str(office))
    client = directory.client_by_nit(engine, "900123456-8")
    assert client is not None
    directory.update_client(engine, "900123456-8", up_to_date=False)
    engine.dispose()
    stream = tmp_path / "form.jsonl"
    stream.write_text(_lines(submission(submission_id="D-1"), submission(submission_id="D-2")), encoding="utf-8")
    result = intake(str(stream), "--db", str(office))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    created = [n for n, line in enumerate(lines) if " creado " in line]
    assert len(created) == 2
    for n in created:
        code = lines[n].split()[0]
        assert lines[n + 1] == f"  {code}: atención, el cliente no está al día en sus pagos; puede invalidar el caso."
