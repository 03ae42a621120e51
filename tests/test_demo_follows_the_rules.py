"""The demo's cases are cases the policy allows (docs/policy.md, verification): a case a non-USR
reported waits for the USR's verification, and until then it cannot be resolved, closed or worked
on (logged time). The demo made such cases resolved, closed and with
time logged, so every `sweep` of a fresh demo failed to close one and exited 1."""

from __future__ import annotations

from pathlib import Path

from office_support import run
from sqlalchemy import select

from jq_console.store.tables import CaseRow, TimeEntry
from jq_console.ui.app import demo_services


def test_no_demo_case_awaiting_verification_was_resolved_closed_or_worked_on(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "d.sqlite"), cases=600)
    with services.engine.connect() as connection:
        pending = select(CaseRow.c.id).where(CaseRow.c.verification == "pending")
        statuses = set(connection.execute(select(CaseRow.c.status).where(CaseRow.c.id.in_(pending))).scalars())
        worked = connection.execute(select(TimeEntry.c.id).where(TimeEntry.c.case_id.in_(pending))).first()
    services.engine.dispose()
    assert statuses and not statuses & {"resolved", "closed"}, statuses
    assert worked is None


def test_the_sweep_of_a_fresh_demo_moves_every_case_it_should(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    assert run("--db", db, "demo").returncode == 0
    swept = run("--lang", "en", "--db", db, "sweep")
    assert swept.returncode == 0, swept.stderr


def test_a_demo_case_carries_a_closing_instant_exactly_when_it_was_closed(tmp_path: Path) -> None:
    """A resolve leaves `closed_at` empty (domain/lifecycle.py); the demo's resolved cases had one,
    and the monthly report counted them among the month's closed cases."""
    services = demo_services(str(tmp_path / "d.sqlite"), cases=600)
    with services.engine.connect() as connection:
        rows = connection.execute(select(CaseRow.c.status, CaseRow.c.closed_at)).all()
    services.engine.dispose()
    ended = {"closed", "invalid", "rejected", "referred"}
    assert {status for status, _ in rows} >= {"resolved", *ended}
    assert all((closed_at is not None) == (status in ended) for status, closed_at in rows)
