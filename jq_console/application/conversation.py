"""The case's conversation: a note, a call, a WhatsApp message or a message to the client, added by
any registered, active agent on any case, whatever its status (a call about a closed case is still
worth recording). The text is cleaned where it enters (`domain.text.entered`). A message to the client
is also its e-mail: queued in the outbox in the same transaction (`notifications.on_message`)."""

from __future__ import annotations

from sqlalchemy import Engine

from jq_console.application import notifications
from jq_console.application.access import ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.domain.conversation import Draft, EntryValues, checked
from jq_console.store import conversation, outbox
from jq_console.store.conversation import Entry


def add_entry(engine: Engine, runtime: Runtime, login: str, code: str, draft: Draft) -> Entry:
    """Append `draft` to case `code`'s conversation; `Refused` saying why not."""
    now = runtime.now()
    limits = runtime.policy.limits
    tolerance = runtime.policy.bounds.clock_tolerance_minutes * 60

    def decide(_case: Case) -> EntryValues:
        return checked(draft, now, limits.note, limits.name, tolerance)

    guard = ActorCheck(login)
    effect = notifications.on_message(runtime, lambda: guard.actor.name) if draft.kind == "to_client" else None
    _case, entry = conversation.add_entry(engine, code, decide, login, now, guard=guard, effect=effect)
    return entry


def entries(engine: Engine, case_id: int) -> list[Entry]:
    return conversation.entries_of(engine, case_id)


def deliveries(engine: Engine, case_id: int) -> dict[int, str]:
    """How each message to the client of the case fared by e-mail, by entry id (see the outbox)."""
    return outbox.entry_deliveries(engine, case_id)
