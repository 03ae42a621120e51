"""The desk's e-mail, one function per user action: check the servers, see the outbox, handle a
message from the unclassified list (register a case from it, or discard it with a reason)."""

from __future__ import annotations

import imaplib
import smtplib
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from jq_console.application import conversation as talk
from jq_console.application import mail_transport, notifications
from jq_console.application.access import ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.config import MailSettings
from jq_console.domain.cases import Case, Refused
from jq_console.domain.conversation import Draft
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.text import entered, plain
from jq_console.store import cases, mail_in, outbox
from jq_console.store.cases import NewCase
from jq_console.store.conversation import Entry
from jq_console.store.mail_in import StoredMail
from jq_console.store.outbox import OutboxStatus, Queued


@dataclass(frozen=True)
class Probe:
    server: str  # smtp / imap
    where: str  # host:port (tls)
    ok: bool
    detail: str  # the server's greeting or why it failed


def check(mail: MailSettings) -> list[Probe]:
    """Connect (and log in) to each configured server and say what works."""
    probes: list[Probe] = []
    if mail.smtp is not None:
        where = f"{mail.smtp.host}:{mail.smtp.port} ({mail.smtp.tls})"
        try:
            client = mail_transport.smtp(mail.smtp)
            code, said = client.noop()
            client.quit()
            probes.append(Probe("smtp", where, True, plain(f"{code} {said.decode('utf-8', 'replace')}")))
        except (OSError, smtplib.SMTPException) as error:
            probes.append(Probe("smtp", where, False, plain(f"{type(error).__name__}: {error}")))
    if mail.imap is not None:
        where = f"{mail.imap.host}:{mail.imap.port} ({mail.imap.tls})"
        try:
            client_imap = mail_transport.imap(mail.imap)
            status, data = client_imap.select(mail.mailbox, readonly=True)
            client_imap.logout()
            detail = f"{mail.mailbox}: {data[0].decode('utf-8', 'replace') if data and data[0] else ''}"
            probes.append(Probe("imap", where, status == "OK", plain(detail)))
        except (OSError, imaplib.IMAP4.error) as error:
            probes.append(Probe("imap", where, False, plain(f"{type(error).__name__}: {error}")))
    return probes


def status(engine: Engine, runtime: Runtime) -> OutboxStatus:
    today = datetime.combine(runtime.local(runtime.now()).date(), time(), runtime.tz).timestamp()
    return outbox.status(engine, today)


def failed(engine: Engine) -> list[Queued]:
    return outbox.failed_rows(engine)


def unclassified(engine: Engine) -> list[StoredMail]:
    return mail_in.waiting(engine)


def discard(engine: Engine, runtime: Runtime, login: str, mail_id: int, reason: str) -> None:
    """Set aside an unclassified message, saying why (kept, never deleted)."""
    why = entered(reason, "reason", runtime.policy.limits.note, multiline=True)
    mail_in.discard(engine, mail_id, login, runtime.now(), why, guard=ActorCheck(login))


def register_from_mail(
    engine: Engine, runtime: Runtime, login: str, mail_id: int, new: NewCase, registration: Registration
) -> Case:
    """Register a case from an unclassified message (channel e-mail, with its justification); the
    message joins the case and leaves the list in the same transaction."""
    verdict = evaluate(runtime.policy, registration)
    registered = notifications.on_register(runtime)

    def effect(connection: Connection, case: Case) -> None:
        mail_in.settle(connection, mail_id, "registered", login, runtime.now(), "", case.id)
        if registered is not None:
            registered(connection, case)

    if mail_in.get(engine, mail_id) is None:
        raise Refused("mail.not_waiting", id=mail_id)
    return cases.register(engine, runtime, new, verdict, login, guard=ActorCheck(login), effect=effect)


def write_to_client(engine: Engine, runtime: Runtime, login: str, code: str, text: str) -> Entry:
    """An agent's own message to the case's client: the same path as a `to_client` entry of the
    conversation (the entry and its e-mail in one transaction, sent by `mail send`). `Refused` when
    neither the reporter nor the client's USR has an e-mail address."""
    return talk.add_entry(engine, runtime, login, code.strip().upper(), Draft("to_client", text))


def conversation(engine: Engine, case_id: int) -> tuple[list[Queued], list[StoredMail]]:
    """A case's messages: ours (with their delivery state) and the client's."""
    return outbox.of_case(engine, case_id), mail_in.of_case(engine, case_id)
