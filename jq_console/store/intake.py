"""Storing web-form submissions as cases, once each.

The duplicate check, the client and reporter look-up and the insert run in one immediate
transaction, so two imports of the same file at once still create one case per submission
(the UNIQUE constraint on `case.submission_id` is the last line of defence).

A file of submissions is imported in batches (`import_submissions`): one transaction, one commit
(one fsync on SQLite) for up to a batch of them, each inside its own savepoint, so a refused
submission leaves the others of its batch in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case, Refused
from jq_console.domain.intake import Submission, registration
from jq_console.domain.parsing import InputError, normalize_phone
from jq_console.domain.rules import evaluate
from jq_console.domain.vocabulary import SERVICES, narrow
from jq_console.store.cases import NewCase, insert_case
from jq_console.store.engine import Guard, write
from jq_console.store.tables import CaseRow, Client, Contact


@dataclass(frozen=True)
class IntakeResult:
    submission_id: str
    code: str
    created: bool  # False: the submission was already imported as `code`
    verification: str = ""
    findings: tuple[str, ...] = ()


def _phone(text: str) -> str:
    try:
        return normalize_phone(text) if text else ""
    except InputError:
        return ""


def match_reporter(connection: Connection, client_id: int, email: str, phone: str) -> tuple[int | None, str]:
    """The client's contact with this e-mail (else this phone): (contact id, role), or (None, 'other')."""
    rows = connection.execute(
        select(Contact.c.id, Contact.c.role, Contact.c.email, Contact.c.phone)
        .where(Contact.c.client_id == client_id)
        .order_by(Contact.c.id)
    ).all()
    for row in rows:
        if email and row.email.strip().lower() == email:
            return row.id, row.role
    for row in rows:
        if phone and _phone(row.phone) == phone:
            return row.id, row.role
    return None, "other"


Effect = Callable[[Connection, Case, IntakeResult], None]


def import_submission(
    engine: Engine,
    runtime: Runtime,
    submission: Submission,
    actor: str,
    guard: Guard | None = None,
    effect: Effect | None = None,
) -> IntakeResult:
    """Create the case for `submission`, or say which case it already is. Raises `Refused` when
    the client is unknown or the policy does not allow the case."""
    return write(engine, lambda connection: _import(connection, runtime, submission, actor, effect), guard=guard)


def import_submissions(
    engine: Engine,
    runtime: Runtime,
    submissions: Sequence[Submission],
    actor: str,
    guard: Guard | None = None,
    effect: Effect | None = None,
) -> list[IntakeResult | Refused]:
    """`import_submission` for each of `submissions` in one transaction: for each, its result or the
    refusal that left it out (its savepoint rolled back, the others kept). A retried transaction
    (busy, a serialization failure) runs the whole batch again from the start."""

    def work(connection: Connection) -> list[IntakeResult | Refused]:
        results: list[IntakeResult | Refused] = []
        for submission in submissions:
            savepoint = connection.begin_nested()
            try:
                results.append(_import(connection, runtime, submission, actor, effect))
            except Refused as refusal:
                savepoint.rollback()
                results.append(refusal)
            else:
                savepoint.commit()
        return results

    return write(engine, work, guard=guard) if submissions else []


def _import(
    connection: Connection, runtime: Runtime, submission: Submission, actor: str, effect: Effect | None
) -> IntakeResult:
    existing = connection.execute(
        select(CaseRow.c.code).where(CaseRow.c.submission_id == submission.submission_id)
    ).scalar()
    if existing is not None:
        return IntakeResult(submission.submission_id, existing, created=False)
    client = connection.execute(
        select(Client.c.id, Client.c.service, Client.c.level, Client.c.up_to_date).where(Client.c.nit == submission.nit)
    ).first()
    if client is None:
        raise Refused("intake.unknown_nit", nit=submission.nit)
    reporter_id, role = match_reporter(connection, client.id, submission.reporter_email, submission.reporter_phone)
    verdict = evaluate(
        runtime.policy,
        registration(
            submission, narrow(client.service, SERVICES, "service"), client.level, bool(client.up_to_date), role
        ),
    )
    if verdict.blocked:
        blocking = next(f for f in verdict.findings if f.blocks)
        raise Refused(blocking.code, **blocking.params)
    new = NewCase(
        client_id=client.id,
        reporter_id=reporter_id,
        title=submission.title,
        description=submission.description,
        severity=submission.severity,
        category=submission.category,
        channel="form",
        opened_at=submission.submitted_at,
        submission_id=submission.submission_id,
    )
    extra = {
        "submission_id": submission.submission_id,
        "reporter_email": submission.reporter_email,
        "reporter_phone": submission.reporter_phone,
    }
    case = insert_case(connection, runtime, new, verdict, actor, extra)
    result = IntakeResult(submission.submission_id, case.code, True, case.verification, tuple(verdict.codes()))
    if effect is not None:  # what follows from the new case (its notice, the e-mail it came in), same transaction
        effect(connection, case, result)
    return result
