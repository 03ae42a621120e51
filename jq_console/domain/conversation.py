"""A case's conversation: what was said about it and to whom, beside the moves of its history.

Four kinds of entry: an internal `note`, a `call` and a `whatsapp` message (each with its
direction, in or out, the contact on the other end and when it happened), and a message
`to_client`, recorded as *to be sent* (the mail outbox sends it and keeps its own delivery record,
so the entry itself never changes). Entries are append-only: a correction is another entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from jq_console.domain.cases import Refused
from jq_console.domain.text import entered

KINDS = ("note", "call", "whatsapp", "to_client")
SPOKEN = ("call", "whatsapp")  # the kinds that have a direction and a contact
DIRECTIONS = ("in", "out")
TO_SEND = "to_send"  # the state of a message to the client until the outbox delivers it


@dataclass(frozen=True)
class Draft:
    """An entry as typed: `at` None means now."""

    kind: str
    text: str
    direction: str = ""
    contact: str = ""
    at: float | None = None


@dataclass(frozen=True)
class EntryValues:
    """An entry ready to store: plain text, checked direction, `at` not in the future."""

    kind: str
    direction: str
    contact: str
    at: float
    text: str
    state: str


def checked(draft: Draft, now: float, note_limit: int, name_limit: int, tolerance: float = 0.0) -> EntryValues:
    """The entry `draft` describes, or `Refused` saying what is wrong with it. `tolerance`: seconds a
    time typed may run ahead of the clock (the policy's clock tolerance) and still count as now."""
    if draft.kind not in KINDS:
        raise Refused("conversation.unknown_kind", kind=draft.kind, kinds=", ".join(KINDS))
    text = entered(draft.text, "conversation_text", note_limit, multiline=True)
    contact = entered(draft.contact, "contact", name_limit, required=False)
    direction = draft.direction
    if draft.kind in SPOKEN:
        if direction not in DIRECTIONS:
            raise Refused("conversation.direction_required", kind=draft.kind)
    elif direction:
        raise Refused("conversation.no_direction", kind=draft.kind)
    at = now if draft.at is None else draft.at
    if at > now + tolerance:
        raise Refused("conversation.future")
    at = min(at, now)
    return EntryValues(draft.kind, direction, contact, at, text, TO_SEND if draft.kind == "to_client" else "")
