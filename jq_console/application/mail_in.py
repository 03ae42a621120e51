"""`mail fetch` and `mail watch`: what comes into the desk's mailbox.

Each message not yet processed is read (domain.mail.parse_message never fails), recorded once by its
Message-ID and then flagged `JQConsole` (and seen) on the server, never deleted:
- a web form's notification becomes a case exactly as `intake` makes one (idempotent by submission
  id too), with its "registered" notice queued in the same transaction;
- a reply (In-Reply-To/References naming one of our messages or a client's message on a case, else
  the case code `[JQ-2026-00042]` in the subject) joins that case's conversation, marked when the
  sender is not a contact of the client; on a case waiting on the client it adds "el cliente
  respondió" to the history and, where the policy's `mail.resume_on_reply` says so, resumes the clock;
- an auto-reply or bulk mail is recorded and never answered (nor flags or resumes anything);
- anything else waits in the unclassified list for an agent.
"""

from __future__ import annotations

import hashlib
import imaplib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from jq_console.application import cases as case_moves
from jq_console.application import mail_out, mail_transport, notifications
from jq_console.application.access import ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.config import MailSettings
from jq_console.domain.cases import Case, Refused
from jq_console.domain.coded import CodedError
from jq_console.domain.intake import SubmissionError, parse_submission
from jq_console.domain.mail import InboundMail, form_submission, parse_message
from jq_console.domain.vocabulary import ENDED_STATUSES
from jq_console.store import intake, mail_in
from jq_console.store.cases import add_event, find_case
from jq_console.store.engine import read, write
from jq_console.store.intake import IntakeResult
from jq_console.store.tables import CaseRow

PROCESSED = "JQConsole"  # the IMAP keyword a processed message carries
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass
class FetchReport:
    read: int = 0
    forms: int = 0
    replies: int = 0
    auto: int = 0
    unclassified: int = 0
    duplicates: int = 0
    resumed: int = 0
    codes: list[str] = field(default_factory=list)


def _base(mail: InboundMail, now: float) -> dict[str, object]:
    return {
        "message_id": mail.message_id,
        "received_at": now,
        "sender": mail.sender,
        "subject": mail.subject,
        "body": mail.text,
        "foreign_sender": False,
        "note": "; ".join(mail.problems)[:1000],
    }


def _record_once(engine: Engine, values: dict[str, object]) -> bool:
    """Record a message; False when another pass recorded it first (the same Message-ID)."""
    try:
        write(engine, lambda connection: mail_in.record(connection, **values))
    except IntegrityError:
        return False
    return True


def _unclassified(engine: Engine, mail: InboundMail, now: float, why: str = "") -> str:
    values = {**_base(mail, now), "kind": "unclassified", "state": "waiting"}
    if why:
        values["note"] = why
    return "unclassified" if _record_once(engine, values) else "duplicate"


def _form(engine: Engine, runtime: Runtime, login: str, mail: InboundMail, item: dict[str, object]) -> str:
    now = runtime.now()
    try:
        submission = parse_submission(item, runtime.tz, now, runtime.policy.limits)
    except SubmissionError as refusal:
        return _unclassified(engine, mail, now, refusal.code)
    registered = notifications.on_intake(runtime)

    def effect(connection: Connection, case: Case, result: IntakeResult) -> None:
        mail_in.record(connection, **_base(mail, now), kind="form", case_id=case.id, state="done")
        if registered is not None:
            registered(connection, case, result)

    try:
        result = intake.import_submission(engine, runtime, submission, login, ActorCheck(login), effect)
    except IntegrityError:
        return "duplicate"  # the same message processed by another pass meanwhile
    except Refused as refusal:
        return _unclassified(engine, mail, now, refusal.code)
    if not result.created:  # the same submission sent again: one case, this message recorded on it
        case = read(engine, lambda connection: find_case(connection, result.code))
        values = {**_base(mail, now), "kind": "form", "case_id": case.id if case else None, "state": "done"}
        _record_once(engine, values)
        return "duplicate"
    return "form"


def _case_of(connection: Connection, mail: InboundMail) -> tuple[int, str] | None:
    found = mail_in.case_of_thread(connection, mail.thread_ids())
    if found is not None:
        return found
    code = mail.case_code()
    if code is None:
        return None
    row = connection.execute(select(CaseRow.c.id, CaseRow.c.code).where(CaseRow.c.code == code)).first()
    return None if row is None else (int(row[0] or 0), str(row[1]))


def _reply(engine: Engine, runtime: Runtime, login: str, mail: InboundMail) -> tuple[str, str | None]:
    """(what it was, the code of a waiting case it answered, or of an ended case it named)."""
    now = runtime.now()

    def work(connection: Connection) -> tuple[str, str | None]:
        found = _case_of(connection, mail)
        if found is None:
            return "none", None
        case_id, code = found
        kind = "auto" if mail.auto else "reply"
        status = connection.execute(select(CaseRow.c.status).where(CaseRow.c.id == case_id)).scalar()
        if kind == "reply" and status in ENDED_STATUSES:
            # Nobody looks at a closed case's conversation: "it failed again" waits in the inbox
            # for an agent, who registers a new case from it (or discards it).
            return "ended", code
        foreign = not mail_in.is_contact(connection, case_id, mail.sender)
        mail_in.record(connection, **{**_base(mail, now), "foreign_sender": foreign}, kind=kind, case_id=case_id)
        # Only a contact of the client answers for it: a stranger who writes a case's code (they follow
        # one another) neither marks the reply nor resumes the clock; the message stays on the case.
        if kind == "reply" and status == "waiting" and not foreign:
            add_event(connection, case_id, now, login, "client_replied", {}, {"from": mail.sender}, mail.subject)
            return kind, code
        return kind, None

    try:
        return write(engine, work, guard=ActorCheck(login))
    except IntegrityError:
        return "duplicate", None


def take_in(engine: Engine, runtime: Runtime, login: str, raw: bytes, *, headers_only: bool = False) -> str:
    """Process one fetched message; says what it became (form, reply, auto, unclassified, duplicate)."""
    policy = runtime.policy
    mail = parse_message(raw, max_body=policy.limits.description, max_attachment=policy.mail.max_attachment_kb * 1024)
    if headers_only:
        mail = InboundMail(**{**mail.__dict__, "problems": (*mail.problems, "too large: headers only")})
    known = mail_in.by_message_id(engine, mail.message_id)
    if known is not None:
        if (known.sender, known.subject, known.body) == (mail.sender, mail.subject, mail.text):
            return "duplicate"  # the same message fetched again
        # Another message under an id already seen (a careless client, or a forged id): kept under
        # an id of its content, said in its note, never dropped as "already read".
        digest = hashlib.sha256(raw).hexdigest()[:40]
        problems = (*mail.problems, f"message-id {mail.message_id} reused")
        mail = replace(mail, message_id=f"<sha256-{digest}@jq-console.invalid>", problems=problems)
        if mail_in.is_known(engine, mail.message_id):
            return "duplicate"
    item = form_submission(mail)
    if item is not None:
        return _form(engine, runtime, login, mail, item)
    kind, waiting = _reply(engine, runtime, login, mail)
    if kind == "ended":
        return _unclassified(engine, mail, runtime.now(), f"case {waiting} ended")
    if kind != "none":
        if waiting is not None and policy.mail.resume_on_reply:
            try:
                case_moves.resume(engine, runtime, login, waiting)
                return "resumed"
            except Refused:
                return kind  # moved meanwhile: the history line says the client answered
        return kind
    if mail.auto and not headers_only:  # one too large to read is for an agent to look at, whatever it says
        values = {**_base(mail, runtime.now()), "kind": "auto", "state": "done"}
        return "auto" if _record_once(engine, values) else "duplicate"
    return _unclassified(engine, mail, runtime.now())


def _count(report: FetchReport, outcome: str) -> None:
    report.read += 1
    if outcome == "resumed":
        report.resumed += 1
        outcome = "reply"
    field_name = {"form": "forms", "reply": "replies", "auto": "auto", "unclassified": "unclassified"}.get(
        outcome, "duplicates"
    )
    setattr(report, field_name, getattr(report, field_name) + 1)


def _fetch(client: imaplib.IMAP4, uid: str, what: str) -> bytes:
    status, parts = client.uid("FETCH", uid, f"({what})")
    if status != "OK":
        raise imaplib.IMAP4.error(f"FETCH {what}: {status}")
    for part in parts:
        if isinstance(part, tuple):
            return bytes(part[1])
        if isinstance(part, bytes) and what == "RFC822.SIZE":
            return part
    return b""


def fetch_pass(engine: Engine, runtime: Runtime, login: str, mail: MailSettings, limit: int = 1000) -> FetchReport:
    """One pass over the mailbox's unprocessed messages (up to `limit`)."""
    client = mail_transport.imap(mail.need("imap"))
    try:
        return fetch_with(client, engine, runtime, login, mail.mailbox, limit)
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            client.shutdown()


def fetch_with(
    client: imaplib.IMAP4, engine: Engine, runtime: Runtime, login: str, mailbox: str, limit: int
) -> FetchReport:
    report = FetchReport()
    status, _ = client.select(mailbox)
    if status != "OK":
        raise CodedError("mail.no_mailbox", mailbox=mailbox)
    status, found = client.uid("SEARCH", "UNKEYWORD", PROCESSED)
    uids = [uid.decode() for uid in found[0].split()[:limit]] if status == "OK" and found and found[0] else []
    cap = runtime.policy.mail.max_message_kb * 1024
    for uid in uids:
        sized = _SIZE.search(_fetch(client, uid, "RFC822.SIZE"))
        too_large = sized is not None and int(sized.group(1)) > cap
        raw = _fetch(client, uid, "BODY.PEEK[HEADER]" if too_large else "BODY.PEEK[]")
        outcome = take_in(engine, runtime, login, raw, headers_only=too_large)
        _count(report, outcome)
        client.uid("STORE", uid, "+FLAGS", f"({PROCESSED} \\Seen)")
    write(engine, lambda connection: mail_in.note_fetch(connection, runtime.now()))
    return report


@dataclass(frozen=True)
class Waiting:
    """Told when a wait between two rounds begins: in IMAP IDLE (the server accepted it) or polling."""

    mode: Literal["idle", "poll"]
    seconds: float


@dataclass(frozen=True)
class Woken:
    """Told when that wait ends: the server announced new mail, the time passed, or the connection
    failed (the next round says whether the server is down)."""

    by: Literal["mail", "time", "failure"]


def watch(
    engine: Engine,
    runtime: Runtime,
    login: str,
    mail: MailSettings,
    *,
    poll_seconds: float = 60.0,
    rounds: int | None = None,
    idle: bool = True,
    told: Callable[[str, object], None] = lambda _what, _report: None,
) -> None:
    """Fetch and send for ever (or `rounds` times): after each pass, wait in IMAP IDLE until the
    server announces new mail or `poll_seconds` pass (plain polling when the server has no IDLE, or
    with `idle=False`). A pass that fails (a server down) is told and tried again after the wait;
    each wait is told as it begins (`Waiting`) and ends (`Woken`)."""
    done = 0
    while rounds is None or done < rounds:
        done += 1
        try:
            told("fetch", fetch_pass(engine, runtime, login, mail))
        except (OSError, imaplib.IMAP4.error, CodedError) as error:
            told("fetch_failed", error)
        try:
            told("send", mail_out.send_pass(engine, runtime, mail))
        except CodedError as error:
            told("send_failed", error)
        if rounds is not None and done >= rounds:
            return
        _wait_for_mail(mail, poll_seconds, idle, told)


def _wait_for_mail(mail: MailSettings, seconds: float, idle: bool, told: Callable[[str, object], None]) -> None:
    by = _idle_wait(mail, seconds, told) if idle else None
    if by is None:  # polling: IDLE switched off, or the server offers none
        told("wait", Waiting("poll", seconds))
        time.sleep(seconds)
        by = "time"
    told("woken", Woken(by))


def _idle_wait(
    mail: MailSettings, seconds: float, told: Callable[[str, object], None]
) -> Literal["mail", "time", "failure"] | None:
    """Wait in IDLE on the watched mailbox; None when the server cannot (then the caller polls)."""
    try:
        client = mail_transport.imap(mail.need("imap"), timeout=seconds + 30)
    except (OSError, imaplib.IMAP4.error, CodedError):
        return None
    try:
        if "IDLE" not in client.capabilities or client.select(mail.mailbox)[0] != "OK":
            return None
        return _idle(client, seconds, lambda: told("wait", Waiting("idle", seconds)))
    except (OSError, imaplib.IMAP4.error):
        time.sleep(min(seconds, 5.0))
        return "failure"
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            client.shutdown()


def _idle(
    client: imaplib.IMAP4, seconds: float, entered: Callable[[], None]
) -> Literal["mail", "time", "failure"] | None:
    """RFC 2177 IDLE by hand (imaplib has it only from Python 3.14): back at the first untagged
    EXISTS/RECENT, or after `seconds`; None when the server refuses the command. `entered` is called
    once the server has accepted it, so nothing delivered from then on goes unannounced."""
    tag = client._new_tag()  # imaplib's own tag counter, so the session stays in step
    client.send(tag + b" IDLE\r\n")
    client.sock.settimeout(seconds)
    by: Literal["mail", "time", "failure"] = "time"
    try:
        line = client.readline()
        if line.startswith(tag):  # refused (a tagged NO/BAD): no IDLE to end
            return None
        entered()
        while line and b"EXISTS" not in line and b"RECENT" not in line:
            line = client.readline()
        by = "mail" if line else "failure"
    except TimeoutError:
        pass  # no new mail within the wait: a normal end of IDLE
    finally:
        client.sock.settimeout(None)
    client.send(b"DONE\r\n")
    while True:
        line = client.readline()
        if not line or line.startswith(tag):
            break
    return by
