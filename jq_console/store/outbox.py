"""The outbox: notices to clients, queued inside the write of the move that causes them, then sent
by `mail send` / `mail watch` (application/mail_out.py).

A row is claimed (`sending`) before it is handed to the server and marked `sent` or `failed` with
the server's answer after, so two senders never both send it. Its Message-ID is fixed when it is
queued: a retry after a crash between the server's "250" and our mark is the same message, which
the recipient's mail program shows once. `dedupe` names the cause (`registered:17`), so the same
notice is never queued twice either.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from jq_console.store.engine import read, write
from jq_console.store.tables import CaseEvent, CaseRow, Client, Contact, MailMessage, Meta, Outbox

# A claimed row not marked within this long belongs to a sender that died: it is tried again.
STALE_CLAIM_SECONDS = 600.0
LAST_FETCH = "mail.last_fetch"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    client: str
    client_id: int


@dataclass(frozen=True)
class Queued:
    id: int
    case_id: int | None
    kind: str
    recipient: str
    subject: str
    body: str
    message_id: str
    in_reply_to: str
    refs: str
    attempts: int
    created_at: float
    state: str = "pending"
    answer: str = ""
    sent_at: float | None = None
    attachment_name: str = ""  # its bytes are read only when the message is built (`attachment_of`)


_COLUMNS = (
    Outbox.c.id,
    Outbox.c.case_id,
    Outbox.c.kind,
    Outbox.c.recipient,
    Outbox.c.subject,
    Outbox.c.body,
    Outbox.c.message_id,
    Outbox.c.in_reply_to,
    Outbox.c.refs,
    Outbox.c.attempts,
    Outbox.c.created_at,
    Outbox.c.state,
    Outbox.c.answer,
    Outbox.c.sent_at,
    Outbox.c.attachment_name,
)


def _queued(row: Any) -> Queued:
    return Queued(*row)


def client_usr(connection: Connection, client_id: int) -> Recipient | None:
    """The client's USR (its first contact with that role and an e-mail), who receives what concerns
    the client as a whole (the monthly report) and a case's messages when its reporter has no e-mail."""
    row = connection.execute(
        select(Contact.c.email, Contact.c.name, Client.c.name)
        .join(Client, Client.c.id == Contact.c.client_id)
        .where(Contact.c.client_id == client_id, Contact.c.role == "usr", Contact.c.email != "")
        .order_by(Contact.c.id)
    ).first()
    return None if row is None else Recipient(row[0].lower(), row[1], row[2], client_id)


def client_id_of(connection: Connection, nit: str) -> int | None:
    return connection.execute(select(Client.c.id).where(Client.c.nit == nit)).scalar()


def case_recipient(connection: Connection, case_id: int, *, usr_fallback: bool = False) -> Recipient | None:
    """Who hears about case `case_id`: its reporter (a contact), else the e-mail the form gave; with
    `usr_fallback` (an agent writing to the client), else the client's USR."""
    row = connection.execute(
        select(CaseRow.c.reporter_id, Client.c.name, Client.c.id)
        .join(Client, Client.c.id == CaseRow.c.client_id)
        .where(CaseRow.c.id == case_id)
    ).first()
    if row is None:
        return None
    if row.reporter_id is not None:
        contact = connection.execute(
            select(Contact.c.email, Contact.c.name).where(Contact.c.id == row.reporter_id)
        ).first()
        if contact is not None and contact.email:
            return Recipient(contact.email.lower(), contact.name, row.name, row.id)
    opened = connection.execute(
        select(CaseEvent.c.after).where(CaseEvent.c.case_id == case_id, CaseEvent.c.kind == "open")
    ).scalar()
    if opened:  # the open event keeps the form's reporter e-mail
        email = str(json.loads(opened).get("reporter_email") or "")
        if email:
            return Recipient(email.lower(), "", row.name, row.id)
    return client_usr(connection, row.id) if usr_fallback else None


def _thread(connection: Connection, case_id: int | None) -> tuple[str, str]:
    """(In-Reply-To, References) for a new message on the case: the conversation so far."""
    if case_id is None:
        return "", ""
    ours = connection.execute(select(Outbox.c.message_id, Outbox.c.created_at).where(Outbox.c.case_id == case_id)).all()
    theirs = connection.execute(
        select(MailMessage.c.message_id, MailMessage.c.received_at).where(
            MailMessage.c.case_id == case_id, MailMessage.c.kind.in_(("form", "reply"))
        )
    ).all()
    ids = [row[0] for row in sorted([*ours, *theirs], key=lambda row: row[1])]
    if not ids:
        return "", ""
    return ids[-1], " ".join(ids[:1] + ids[-9:] if len(ids) > 10 else ids)


def queue(
    connection: Connection,
    *,
    now: float,
    case_id: int | None,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    dedupe: str,
    domain: str,
    attachment: tuple[str, bytes] | None = None,
) -> bool:
    """Queue one message in the caller's transaction; False when this cause was queued before.
    `attachment`: (file name, bytes) of one file sent with it, kept in the row until it is sent."""
    if connection.execute(select(Outbox.c.id).where(Outbox.c.dedupe == dedupe)).first() is not None:
        return False
    in_reply_to, refs = _thread(connection, case_id)
    connection.execute(
        insert(Outbox).values(
            case_id=case_id,
            kind=kind,
            recipient=recipient,
            subject=subject,
            body=body,
            message_id=f"<{uuid.uuid4().hex}.{kind}@{domain}>",
            in_reply_to=in_reply_to,
            refs=refs,
            dedupe=dedupe,
            state="pending",
            attempts=0,
            created_at=now,
            next_at=now,
            answer="",
            attachment_name=attachment[0] if attachment else "",
            attachment=attachment[1] if attachment else None,
        )
    )
    return True


def attachment_of(engine: Engine, outbox_id: int) -> bytes:
    """The bytes of the file a queued message carries (empty when it carries none)."""
    return read(
        engine,
        lambda connection: bytes(
            connection.execute(select(Outbox.c.attachment).where(Outbox.c.id == outbox_id)).scalar() or b""
        ),
    )


def claim_due(engine: Engine, now: float, limit: int) -> list[Queued]:
    """Take up to `limit` rows whose time has come (and rows a dead sender left claimed)."""

    def work(connection: Connection) -> list[Queued]:
        ready = or_(
            (Outbox.c.state == "pending") & (Outbox.c.next_at <= now),
            (Outbox.c.state == "sending") & (Outbox.c.next_at <= now - STALE_CLAIM_SECONDS),
        )
        rows = connection.execute(select(*_COLUMNS).where(ready).order_by(Outbox.c.id).limit(limit)).all()
        claimed = []
        for row in rows:
            done = connection.execute(
                update(Outbox)
                .where(Outbox.c.id == row.id, Outbox.c.state == row.state)
                .values(state="sending", attempts=Outbox.c.attempts + 1, next_at=now)
            )
            if done.rowcount == 1:
                claimed.append(_queued(row))
        return claimed

    return write(engine, work)


def renew_claim(engine: Engine, row: Queued, now: float) -> bool:
    """Just before sending `row`: still ours (claimed by this pass, `attempts` as it set them)? Then
    its claim starts again at `now`. A pass longer than STALE_CLAIM_SECONDS (a backlog, a slow server)
    had rows it had not reached yet claimed again by the next pass as a dead sender's, and both sent
    them; now the later claim wins and this pass leaves the row to it."""

    def work(connection: Connection) -> bool:
        done = connection.execute(
            update(Outbox)
            .where(Outbox.c.id == row.id, Outbox.c.state == "sending", Outbox.c.attempts == row.attempts + 1)
            .values(next_at=now)
        )
        return bool(done.rowcount == 1)

    return write(engine, work)


def _set(engine: Engine, outbox_id: int, **values: Any) -> None:
    write(
        engine,
        lambda connection: connection.execute(
            update(Outbox).where(Outbox.c.id == outbox_id, Outbox.c.state == "sending").values(**values)
        ),
    )


def mark_sent(engine: Engine, outbox_id: int, now: float, answer: str) -> None:
    _set(engine, outbox_id, state="sent", sent_at=now, answer=answer)


def mark_failed(engine: Engine, outbox_id: int, answer: str) -> None:
    _set(engine, outbox_id, state="failed", answer=answer)


def mark_retry(engine: Engine, outbox_id: int, next_at: float, answer: str, *, counts: bool = True) -> None:
    """Back to pending until `next_at`; a postponement that was no attempt (rate limit) does not count."""
    values: dict[str, Any] = {"state": "pending", "next_at": next_at, "answer": answer}
    if not counts:
        values["attempts"] = Outbox.c.attempts - 1
    _set(engine, outbox_id, **values)


def sent_since(engine: Engine, recipient: str, since: float) -> int:
    return read(
        engine,
        lambda connection: int(
            connection.execute(
                select(func.count())
                .select_from(Outbox)
                .where(Outbox.c.recipient == recipient, Outbox.c.state == "sent", Outbox.c.sent_at > since)
            ).scalar_one()
        ),
    )


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    failed: int
    sent_today: int
    last_fetch: float | None
    waiting_unclassified: int


def status(engine: Engine, day_start: float) -> OutboxStatus:
    def work(connection: Connection) -> OutboxStatus:
        def count(*where: Any, model: Any = Outbox) -> int:
            return int(connection.execute(select(func.count()).select_from(model).where(*where)).scalar_one())

        last = connection.execute(select(Meta.c.value).where(Meta.c.key == LAST_FETCH)).scalar()
        return OutboxStatus(
            pending=count(Outbox.c.state.in_(("pending", "sending"))),
            failed=count(Outbox.c.state == "failed"),
            sent_today=count(Outbox.c.state == "sent", Outbox.c.sent_at >= day_start),
            last_fetch=float(last) if last else None,
            waiting_unclassified=count(MailMessage.c.state == "waiting", model=MailMessage),
        )

    return read(engine, work)


def failed_rows(engine: Engine, limit: int = 20) -> list[Queued]:
    return read(
        engine,
        lambda connection: [
            _queued(row)
            for row in connection.execute(
                select(*_COLUMNS).where(Outbox.c.state == "failed").order_by(Outbox.c.id.desc()).limit(limit)
            )
        ],
    )


def of_case(engine: Engine, case_id: int) -> list[Queued]:
    return read(
        engine,
        lambda connection: [
            _queued(row)
            for row in connection.execute(select(*_COLUMNS).where(Outbox.c.case_id == case_id).order_by(Outbox.c.id))
        ],
    )


def entry_deliveries(engine: Engine, case_id: int) -> dict[int, str]:
    """The delivery state (pending, sending, sent, failed) of each message to the client of case
    `case_id`, by conversation entry id (its outbox row is named `to_client:<entry id>`)."""
    statement = select(Outbox.c.dedupe, Outbox.c.state).where(
        Outbox.c.case_id == case_id, Outbox.c.dedupe.startswith("to_client:")
    )
    return read(
        engine,
        lambda connection: {int(row[0].split(":", 1)[1]): str(row[1]) for row in connection.execute(statement)},
    )
