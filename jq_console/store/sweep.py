"""What `jq-console sweep` looks at: the open cases still pending the USR's verification and the
resolved cases. The domain decides which are past their time (domain.bounds); each is then moved
on its own (store.moves), so a case verified or reopened meanwhile is left alone."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col

from jq_console.domain.cases import Case
from jq_console.store.cases import _case_select, _to_case
from jq_console.store.engine import read
from jq_console.store.tables import CaseRow


def pending_verification(engine: Engine) -> list[Case]:
    """Open cases waiting for the USR's verification, oldest first."""
    statement = (
        _case_select(with_description=False)
        .where(col(CaseRow.is_open).is_(True), col(CaseRow.verification) == "pending")
        .order_by(col(CaseRow.opened_at), col(CaseRow.id))
    )
    return read(engine, lambda c: [_to_case(row, False) for row in c.execute(statement)])


def resolved_cases(engine: Engine, resolved_before: float) -> list[Case]:
    """Resolved cases resolved before `resolved_before` (a bound that narrows the read; the domain
    decides each one), oldest resolution first."""
    statement = (
        _case_select(with_description=False)
        .where(col(CaseRow.status) == "resolved", col(CaseRow.resolved_at) < resolved_before)
        .order_by(col(CaseRow.resolved_at), col(CaseRow.id))
    )
    return read(engine, lambda c: [_to_case(row, False) for row in c.execute(statement)])
