"""The client's notices: which move queues which message, filled from the templates shipped in the
package (`jq_console/data/mail/<language>/<notice>.txt`, first line the subject). Each function
returns the effect the store runs inside the move's own transaction (None when the policy switched
that notice off), so a notice exists exactly when its move does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case, Refused
from jq_console.domain.mail import fill, split_template, when_words
from jq_console.domain.text import plain
from jq_console.store import outbox

if TYPE_CHECKING:  # named in signatures only: a take need not import the stores of studies and talk
    from jq_console.domain.studies import StudyRef
    from jq_console.store.conversation import Entry
    from jq_console.store.intake import IntakeResult
    from jq_console.store.studies import Study

# The right-hand side of our Message-IDs: unique to this console, never a real host name.
MESSAGE_DOMAIN = "jq-console.jqsystems.com.co"
OUTCOMES = {
    "es": {
        "custom_development": "desarrollo a la medida (le enviamos la cotización)",
        "future_release": "incluido en una próxima versión",
        "rejected": "no viable",
    },
    "en": {
        "custom_development": "custom development (we send you the quote)",
        "future_release": "included in a future release",
        "rejected": "not viable",
    },
}
NO_DEADLINE = {"es": "sin plazo mientras espera", "en": "no deadline while waiting"}


@cache
def template(language: str, notice: str) -> tuple[str, str]:
    """(subject, body) of a notice's template, as shipped (an administrator edits the package's files)."""
    text = resources.files("jq_console").joinpath("data", "mail", language, f"{notice}.txt").read_text("utf-8")
    return split_template(text)


def render(language: str, notice: str, values: Mapping[str, str]) -> tuple[str, str]:
    subject, body = template(language, notice)
    clean = {key: plain(value, multiline=True) for key, value in values.items()}
    return plain(fill(subject, clean)), fill(body, clean)


def _when(runtime: Runtime, epoch: float | None) -> str:
    language = runtime.policy.mail.language
    return NO_DEADLINE[language] if epoch is None else when_words(epoch, runtime.tz, language)


def case_values(runtime: Runtime, case: Case) -> dict[str, str]:
    severity = runtime.policy.severities.get(case.severity)
    return {
        "code": case.code,
        "title": case.title,
        "severity": f"{case.severity} ({severity.name})" if severity else case.severity,
        "assignment_due": _when(runtime, case.assignment_due),
        "resolution_due": _when(runtime, case.resolution_due),
        "agent": case.agent or "",
    }


def queue_case_notice(
    connection: Connection,
    runtime: Runtime,
    case: Case,
    notice: str,
    dedupe: str,
    extra: Mapping[str, str] = {},
    *,
    usr_fallback: bool = False,
) -> bool:
    """Queue `notice` about `case` to its reporter (nothing when the case has no e-mail to write to;
    with `usr_fallback`, the client's USR when the reporter has none)."""
    recipient = outbox.case_recipient(connection, case.id, usr_fallback=usr_fallback)
    if recipient is None:
        return False
    values = {**case_values(runtime, case), "contact": recipient.name or recipient.email, "client": recipient.client}
    subject, body = render(runtime.policy.mail.language, notice, {**values, **extra})
    return outbox.queue(
        connection,
        now=runtime.now(),
        case_id=case.id,
        kind=notice,
        recipient=recipient.email,
        subject=subject,
        body=body,
        dedupe=dedupe,
        domain=MESSAGE_DOMAIN,
    )


def on_message(runtime: Runtime, agent: Callable[[], str]) -> Callable[[Connection, Case, Entry], None]:
    """The effect of an agent's message to the client (a `to_client` entry of the conversation): the
    `message` notice, queued with the entry and named by it (`to_client:<entry id>`), to the reporter or
    else the client's USR. Not switchable: the agent chose to write. `Refused` when nobody has an e-mail,
    so no message is recorded as to be sent that could never go."""

    def effect(connection: Connection, case: Case, entry: Entry) -> None:
        extra = {"note": entry.text, "agent": agent()}
        dedupe = f"to_client:{entry.id}"
        if not queue_case_notice(connection, runtime, case, "message", dedupe, extra, usr_fallback=True):
            raise Refused("mail.write.no_address", code=case.code)

    return effect


def on_register(runtime: Runtime) -> Callable[[Connection, Case], None] | None:
    if not runtime.policy.mail.notifies("registered"):
        return None

    def effect(connection: Connection, case: Case) -> None:
        queue_case_notice(connection, runtime, case, "registered", f"registered:{case.id}")

    return effect


def on_intake(runtime: Runtime) -> Callable[[Connection, Case, IntakeResult], None] | None:
    registered = on_register(runtime)
    if registered is None:
        return None
    return lambda connection, case, _result: registered(connection, case)


def on_move(runtime: Runtime, notice: str, **extra: str) -> Callable[[Connection, Case, Case], None] | None:
    """The effect of a move that tells the client (`taken`, `waiting` with its reason, `resolved`
    with its note, `closed`); one notice per version of the case, so a repeated move is a new notice."""
    if not runtime.policy.mail.notifies(notice):
        return None

    def effect(connection: Connection, _before: Case, after: Case) -> None:
        queue_case_notice(connection, runtime, after, notice, f"{notice}:{after.id}:{after.version}", extra)

    return effect


def on_study(
    runtime: Runtime, case_of: Callable[[Connection, str], Case | None]
) -> Callable[[Connection, Study], None] | None:
    if not runtime.policy.mail.notifies("study"):
        return None
    language = runtime.policy.mail.language

    def effect(connection: Connection, study: Study) -> None:
        case = case_of(connection, study.case_code)
        if case is None:
            return
        extra = {
            "feature": study.feature,
            "outcome": OUTCOMES[language].get(study.outcome, study.outcome),
            "note": study.note,
        }
        queue_case_notice(connection, runtime, case, "study", f"study:{case.id}:{study.decided_at!r}", extra)

    return effect


def on_release(
    runtime: Runtime, name: str, case_of: Callable[[Connection, str], Case | None]
) -> Callable[[Connection, int, list[StudyRef]], None] | None:
    """One notice per client who asked (to the reporter of their first case in the release)."""
    if not runtime.policy.mail.notifies("release"):
        return None

    def effect(connection: Connection, release_id: int, chosen: list[StudyRef]) -> None:
        by_client: dict[int, list[StudyRef]] = {}
        for ref in chosen:
            by_client.setdefault(ref.client_id, []).append(ref)
        for client_id, refs in sorted(by_client.items()):
            case = case_of(connection, refs[0].case_code)
            if case is None:
                continue
            extra = {
                "release": name.strip(),
                "cases": ", ".join(ref.case_code for ref in refs),
                "features": "\n".join(f"  - {ref.feature}" for ref in refs),
            }
            queue_case_notice(connection, runtime, case, "release", f"release:{release_id}:{client_id}", extra)

    return effect
