"""Cases coming in: an agent registers one from the console, or the web form's submissions are
imported. The policy's registration rules decide (domain.rules); the store checks who acts inside
the write that creates the case."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from jq_console.application import notifications
from jq_console.application.access import ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case, Refused
from jq_console.domain.intake import Submission
from jq_console.domain.rules import Registration, evaluate
from jq_console.store import cases, intake
from jq_console.store.cases import NewCase
from jq_console.store.intake import IntakeResult

# Submissions imported per transaction: one commit (one fsync on SQLite) for the batch instead of one
# each, while the write lock is held for a few hundred milliseconds at most, so consoles keep writing.
INTAKE_BATCH = 100


def register_case(engine: Engine, runtime: Runtime, login: str, new: NewCase, registration: Registration) -> Case:
    """Open case `new`; refused with the first blocking finding of the policy's rules for `registration`."""
    verdict = evaluate(runtime.policy, registration)
    effect = notifications.on_register(runtime)
    return cases.register(engine, runtime, new, verdict, login, guard=ActorCheck(login), effect=effect)


def import_submission(engine: Engine, runtime: Runtime, login: str, submission: Submission) -> IntakeResult:
    """The case for a web-form submission, or which case it already is (imports may be repeated)."""
    effect = notifications.on_intake(runtime)
    return intake.import_submission(engine, runtime, submission, login, guard=ActorCheck(login), effect=effect)


def import_submissions(
    engine: Engine, runtime: Runtime, login: str, submissions: Sequence[Submission]
) -> list[IntakeResult | Refused]:
    """`import_submission` for a batch, in one transaction: each submission's result, or the refusal
    that left it out while the others of the batch were imported (`jq-console intake` reads a file
    in batches of `INTAKE_BATCH`)."""
    effect = notifications.on_intake(runtime)
    return intake.import_submissions(engine, runtime, submissions, login, guard=ActorCheck(login), effect=effect)
