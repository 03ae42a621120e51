"""Keeping a console's queue in step with the database cheaply: after a change, compare each open
case's version with the copy in memory and read back only the cases that changed, instead of
reloading 10,000 rows."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import Engine, select

from ..domain.cases import Case
from .cases import _case_select, _to_case
from .engine import read
from .tables import CaseRow


def open_versions(engine: Engine) -> dict[str, int]:
    """Code -> version of every open case (two small columns, served by the queue's index)."""
    statement = select(CaseRow.code, CaseRow.version).where(CaseRow.is_open.is_(True))
    return read(engine, lambda c: {code: version for code, version in c.execute(statement)})


def cases_by_code(engine: Engine, codes: Iterable[str]) -> list[Case]:
    """The named cases as they are now (without descriptions, like the queue)."""
    wanted = list(codes)
    if not wanted:
        return []
    statement = _case_select(with_description=False).where(CaseRow.code.in_(wanted))
    return read(engine, lambda c: [_to_case(row, False) for row in c.execute(statement)])
