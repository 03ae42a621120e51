"""Everything one month's report reads, in one read transaction (`domain.report` computes it).

The queries are bounded by the month and the scope:
- cases: opened before the month ends and either still open or with an instant (resolved, closed,
  either due instant) on or after its start; one client's cases through `ix_case_client_id`, one
  agent's through `ix_case_agent`. (For the whole desk the case table is read by these conditions:
  no index on the instants yet, a later migration may add one.)
- history lines: only those the report reads (`domain.report.READ_KINDS`), by `ix_case_event_case_id`,
  in chunks of `CHUNK` case ids;
- time entries started in the month, of the scope.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TypeVar

from sqlalchemy import ColumnElement, Engine, and_, or_, select
from sqlalchemy.engine import Connection

from jq_console.domain.billing import WorkItem
from jq_console.domain.breaches import of_cases
from jq_console.domain.cases import Case, Refused
from jq_console.domain.report import READ_KINDS, Breach, Corrective, Moment, Period, ReportInputs, Scope
from jq_console.store import breaches as breach_store
from jq_console.store.billed_months import rates_of_month
from jq_console.store.billing import work_select
from jq_console.store.cases import EVENT_COLUMNS, _case_select, _to_case
from jq_console.store.directory import agent_infos
from jq_console.store.engine import read
from jq_console.store.tables import CaseEvent, CaseRow, Client, TimeEntry

CHUNK = 500  # case ids per IN (...) list: well under every driver's parameter limit
T = TypeVar("T")


def _in_period(period: Period) -> ColumnElement[bool]:
    start = period.start
    return and_(
        CaseRow.c.opened_at < period.end,
        or_(
            CaseRow.c.is_open.is_(True),
            CaseRow.c.resolved_at >= start,
            CaseRow.c.closed_at >= start,
            CaseRow.c.assignment_due >= start,
            CaseRow.c.resolution_due >= start,
        ),
    )


def _scope(connection: Connection, kind: str, key: str) -> tuple[Scope, ColumnElement[bool] | None]:
    """The scope named by the user, and the condition that picks its cases; `Refused` if unknown."""
    if kind == "client":
        row = connection.execute(select(Client.c.id, Client.c.name).where(Client.c.nit == key)).first()
        if row is None:
            raise Refused("report.unknown_client", nit=key)
        return Scope("client", key, row.name), CaseRow.c.client_id == row.id
    if kind == "agent":
        names = {info.login: info.name for info in agent_infos(connection)}
        if key not in names:
            raise Refused("report.unknown_agent", login=key)
        return Scope("agent", key, names[key]), CaseRow.c.agent == key
    return Scope(), None


def _cases(connection: Connection, period: Period, where: ColumnElement[bool] | None) -> list[Case]:
    statement = _case_select(with_description=False).where(_in_period(period))
    if where is not None:
        statement = statement.where(where)
    return [_to_case(row, False) for row in connection.execute(statement.order_by(CaseRow.c.opened_at))]


def chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """`values` in slices of at most `CHUNK`, one IN (...) list each."""
    for index in range(0, len(values), CHUNK):
        yield values[index : index + CHUNK]


def _moments(connection: Connection, ids: Sequence[int]) -> list[Moment]:
    result: list[Moment] = []
    for chunk in chunks(ids):
        statement = (
            select(CaseEvent.c.case_id, *EVENT_COLUMNS)
            .where(CaseEvent.c.case_id.in_(chunk), CaseEvent.c.kind.in_(READ_KINDS))
            .order_by(CaseEvent.c.case_id, CaseEvent.c.id)
        )
        result.extend(
            Moment(r.case_id, r.at, r.actor, r.kind, json.loads(r.before), json.loads(r.after), r.note)
            for r in connection.execute(statement)
        )
    return result


def load_breaches(connection: Connection, cases: Sequence[Case], now: float) -> list[Breach]:
    """The breaches of `cases`, each with its own corrective action.

    THE ONE PLACE the report learns its breaches: the recorded ones (table `breach`, store/breaches.py)
    and those the clocks show at `now` that nobody has recorded yet (`domain.breaches.of_cases`), as
    every other read shows them. A breach keeps the severity the case had when its deadline passed."""
    known = of_cases(cases, breach_store.recorded(connection, [case.id for case in cases]), now)
    found = []
    for case in cases:
        for fact in known.get(case.id, ()):
            corrective = None
            if fact.action is not None and fact.action_at is not None:
                corrective = Corrective(fact.action_at, fact.action_by or "", fact.action)
            found.append(
                Breach(
                    case.id,
                    case.code,
                    case.client_name,
                    case.nit,
                    case.agent,
                    fact.severity,
                    fact.clock,
                    fact.due,
                    corrective,
                )
            )
    return found


def _work(
    connection: Connection, period: Period, scope: Scope, client_where: ColumnElement[bool] | None
) -> list[WorkItem]:
    statement = work_select(period.start, period.end)
    if scope.kind == "client" and client_where is not None:
        statement = statement.where(client_where)
    elif scope.kind == "agent":
        statement = statement.where(TimeEntry.c.agent == scope.key)
    return [WorkItem(*row) for row in connection.execute(statement)]


def report_inputs(engine: Engine, period: Period, kind: str, key: str, now: float) -> ReportInputs:
    """What the report of `period` for the scope (`kind`: desk / client / agent, `key`: NIT or login) reads."""

    def work(connection: Connection) -> ReportInputs:
        scope, where = _scope(connection, kind, key)
        cases = _cases(connection, period, where)
        moments = _moments(connection, [case.id for case in cases])
        return ReportInputs(
            period=period,
            scope=scope,
            now=now,
            cases=tuple(cases),
            moments=tuple(moments),
            breaches=tuple(load_breaches(connection, cases, now)),
            work=tuple(_work(connection, period, scope, where)),
            agent_names={info.login: info.name for info in agent_infos(connection)},
            stored_rates=rates_of_month(connection, period.year, period.month),
        )

    return read(engine, work)
