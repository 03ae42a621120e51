"""Reads around one case: the client's other cases, and what other people did to an agent's cases
(so their console can tell them)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Engine, bindparam, func, select
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Case
from jq_console.store.cases import _case_select, _to_case
from jq_console.store.engine import read
from jq_console.store.queue_sync import Mark, mark_of
from jq_console.store.tables import CaseEvent, CaseRow


@dataclass(frozen=True)
class ClientCases:
    open: list[Case]  # the client's other open cases, newest first
    finished: list[Case]  # its last finished ones (resolved, closed, rejected, invalid, referred)


def client_cases(engine: Engine, client_id: int, except_id: int, finished_limit: int = 5) -> ClientCases:
    def work(connection: Connection) -> ClientCases:
        base = _case_select(with_description=False).where(CaseRow.c.client_id == client_id, CaseRow.c.id != except_id)
        opened = base.where(CaseRow.c.is_open.is_(True)).order_by(CaseRow.c.opened_at.desc())
        ended = func.coalesce(CaseRow.c.closed_at, CaseRow.c.resolved_at, CaseRow.c.opened_at)
        finished = (
            base.where(CaseRow.c.is_open.is_(False)).order_by(ended.desc(), CaseRow.c.id.desc()).limit(finished_limit)
        )
        return ClientCases(
            [_to_case(row, False) for row in connection.execute(opened)],
            [_to_case(row, False) for row in connection.execute(finished)],
        )

    return read(engine, work)


@dataclass(frozen=True)
class Touch:
    """Someone else acted on a case the agent holds (or held until that move)."""

    event_id: int
    code: str
    actor: str
    kind: str


# Asked by every console at each change: built once, the values bound.
_TOUCHES = (
    select(CaseEvent.c.id, CaseRow.c.code, CaseEvent.c.actor, CaseEvent.c.kind)
    .add_columns(CaseEvent.c.before, CaseRow.c.agent)
    .join(CaseRow, CaseRow.c.id == CaseEvent.c.case_id)
    .where(CaseEvent.c.id > bindparam("after"), CaseEvent.c.actor != bindparam("login"))
    .order_by(CaseEvent.c.id)
)


def touches_since(engine: Engine, login: str, seen: Mark) -> tuple[Mark, list[Touch]]:
    """How far the database is now, and every event after `seen` by someone other than `login` on a
    case `login` holds or held right before that event; none in another database or a history behind
    `seen` (see `store.queue_sync`): its events are not news."""

    def work(connection: Connection) -> tuple[Mark, list[Touch]]:
        now = mark_of(connection)
        if not now.goes_on_from(seen):
            return now, []
        found = []
        for event_id, code, actor, kind, before, agent in connection.execute(
            _TOUCHES, {"after": seen.event, "login": login}
        ):
            held_before = json.loads(before or "{}").get("agent")
            if agent == login or held_before == login:
                found.append(Touch(int(event_id), code, actor, kind))
        return now, found

    return read(engine, work)
