"""Case queries and writes. Reads return domain `Case` objects; every write goes through
`engine.write` and leaves an event row in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from sys import intern
from typing import Any, NamedTuple

from sqlalchemy import Column, Engine, ScalarSelect, Select, Table, bindparam, func, insert, select, true, update
from sqlalchemy.engine import Connection, Row

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import CASE_FIELDS, Case, Refused, case_of
from jq_console.domain.policy import Policy
from jq_console.domain.priority import priority_key
from jq_console.domain.rules import Verdict
from jq_console.domain.text import entered, plain
from jq_console.domain.vocabulary import Category, Channel, Scope, Severity
from jq_console.store import ledger, policies, queue_keys
from jq_console.store.engine import Guard, Origin, inserted_id, origin_of, read, write
from jq_console.store.tables import CaseEntry, CaseEvent, CaseRow, CaseSequence, Client, Contact, MailMessage, TimeEntry

_CASE_COLUMNS: tuple[Column[Any], ...] = (
    CaseRow.c.id,
    CaseRow.c.code,
    CaseRow.c.client_id,
    Client.c.name,
    Client.c.nit,
    CaseRow.c.title,
    CaseRow.c.severity,
    CaseRow.c.category,
    CaseRow.c.channel,
    CaseRow.c.service,
    CaseRow.c.level,
    CaseRow.c.status,
    CaseRow.c.verification,
    CaseRow.c.agent,
    CaseRow.c.opened_at,
    CaseRow.c.assignment_due,
    CaseRow.c.resolution_due,
    CaseRow.c.resolution_left,
    CaseRow.c.assigned_at,
    CaseRow.c.resolved_at,
    CaseRow.c.closed_at,
    CaseRow.c.notified_at,
    CaseRow.c.scope,
    CaseRow.c.justification,
    CaseRow.c.description,
    CaseRow.c.reporter_id,
    Contact.c.name,
    Contact.c.role,
    CaseRow.c.partner,
    CaseRow.c.version,
    CaseRow.c.policy_version,
    Client.c.up_to_date,
    CaseRow.c.assignment_run,
    CaseRow.c.resolution_run,
)


def _case_select(*, with_description: bool = True) -> Select[Any]:
    description = CaseRow.c.description
    columns = _CASE_COLUMNS if with_description else tuple(c for c in _CASE_COLUMNS if c is not description)
    return (
        select(*columns)
        .join(Client, Client.c.id == CaseRow.c.client_id)
        .outerjoin(Contact, Contact.c.id == CaseRow.c.reporter_id)
    )


def shared_word(value: Any) -> Any:
    """One string object for every row read that holds the same client, contact, agent, partner or
    vocabulary word (None stays None). Each row read brings its own copies, and they were half of
    what an open case kept in memory, and most of what a month's breaches did. Free text (a title, a
    justification) is left as read: it seldom repeats.
    (Python 3.12 never frees an interned string; what stays is one copy per name in the directory.)"""
    return value if value is None else intern(value)


# Where the fields `_to_case` touches stand among a case's fields (`_CASE_COLUMNS` reads them in
# that order: tests/test_store_case_rows.py).
_AT = {name: index for index, name in enumerate(CASE_FIELDS)}
_SHARED_AT = tuple(
    _AT[name]
    for name in (
        "client_name",
        "nit",
        "severity",
        "category",
        "channel",
        "service",
        "status",
        "verification",
        "agent",
        "scope",
        "partner",
    )
)
_REPORTER_AT = (_AT["reporter_name"], _AT["reporter_role"])  # "" for a case without a reporter
_DESCRIPTION_AT, _UP_TO_DATE_AT = _AT["description"], _AT["client_up_to_date"]


def _to_case(row: Row[Any], with_description: bool = True) -> Case:
    """The case of a row of `_case_select` (without its description: "")."""
    values = list(row)
    if not with_description:
        values.insert(_DESCRIPTION_AT, "")
    for at in _SHARED_AT:
        values[at] = shared_word(values[at])
    for at in _REPORTER_AT:
        values[at] = shared_word(values[at] or "")
    values[_UP_TO_DATE_AT] = bool(values[_UP_TO_DATE_AT])
    return case_of(values)


def _open_select() -> Select[Any]:
    # `= true`, not `IS true`: only the former matches the partial index's `is_open = 1` on
    # SQLite, so the index pages the queue instead of a sort of every open case.
    return _case_select(with_description=False).where(CaseRow.c.is_open == true())


def open_in_order(connection: Connection, policy: Policy | None, limit: int | None = None) -> list[Case]:
    """Open cases (without descriptions) in `policy`'s queue order, the first `limit` of them.
    The stored keys page it when they follow this policy; otherwise the domain's key orders
    them here. With no policy: in the stored keys' order, whichever policy that was."""
    if policy is None or queue_keys.follows(connection, policy):
        statement = _open_select().order_by(CaseRow.c.queue_key).limit(limit)
        return [_to_case(row, False) for row in connection.execute(statement)]
    ordered = sorted(
        (_to_case(row, False) for row in connection.execute(_open_select())), key=lambda c: priority_key(policy, c)
    )
    return ordered if limit is None else ordered[:limit]


def open_cases(engine: Engine, policy: Policy | None = None) -> list[Case]:
    """Every open case, without the long description (the queue never shows it), in `policy`'s
    queue order; tools that do not care may leave the policy out (see `open_in_order`)."""
    return read(engine, lambda c: open_in_order(c, policy))


def align_keys(connection: Connection, policy: Policy) -> bool:
    """Make the stored queue keys follow `policy`'s order, recomputing every open case's key if
    they follow another (a policy edit); True when they had to be recomputed."""
    if queue_keys.follows(connection, policy):
        return False
    rekey(connection, policy)
    return True


def rekey(connection: Connection, policy: Policy) -> int:
    """Compute every open case's queue key under `policy` and record its signature; the count."""
    return queue_keys.store_keys(connection, policy, [_to_case(r, False) for r in connection.execute(_open_select())])


def align_queue(engine: Engine, policy: Policy) -> bool:
    """`align_keys` in its own write, taken only when needed (a console opening after a policy edit)."""
    if read(engine, lambda c: queue_keys.follows(c, policy)):
        return False
    return write(engine, lambda c: align_keys(c, policy))


@cache
def _case_by_code() -> Select[Any]:
    # Built once: a new statement object per call makes SQLAlchemy re-match every result column
    # against its cached compilation, which cost more than the query itself (half of each take).
    return _case_select().where(CaseRow.c.code == bindparam("code"))


def find_case(connection: Connection, code: str) -> Case | None:
    row = connection.execute(_case_by_code(), {"code": code.strip().upper()}).first()
    return _to_case(row) if row is not None else None


def get_case(engine: Engine, code: str) -> Case | None:
    return read(engine, lambda c: find_case(c, code))


class CaseLook(NamedTuple):
    """How a case reads as stored, cheaply: a case screen showing an older look is stale. Every
    number only grows. A note, time logged or corrected, or a client's e-mail changes no version,
    hence the newest row of each of the case's append-only trails beside it."""

    version: int
    revision: int  # its client's (store.directory.update_client): a rename, payments, service
    event: int  # the newest history line, moves and the lines that are none (a client's reply)
    entry: int  # the newest conversation entry (note, call, WhatsApp, message to the client)
    work: int  # the newest time entry (a correction is a new one)
    mail: int  # the newest message the mailbox recorded on the case
    origin: Origin  # which database was read


def _newest(table: Table) -> ScalarSelect[Any]:
    """The id of the case's newest row in `table` (NULL for none): a bare max(), which SQLite reads
    as one step down the case_id index."""
    newest = select(func.max(table.c.id)).where(table.c.case_id == CaseRow.c.id)
    return newest.correlate(CaseRow).scalar_subquery()


_LOOK = (
    select(CaseRow.c.version, Client.c.revision)
    .add_columns(*(_newest(table) for table in (CaseEvent, CaseEntry, TimeEntry, MailMessage)))
    .join(Client, Client.c.id == CaseRow.c.client_id)
    .where(CaseRow.c.code == bindparam("code"))
)


def case_look(engine: Engine, code: str) -> CaseLook | None:
    """`code`'s look (`CaseLook`), and which database was read (another one, put in place of the
    one read before, may hold another case under the same code and numbers). None when there is no
    such case. Asked by an open case screen each time the database changed, so one statement."""
    row, origin = read(engine, lambda c: (c.execute(_LOOK, {"code": code}).first(), origin_of(c)))
    if row is None:
        return None
    version, revision, event, entry, work, mail = (int(value or 0) for value in row)
    return CaseLook(version, revision, event, entry, work, mail, origin)


def _json(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def event_values(
    case_id: int, at: float, actor: str, kind: str, before: dict[str, Any], after: dict[str, Any], note: str = ""
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "at": at,
        "actor": actor,
        "kind": kind,
        "before": _json(before),
        "after": _json(after),
        "note": plain(note, multiline=True).strip(),  # text is data: whatever screen or command wrote it
    }


def add_event(
    connection: Connection,
    case_id: int,
    at: float,
    actor: str,
    kind: str,
    before: dict[str, Any],
    after: dict[str, Any],
    note: str = "",
) -> None:
    event = event_values(case_id, at, actor, kind, before, after, note)
    ledger.link(connection, "case_event", [event])
    connection.execute(insert(CaseEvent), event)


@dataclass(frozen=True)
class NewCase:
    client_id: int
    reporter_id: int | None
    title: str
    description: str
    severity: Severity
    category: Category
    channel: Channel
    scope: Scope = "server"
    justification: str = ""
    opened_at: float | None = None
    submission_id: str | None = None
    notified_at: float | None = None


def next_code(connection: Connection, year: int) -> str:
    current = connection.execute(select(CaseSequence.c.last).where(CaseSequence.c.year == year)).scalar()
    if current is None:
        connection.execute(CaseSequence.insert().values(year=year, last=1))
        number = 1
    else:
        number = current + 1
        connection.execute(update(CaseSequence).where(CaseSequence.c.year == year).values(last=number))
    return f"JQ-{year}-{number:05d}"


def insert_case(
    connection: Connection,
    runtime: Runtime,
    new: NewCase,
    verdict: Verdict,
    actor: str,
    extra_event: dict[str, Any] | None = None,
) -> Case:
    limits = runtime.policy.limits  # text is data, whichever way the case came in (form, screen)
    title = entered(new.title, "title", limits.title)
    description = entered(new.description, "description", limits.description, multiline=True, required=False)
    justification = entered(new.justification, "reason", limits.note, multiline=True, required=False)
    client = connection.execute(select(Client.c.service, Client.c.level).where(Client.c.id == new.client_id)).one()
    align_keys(connection, runtime.policy)  # the new key must be in the same order as the others
    opened = new.opened_at if new.opened_at is not None else runtime.now()
    # Opened under the version in force as this write reads it, whatever version the console last saw.
    version = policies.latest_number(connection)
    assignment, resolution = runtime.of_version(version).engine.deadlines_epoch(new.severity, opened)
    code = next_code(connection, datetime.fromtimestamp(opened, runtime.tz).year)
    values: dict[str, Any] = {
        "code": code,
        "client_id": new.client_id,
        "reporter_id": new.reporter_id,
        "title": title,
        "description": description,
        "severity": new.severity,
        "category": new.category,
        "channel": new.channel,
        "scope": new.scope,
        "justification": justification,
        "service": client.service,
        "level": client.level,
        "status": "new",
        "verification": verdict.verification,
        "opened_at": opened,
        "assignment_due": assignment,
        "resolution_due": resolution,
        "submission_id": new.submission_id,
        "notified_at": new.notified_at,
        "is_open": True,
        "policy_version": version or 1,
    }
    case_id = inserted_id(connection.execute(CaseRow.insert().values(**values)))
    after = {
        key: values[key]
        for key in ("severity", "category", "channel", "verification", "assignment_due", "resolution_due")
    }
    after["findings"] = verdict.codes()
    add_event(connection, case_id, runtime.now(), actor, "open", {}, {**after, **(extra_event or {})})
    case = find_case(connection, code)
    assert case is not None
    derived = queue_keys.key_values(runtime.policy, case)
    connection.execute(update(CaseRow).where(CaseRow.c.id == case_id).values(**derived))
    return case


def register(
    engine: Engine,
    runtime: Runtime,
    new: NewCase,
    verdict: Verdict,
    actor: str,
    guard: Guard | None = None,
    effect: Callable[[Connection, Case], None] | None = None,
) -> Case:
    """Open case `new`, unless the policy's `verdict` blocks it. Refused inside the write, after
    `guard`, so a refused actor hears about themselves before any rule about the case. `effect`
    writes what follows from the new case (its notice) in the same transaction."""

    def work(connection: Connection) -> Case:
        if verdict.blocked:
            blocking = next(f for f in verdict.findings if f.blocks)
            raise Refused(blocking.code, **blocking.params)
        case = insert_case(connection, runtime, new, verdict, actor)
        if effect is not None:
            effect(connection, case)
        return case

    return write(engine, work, guard=guard)


@dataclass(frozen=True)
class Event:
    at: float
    actor: str
    kind: str
    before: dict[str, Any]
    after: dict[str, Any]
    note: str


# A history line as every reader takes it: `Event`'s fields, in order (store.report adds the case).
EVENT_COLUMNS: tuple[Column[Any], ...] = (
    CaseEvent.c.at,
    CaseEvent.c.actor,
    CaseEvent.c.kind,
    CaseEvent.c.before,
    CaseEvent.c.after,
    CaseEvent.c.note,
)


def history(engine: Engine, case_id: int) -> list[Event]:
    statement = select(*EVENT_COLUMNS).where(CaseEvent.c.case_id == case_id).order_by(CaseEvent.c.id)
    return read(
        engine,
        lambda c: [
            Event(r.at, r.actor, r.kind, json.loads(r.before), json.loads(r.after), r.note)
            for r in c.execute(statement)
        ],
    )


def count_cases(engine: Engine, open_only: bool = False) -> int:
    statement = select(func.count()).select_from(CaseRow)
    if open_only:
        statement = statement.where(CaseRow.c.is_open.is_(True))
    return read(engine, lambda c: int(c.execute(statement).scalar() or 0))


def codes(cases: Iterable[Case]) -> list[str]:
    return [case.code for case in cases]
