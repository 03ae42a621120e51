"""`report --send`: the client's monthly report, queued by e-mail to the client's USR with its PDF
attached (the bytes kept in the outbox row, see migration 0013), delivered by `mail send`.
Supervisors and administrators only, checked again inside the write."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from jq_console.application.access import SUPERVISING, ActorCheck
from jq_console.application.notifications import MESSAGE_DOMAIN, render
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Refused
from jq_console.domain.mail import MONTHS
from jq_console.domain.nit import normalize_nit
from jq_console.domain.report import Period
from jq_console.store import outbox
from jq_console.store.engine import write


def month_words(period: Period, language: str) -> str:
    """'noviembre de 2026' / 'November 2026'."""
    name = MONTHS[language][period.month - 1]
    return f"{name} de {period.year}" if language == "es" else f"{name} {period.year}"


def queue_report(
    engine: Engine, runtime: Runtime, login: str, nit: str, period: Period, pdf: bytes, file_name: str
) -> str:
    """Queue the report `pdf` of client `nit` for `period` to the client's USR; the address it goes
    to. `Refused` when the client is unknown or has no USR with an e-mail. Each call is a new
    message (the supervisor asked to send it again), never a retry of an earlier one."""
    key = normalize_nit(nit)
    language = runtime.policy.mail.language

    def work(connection: Connection) -> str:
        client_id = outbox.client_id_of(connection, key)
        if client_id is None:
            raise Refused("report.unknown_client", nit=key)
        usr = outbox.client_usr(connection, client_id)
        if usr is None:
            raise Refused("report_mail.no_usr", nit=key)
        values = {"month": month_words(period, language), "client": usr.client, "nit": key, "contact": usr.name}
        subject, body = render(language, "report", values)
        outbox.queue(
            connection,
            now=runtime.now(),
            case_id=None,
            kind="report",
            recipient=usr.email,
            subject=subject,
            body=body,
            dedupe=f"report:{client_id}:{period.name}:{uuid.uuid4().hex}",
            domain=MESSAGE_DOMAIN,
            attachment=(file_name, pdf),
        )
        return usr.email

    return write(engine, work, guard=ActorCheck(login, SUPERVISING))
