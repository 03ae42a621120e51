"""A case's e-mail, oldest first, as lines of plain text: each message we sent with its delivery
state (and the server's answer when it failed), each message the client sent (marked when the
sender is not a contact of the client, or when it was an automatic reply)."""

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
        lines.append(MailLine(item.received_at, f"{short_datetime(runtime.local(item.received_at))}  {text}", "in"))
    return sorted(lines, key=lambda line: line.at)
