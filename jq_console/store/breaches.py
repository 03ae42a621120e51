"""The breaches as recorded (domain/breaches.py): written before every move of a case, in the move's
own transaction, and read back with the ones the clocks show that nobody has recorded yet.

The table is append-only but for the corrective action, filled once (store/protection.py), and each
row is chained like the history (store/ledger.py).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Column, Engine, Select, insert, select, update
from sqlalchemy.engine import Connection, Row

from jq_console.domain.breaches import Breach, of_case, to_record
from jq_console.domain.cases import Case, Refused
from jq_console.store import ledger
from jq_console.store.engine import read
from jq_console.store.tables import BreachRow, CaseEvent, CaseRow

_COLUMNS: tuple[Column[Any], ...] = (
    BreachRow.c.case_id,
    BreachRow.c.clock,
    BreachRow.c.occurrence,
    BreachRow.c.due,
    BreachRow.c.severity,
    BreachRow.c.recorded_at,
    BreachRow.c.policy_version,
    BreachRow.c.corrective_note,
    BreachRow.c.corrective_by,
    BreachRow.c.corrective_at,
)


def _select() -> Select[Any]:
    return select(*_COLUMNS).order_by(BreachRow.c.due, BreachRow.c.id)


def _to_breach(row: Row[Any]) -> Breach:
    case_id, clock, occurrence, due, severity, recorded_at, version, note, by, at = list(row)
    return Breach(case_id, clock, occurrence, due, severity, recorded_at, version, note, by, at)


def recorded(connection: Connection, case_ids: Collection[int]) -> list[Breach]:
    """The recorded breaches of these cases, oldest first."""
    if not case_ids:
        return []
    statement = _select().where(BreachRow.c.case_id.in_(list(case_ids)))
    return [_to_breach(row) for row in connection.execute(statement)]


def recorded_of(engine: Engine, case_id: int) -> list[Breach]:
    """The recorded breaches of one case, in a read of their own."""
    return read(engine, lambda connection: recorded(connection, [case_id]))


def recorded_due_between(connection: Connection, start: float, end: float) -> list[Breach]:
    """The recorded breaches whose deadline passed between `start` and `end`."""
    statement = _select().where(BreachRow.c.due >= start, BreachRow.c.due <= end)
    return [_to_breach(row) for row in connection.execute(statement)]


def of(connection: Connection, case: Case, now: float) -> list[Breach]:
    """Every breach of the case: recorded, and shown by its clocks at `now`."""
    return of_case(case, recorded(connection, [case.id]), now)


def record(connection: Connection, case: Case, now: float) -> list[Breach]:
    """Record the breaches `case`'s clocks show at `now` that are not recorded yet; the new ones.
    Call it inside the transaction of the move, with the case as stored (the move's compare-and-set
    guarantees it), before the move's changes matter."""
    fresh = to_record(case, recorded(connection, [case.id]), now)
    if not fresh:
        return []
    rows = [
        {
            "case_id": breach.case_id,
            "clock": breach.clock,
            "occurrence": breach.occurrence,
            "due": breach.due,
            "severity": breach.severity,
            "policy_version": case.policy_version,  # the version that measured the clock
            "recorded_at": now,
        }
        for breach in fresh
    ]
    ledger.link(connection, "breach", rows)
    connection.execute(insert(BreachRow), rows)
    return fresh


def fill_corrective(
    connection: Connection, case: Case, clock: str, occurrence: int, note: str, by: str, at: float
) -> None:
    """The corrective action of one recorded breach, filled once."""
    statement = (
        update(BreachRow)
        .where(
            BreachRow.c.case_id == case.id,
            BreachRow.c.clock == clock,
            BreachRow.c.occurrence == occurrence,
            BreachRow.c.corrective_at.is_(None),
        )
        .values(corrective_note=note, corrective_by=by, corrective_at=at)
    )
    if connection.execute(statement).rowcount != 1:
        raise Refused("corrective.already_recorded", code=case.code, clock=clock, occurrence=occurrence)


# Each corrective action as its history line recorded it (store/moves.py writes both in one move).
_ACTION_LINES = select(
    CaseEvent.c.case_id, CaseEvent.c.after, CaseEvent.c.note, CaseEvent.c.actor, CaseEvent.c.at
).where(CaseEvent.c.kind == "corrective_action")
_ACTIONS = (
    select(
        CaseRow.c.code,
        BreachRow.c.case_id,
        BreachRow.c.clock,
        BreachRow.c.occurrence,
        BreachRow.c.corrective_note,
        BreachRow.c.corrective_by,
        BreachRow.c.corrective_at,
    )
    .join(CaseRow, CaseRow.c.id == BreachRow.c.case_id)
    .order_by(BreachRow.c.id)
)


def _action_lines(connection: Connection) -> dict[tuple[int, str, int], set[tuple[str, str, float]]]:
    """(note, who, when) of the actions recorded for each (case id, clock, occurrence). Lines written
    before breaches were recorded name no breach (their detail is {"breaches": [...]}): left out."""
    lines: dict[tuple[int, str, int], set[tuple[str, str, float]]] = {}
    for case_id, after, note, actor, at in connection.execute(_ACTION_LINES):
        detail = json.loads(after)
        if isinstance(detail, dict) and "clock" in detail and "occurrence" in detail:
            key = (int(case_id), str(detail["clock"]), int(detail["occurrence"]))
            lines.setdefault(key, set()).add((note, actor, float(at)))
    return lines


def unmatched_actions(connection: Connection) -> list[tuple[str, str, int]]:
    """(case code, clock, occurrence) of each breach whose corrective action is not the one its
    history line recorded (note, who, when): changed, filled with no such line, or emptied after a
    line recorded it. The breach's chain seals its facts only, the action being filled later; the
    history line is chained, so it is the evidence. A line is written only with its fill."""
    lines = _action_lines(connection)
    unmatched = []
    for code, case_id, clock, occurrence, note, by, at in connection.execute(_ACTIONS):
        recorded = lines.get((case_id, clock, occurrence), set())
        if (at is None and recorded) or (at is not None and (note, by, float(at)) not in recorded):
            unmatched.append((code, clock, occurrence))
    return unmatched


def by_case(breaches: Iterable[Breach]) -> dict[int, list[Breach]]:
    result: dict[int, list[Breach]] = {}
    for breach in breaches:
        result.setdefault(breach.case_id, []).append(breach)
    return result
