"""A case's e-mail, oldest first, as lines of plain text: each message we sent with its delivery
state (and the server's answer when it failed), each message the client sent (marked when the
sender is not a contact of the client, or when it was an automatic reply) with what it says: the
client's words were kept but shown nowhere, so an agent could not read a reply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jq_console.bootstrap import Runtime
from jq_console.domain.text import plain
from jq_console.i18n import label, short_datetime, t
from jq_console.store.mail_in import StoredMail
from jq_console.store.outbox import Queued


@dataclass(frozen=True)
class MailLine:
    at: float
    text: str
    state: str  # pending / sending / sent / failed for ours; "in" for the client's
    body: tuple[str, ...] = ()  # the client's message, its lines (at most BODY_LINES, then "…")


BODY_LINES = 40  # a long message (a quoted thread below it) is read whole with `case show --json`


def mail_lines(runtime: Runtime, sent: Iterable[Queued], received: Iterable[StoredMail]) -> list[MailLine]:
    lines: list[MailLine] = []
    for row in sent:
        at = row.sent_at or row.created_at
        text = t(
            "ui.mail.out", to=plain(row.recipient), subject=plain(row.subject), state=label("mail.state", row.state)
        )
        if row.state == "failed" and row.answer:
            text += f" · {plain(row.answer)[:120]}"
        lines.append(MailLine(at, f"{short_datetime(runtime.local(at))}  {text}", row.state))
    for item in received:
        text = t("ui.mail.in", sender=plain(item.sender) or "-", subject=plain(item.subject))
        if item.kind == "auto":
            text += t("ui.mail.auto")
        elif item.foreign_sender:
            text += t("ui.mail.foreign")
        when = short_datetime(runtime.local(item.received_at))
        lines.append(MailLine(item.received_at, f"{when}  {text}", "in", _body_lines(item.body)))
    return sorted(lines, key=lambda line: line.at)


def _body_lines(body: str) -> tuple[str, ...]:
    said = [line.rstrip() for line in plain(body, multiline=True).strip().splitlines()]
    return tuple(said[:BODY_LINES] + (["…"] if len(said) > BODY_LINES else []))
