"""`mail send`: one pass over the outbox. Each due row is claimed, handed to the SMTP server and
marked with the server's answer: `sent`; `failed` on a permanent refusal (5xx) or when the policy's
`give_up_hours` have passed; otherwise pending again after a back-off that doubles (the server may be
down for hours: the rows simply wait). At most `per_address_per_hour` messages go to one address in
any hour; the rest wait without it counting as an attempt.
"""

from __future__ import annotations

import contextlib
import email.policy
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from mimetypes import guess_type

from sqlalchemy import Engine

from jq_console.application import mail_transport
from jq_console.bootstrap import Runtime
from jq_console.config import MailSettings
from jq_console.domain.mail import ascii_address, retry_delay
from jq_console.domain.text import plain
from jq_console.store import outbox
from jq_console.store.outbox import Queued

HOUR = 3600.0
MAX_ANSWER = 500


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    postponed: int = 0
    problem: str = ""  # why the server could not be reached, when it could not
    answers: list[str] = field(default_factory=list)


# The answer kept for a message this program does not hand to a server that cannot take it.
NO_SMTPUTF8 = "553 local: the address has letters beyond ASCII before its @ and the server offers no SMTPUTF8"


class Refusal(Exception):
    """The server refused one message: its code and answer."""

    def __init__(self, code: int, answer: str) -> None:
        super().__init__(answer)
        self.code = code
        self.answer = answer


def build(row: Queued, sender: str, now: float, attachment: bytes = b"") -> EmailMessage:
    """The message of an outbox row; `attachment`, the bytes of the file it carries (a PDF)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ascii_address(row.recipient) or row.recipient  # else sent only with SMTPUTF8
    message["Subject"] = plain(row.subject)
    message["Message-ID"] = row.message_id
    message["Date"] = formatdate(row.created_at or now, localtime=False)
    if row.in_reply_to:
        message["In-Reply-To"] = row.in_reply_to
    if row.refs:
        message["References"] = row.refs
    # RFC 3834: a notice is automatic, so well-behaved auto-responders do not answer it (no loops).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.body)
    if row.attachment_name:
        maintype, _, subtype = (guess_type(row.attachment_name)[0] or "application/octet-stream").partition("/")
        message.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=row.attachment_name)
    return message


def _answer(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    return plain(f"{code} {said}")[:MAX_ANSWER]


def _deliver(client: smtplib.SMTP, message: EmailMessage, sender: str, recipient: str) -> str:
    """One message through an open connection; the server's answer to DATA, or `Refusal`. An
    address with letters beyond ASCII (half the demo's contacts: "ana@clínica.com.co") stopped every
    pass at it: its domain goes in IDNA, and a local part beyond ASCII needs the server's SMTPUTF8."""
    to, options = ascii_address(recipient), []
    if to is None:
        if not client.has_extn("smtputf8"):
            raise Refusal(553, NO_SMTPUTF8)
        to, options = recipient, ["SMTPUTF8"]
    code, said = client.mail(sender, options)
    if code != 250:
        client.rset()
        raise Refusal(code, _answer(code, said))
    code, said = client.rcpt(to)
    if code not in (250, 251):
        client.rset()
        raise Refusal(code, _answer(code, said))
    # SMTP lines end in CRLF, and smtplib leaves bytes as they are: a bare LF makes the whole message
    # one line, which a server refuses ("line too long") or reads wrongly (SMTP smuggling fixes).
    # SMTPUTF8: the headers as UTF-8, not as encoded words an address may not hold.
    policy = (email.policy.SMTPUTF8 if options else email.policy.SMTP).clone(linesep="\r\n")
    code, said = client.data(message.as_bytes(policy=policy))
    if code != 250:
        raise Refusal(code, _answer(code, said))
    return _answer(code, said)


def _again(engine: Engine, runtime: Runtime, row: Queued, answer: str, report: SendReport) -> None:
    """Pending again after the back-off, or failed once the policy's patience is spent."""
    policy = runtime.policy.mail
    now = runtime.now()
    next_at = now + retry_delay(row.attempts + 1, policy.retry_first_minutes, policy.retry_max_minutes)
    if now - row.created_at >= policy.give_up_hours * HOUR:
        outbox.mark_failed(engine, row.id, answer)
        report.failed += 1
    else:
        outbox.mark_retry(engine, row.id, next_at, answer)
        report.retried += 1


def send_pass(engine: Engine, runtime: Runtime, mail: MailSettings, limit: int = 500) -> SendReport:
    report = SendReport()
    rows = outbox.claim_due(engine, runtime.now(), limit)
    if not rows:
        return report
    server = mail.need("smtp")
    try:
        client = mail_transport.smtp(server)
    except (OSError, smtplib.SMTPException) as error:
        report.problem = plain(f"{type(error).__name__}: {error}")[:MAX_ANSWER]
        for row in rows:
            _again(engine, runtime, row, report.problem, report)
        return report
    per_hour = runtime.policy.mail.per_address_per_hour
    try:
        for index, row in enumerate(rows):
            now = runtime.now()
            if not outbox.renew_claim(engine, row, now):
                continue  # claimed again by a later pass meanwhile: it sends it
            if outbox.sent_since(engine, row.recipient, now - HOUR) >= per_hour:
                outbox.mark_retry(engine, row.id, now + HOUR / 4, "rate limit", counts=False)
                report.postponed += 1
                continue
            try:
                attached = outbox.attachment_of(engine, row.id) if row.attachment_name else b""
                message = build(row, mail.sender, now, attached)
                answer = _deliver(client, message, mail.sender, row.recipient)
            except Refusal as refusal:
                if refusal.code >= 500:
                    outbox.mark_failed(engine, row.id, refusal.answer)
                    report.failed += 1
                else:
                    _again(engine, runtime, row, refusal.answer, report)
                report.answers.append(refusal.answer)
                continue
            except (UnicodeError, ValueError) as error:
                # This message cannot be written as the server needs it (an address, a header): it
                # fails with the reason, and the pass goes on with the others.
                with contextlib.suppress(OSError, smtplib.SMTPException):
                    client.rset()
                answer = plain(f"local: {type(error).__name__}: {error}")[:MAX_ANSWER]
                outbox.mark_failed(engine, row.id, answer)
                report.failed += 1
                report.answers.append(answer)
                continue
            except (OSError, smtplib.SMTPException) as error:
                # The connection broke: this row and the rest wait for the next pass.
                report.problem = plain(f"{type(error).__name__}: {error}")[:MAX_ANSWER]
                for left in rows[index:]:
                    if left is row or outbox.renew_claim(engine, left, now):  # not one a later pass took
                        _again(engine, runtime, left, report.problem, report)
                return report
            outbox.mark_sent(engine, row.id, runtime.now(), answer)
            report.sent += 1
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return report
