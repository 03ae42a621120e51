"""Messages read from the desk's mailbox (`mail_message`): each one recorded once (by Message-ID),
with what became of it; the unclassified ones wait for an agent, who registers a case from one or
discards it with a reason. Nothing here is ever deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Refused
from jq_console.store.engine import Guard, inserted_id, read, write
from jq_console.store.outbox import LAST_FETCH
from jq_console.store.tables import CaseRow, Contact, MailMessage, Meta, Outbox


@dataclass(frozen=True)
class StoredMail:
    id: int
    message_id: str
    received_at: float
    sender: str
    subject: str
    body: str
    kind: str
    case_id: int | None
    foreign_sender: bool
    state: str
    note: str


_COLUMNS = (
    MailMessage.c.id,
    MailMessage.c.message_id,
    MailMessage.c.received_at,
    MailMessage.c.sender,
    MailMessage.c.subject,
    MailMessage.c.body,
    MailMessage.c.kind,
    MailMessage.c.case_id,
    MailMessage.c.foreign_sender,
    MailMessage.c.state,
    MailMessage.c.note,
)


def _stored(row: Any) -> StoredMail:
    return StoredMail(*row)


def known(connection: Connection, message_id: str) -> bool:
    return (
        connection.execute(select(MailMessage.c.id).where(MailMessage.c.message_id == message_id)).first() is not None
    )


def is_known(engine: Engine, message_id: str) -> bool:
    return read(engine, lambda connection: known(connection, message_id))


def record(connection: Connection, **values: Any) -> int:
    return inserted_id(connection.execute(insert(MailMessage).values(**values)))


def case_of_thread(connection: Connection, ids: tuple[str, ...]) -> tuple[int, str] | None:
    """The case (id, code) a message answers: one of ours it names, or a client's message on the case,
    the nearest of `ids` first (In-Reply-To, then References from the last): the references may name
    older messages of other cases."""
    if not ids:
        return None
    found: dict[str, tuple[int, str]] = {}
    for table in (MailMessage, Outbox):  # ours win: read last, they replace a client's copy of the same id
        rows = connection.execute(
            select(table.c.message_id, CaseRow.c.id, CaseRow.c.code)
            .join(table, table.c.case_id == CaseRow.c.id)
            .where(table.c.message_id.in_(ids))
        )
        found.update({str(message_id): (int(case_id or 0), str(code)) for message_id, case_id, code in rows})
    return next((found[each] for each in ids if each in found), None)


def is_contact(connection: Connection, case_id: int, email: str) -> bool:
    client_id = connection.execute(select(CaseRow.c.client_id).where(CaseRow.c.id == case_id)).scalar()
    if client_id is None or not email:
        return False
    emails = connection.execute(select(Contact.c.email).where(Contact.c.client_id == client_id)).scalars()
    return email.lower() in {value.strip().lower() for value in emails}


def note_fetch(connection: Connection, now: float) -> None:
    done = connection.execute(update(Meta).where(Meta.c.key == LAST_FETCH).values(value=repr(now)))
    if done.rowcount == 0:
        connection.execute(insert(Meta).values(key=LAST_FETCH, value=repr(now)))


def waiting(engine: Engine) -> list[StoredMail]:
    """The unclassified messages an agent has not handled yet, oldest first."""
    return read(
        engine,
        lambda connection: [
            _stored(row)
            for row in connection.execute(
                select(*_COLUMNS).where(MailMessage.c.state == "waiting").order_by(MailMessage.c.id)
            )
        ],
    )


def of_case(engine: Engine, case_id: int) -> list[StoredMail]:
    return read(
        engine,
        lambda connection: [
            _stored(row)
            for row in connection.execute(
                select(*_COLUMNS).where(MailMessage.c.case_id == case_id).order_by(MailMessage.c.id)
            )
        ],
    )


def by_message_id(engine: Engine, message_id: str) -> StoredMail | None:
    statement = select(*_COLUMNS).where(MailMessage.c.message_id == message_id)
    row = read(engine, lambda c: c.execute(statement).first())
    return None if row is None else _stored(row)


def get(engine: Engine, mail_id: int) -> StoredMail | None:
    row = read(engine, lambda c: c.execute(select(*_COLUMNS).where(MailMessage.c.id == mail_id)).first())
    return None if row is None else _stored(row)


def settle(
    connection: Connection, mail_id: int, state: str, actor: str, now: float, note: str, case_id: int | None = None
) -> None:
    """An unclassified message handled: `registered` (as case `case_id`) or `discarded` (with `note`)."""
    values: dict[str, Any] = {"state": state, "handled_by": actor, "handled_at": now, "note": note}
    if case_id is not None:
        values["case_id"] = case_id
    done = connection.execute(
        update(MailMessage).where(MailMessage.c.id == mail_id, MailMessage.c.state == "waiting").values(**values)
    )
    if done.rowcount != 1:
        raise Refused("mail.not_waiting", id=mail_id)


def discard(engine: Engine, mail_id: int, actor: str, now: float, reason: str, guard: Guard | None = None) -> None:
    write(engine, lambda connection: settle(connection, mail_id, "discarded", actor, now, reason), guard=guard)
