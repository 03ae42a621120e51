"""What the dashboard's board reads of every open case (`domain.open_case.OpenCase`): a dozen columns
of the case row, no client or contact joined. The whole cases it draws are read apart, a few at a
time (`store.oversight`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, bindparam, select, true
from sqlalchemy.engine import Connection

from jq_console.domain.open_case import OPEN_FIELDS, OpenCase
from jq_console.store.cases import shared_word
from jq_console.store.report import chunks
from jq_console.store.tables import CaseRow

_COLUMNS = tuple(CaseRow.c[name] for name in OPEN_FIELDS)  # in the order `OpenCase` takes them
# `= true`, not `IS true`: only the former matches the partial index's `is_open = 1` on SQLite.
_OPEN: Select[Any] = select(*_COLUMNS).where(CaseRow.c.is_open == true())
_OPEN_OF = _OPEN.where(CaseRow.c.id.in_(bindparam("ids", expanding=True)))


def _row(values: Any) -> OpenCase:
    case_id, severity, status, verification, agent, *rest = values
    # One string object per word (`store.cases.shared_word`): the board keeps severity and status.
    words = shared_word(severity), shared_word(status), shared_word(verification), shared_word(agent)
    return OpenCase(int(case_id), *words, *rest)


def open_rows(connection: Connection, ids: Collection[int] | None = None) -> list[OpenCase]:
    """Every open case (or those of `ids` still open), as the board reads them; in no order."""
    if ids is None:
        return [_row(values) for values in connection.execute(_OPEN)]
    found: list[OpenCase] = []
    for some in chunks(sorted(ids)):
        found.extend(_row(values) for values in connection.execute(_OPEN_OF, {"ids": some}))
    return found
