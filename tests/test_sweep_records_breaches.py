"""Breaches that happened before migration 0011 (which cannot know the calendars to record them)
become facts at the next `sweep`: each broken clock once, under the case's policy version, chained
like every recorded breach; a second sweep records nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from conftest import epoch
from sqlalchemy import Connection, func, select, text
from store_backends import postgres_url, store_url  # noqa: F401  (fixtures)

from jq_console.application.sweep import run_sweep
from jq_console.bootstrap import DEFAULT_POLICY, load_runtime
from jq_console.cli import main
from jq_console.store import migrations
from jq_console.store.audit import audit
from jq_console.store.engine import make_engine, read, write, write_schema
from jq_console.store.sandbox import mark_sandbox
from jq_console.store.schema import upgrade_schema
from jq_console.store.tables import BreachRow

SERVICE = "jqsvc"
MONDAY = "2026-12-07"


def _case(connection: Connection, number: int, **clocks: object) -> None:
    """A case row as revision 0010 stores it (no run numbers, no breach table yet)."""
    values: dict[str, object] = {
        "id": number,
        "code": f"JQ-2026-{number:05d}",
        "client_id": 1,
        "title": f"Caso {number}",
        "description": "",
        "severity": "S2",
        "category": "fault",
        "channel": "form",
        "scope": "in_scope",
        "justification": "",
        "service": "subscription",
        "status": "new",
        "verification": "verified",
        "opened_at": epoch(f"{MONDAY}T09:00"),
        "is_open": True,
        "version": 1,
        "policy_version": 1,
        "assigned_at": None,
        "resolved_at": None,
        "agent": None,
        **clocks,
    }
    names = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join(f":{name}" for name in values)
    connection.execute(text(f'INSERT INTO "case" ({names}) VALUES ({marks})'), values)


def _before_0011(connection: Connection) -> None:
    connection.execute(
        text(
            "INSERT INTO client (id, nit, name, service, uc, up_to_date) "
            "VALUES (1, '900123456-8', 'Ferretería Central S.A.S.', 'subscription', 5, :yes)"
        ),
        {"yes": True},
    )
    # Never taken: the assignment (due 09:30 Monday) and the resolution (due Tuesday 09:00) broke.
    _case(
        connection,
        1,
        assignment_due=epoch(f"{MONDAY}T09:30"),
        resolution_due=epoch("2026-12-08T09:00"),
    )
    # Taken late, resolved late (and closed since): both clocks broke, though nothing runs now.
    _case(
        connection,
        2,
        status="closed",
        is_open=False,
        agent="a01",
        assignment_due=epoch(f"{MONDAY}T09:30"),
        assigned_at=epoch(f"{MONDAY}T10:00"),
        resolution_due=epoch(f"{MONDAY}T17:00"),
        resolved_at=epoch("2026-12-08T10:00"),
    )
    # Opened Wednesday, due later: nothing broke.
    _case(
        connection,
        3,
        opened_at=epoch("2026-12-09T11:00"),
        assignment_due=epoch("2026-12-09T13:00"),
        resolution_due=epoch("2026-12-10T11:00"),
    )


def _breaches(connection: Connection) -> list[tuple[int, str, int, float, str, int]]:
    statement = select(
        BreachRow.c.case_id,
        BreachRow.c.clock,
        BreachRow.c.occurrence,
        BreachRow.c.due,
        BreachRow.c.severity,
        BreachRow.c.policy_version,
    ).order_by(BreachRow.c.case_id, BreachRow.c.clock)
    rows = connection.execute(statement)
    return [(int(a or 0), str(b), int(c or 0), float(d), str(e), int(f or 0)) for a, b, c, d, e, f in rows]


def _count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(BreachRow)).scalar_one())


def test_sweep_records_the_breaches_older_than_the_breach_table_once(store_url: str) -> None:
    engine = make_engine(store_url)
    write_schema(engine, lambda connection: command.upgrade(migrations.config(connection), "0010"))
    write(engine, _before_0011)
    upgrade_schema(engine)
    assert read(engine, _count) == 0  # the migration records none: it cannot know the calendars
    runtime = load_runtime(str(DEFAULT_POLICY), clock=lambda: epoch("2026-12-09T12:00"))

    report = run_sweep(engine, runtime, SERVICE, SERVICE)

    assert read(engine, _breaches) == [
        (1, "assignment", 1, epoch(f"{MONDAY}T09:30"), "S2", 1),
        (1, "resolution", 1, epoch("2026-12-08T09:00"), "S2", 1),
        (2, "assignment", 1, epoch(f"{MONDAY}T09:30"), "S2", 1),
        (2, "resolution", 1, epoch(f"{MONDAY}T17:00"), "S2", 1),
    ]
    assert report.recorded == [
        ("JQ-2026-00001", "assignment"),
        ("JQ-2026-00001", "resolution"),
        ("JQ-2026-00002", "assignment"),
        ("JQ-2026-00002", "resolution"),
    ]
    assert audit(engine).ok  # chained like every recorded breach
    again = run_sweep(engine, runtime, SERVICE, SERVICE)
    assert again.recorded == [] and read(engine, _count) == 4
    engine.dispose()


def test_the_sweep_command_names_each_breach_it_records(
    store_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(store_url)
    write_schema(engine, lambda connection: command.upgrade(migrations.config(connection), "0010"))
    write(engine, _before_0011)
    write(engine, mark_sandbox)
    write(
        engine,
        lambda c: c.execute(
            text(
                "INSERT INTO agent (id, login, name, role, active, availability) "
                "VALUES (1, 'sup', 'Supervisora', 'supervisor', :yes, 'available')"
            ),
            {"yes": True},
        ),
    )
    upgrade_schema(engine)
    engine.dispose()
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "sup")
    monkeypatch.delenv("SUDO_USER", raising=False)
    assert main(["sweep", "--db", store_url, "--now", "2026-12-09T12:00"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        "JQ-2026-00001: incumplimiento de asignación registrado (lo mostraban sus relojes).",
        "JQ-2026-00001: incumplimiento de resolución registrado (lo mostraban sus relojes).",
        "JQ-2026-00002: incumplimiento de asignación registrado (lo mostraban sus relojes).",
        "JQ-2026-00002: incumplimiento de resolución registrado (lo mostraban sus relojes).",
        "barrido: 4 incumplimientos registrados",
    ]
    assert main(["sweep", "--db", store_url, "--now", "2026-12-09T12:00"]) == 0
    assert "incumplimiento" not in capsys.readouterr().out  # recorded once
