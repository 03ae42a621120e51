"""What the dashboard's board reads of every open case (`domain.open_case.OpenCase`): a dozen columns
of the case row, no client or contact joined. The whole cases it draws are read apart, a few at a
time (`store.oversight`)."""

from __future__ import annotations

from collections.abc import Collection
from sys import intern
from typing import Any

from sqlalchemy import Select, bindparam, select, true
from sqlalchemy.engine import Connection

from jq_console.domain.open_case import OpenCase
from jq_console.store.report import CHUNK
from jq_console.store.tables import CaseRow

_COLUMNS = (
    CaseRow.c.id,
    CaseRow.c.severity,
    CaseRow.c.status,
    CaseRow.c.verification,
    CaseRow.c.agent,
    CaseRow.c.opened_at,
    CaseRow.c.assignment_due,
    CaseRow.c.resolution_due,
    CaseRow.c.assigned_at,
    CaseRow.c.resolved_at,
    CaseRow.c.policy_version,
    CaseRow.c.version,
)
# `= true`, not `IS true`: only the former matches the partial index's `is_open = 1` on SQLite.
_OPEN: Select[Any] = select(*_COLUMNS).where(CaseRow.c.is_open == true())
_OPEN_OF = _OPEN.where(CaseRow.c.id.in_(bindparam("ids", expanding=True)))


def _shared(word: Any) -> Any:
    """One string object per word: the board keeps the severity and status of each case it counts."""
    return word if word is None else intern(word)


def _row(values: Any) -> OpenCase:
    case_id, severity, status, verification, agent, *rest = values
    return OpenCase(int(case_id), _shared(severity), _shared(status), _shared(verification), _shared(agent), *rest)


def open_rows(connection: Connection, ids: Collection[int] | None = None) -> list[OpenCase]:
    """Every open case (or those of `ids` still open), as the board reads them; in no order."""
    if ids is None:
        return [_row(values) for values in connection.execute(_OPEN)]
    wanted = sorted(ids)
    found: list[OpenCase] = []
    for first in range(0, len(wanted), CHUNK):
        found.extend(_row(values) for values in connection.execute(_OPEN_OF, {"ids": wanted[first : first + CHUNK]}))
    return found
