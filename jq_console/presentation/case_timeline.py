"""A case's timeline in words: the moves of its history and its conversation (notes, calls,
WhatsApp, messages to the client) interleaved by when each happened. The case screen draws it with
colours (`ui.widgets.case_timeline`) and `jq-console case show` prints it, in the same words. What
people typed stays plain text, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jq_console.domain.corrections import edit_line
from jq_console.domain.text import plain
from jq_console.i18n import label, t
from jq_console.store.cases import Event
from jq_console.store.conversation import Entry

FILTERS = ("all", "conversation", "moves")


@dataclass(frozen=True)
class TimelineLine:
    at: float
    who: str  # one line
    head: str  # the move in words ("tomó el caso"), or the entry's kind, direction, contact and state
    text: str  # the move's note or what the entry says, plain, its lines kept; "" when none
    entry: bool  # a line of the conversation, not a move
    entry_id: int | None = None  # the conversation entry's (its e-mail's delivery is kept by it)

    @property
    def lead(self) -> str:
        """The move's words, or what was said marked as such ("» Nota interna")."""
        return f"» {self.head}" if self.entry else self.head

    @property
    def said(self) -> str:
        """The note or what was said, after the lead; "" when there is none."""
        return f" — {self.text}" if self.text else ""


def event_phrase(kind: str) -> str:
    """What a move of `kind` did, as the history says it ("tomó el caso"); a kind this version has no
    words for (written by a newer one) by its stored name."""
    key = f"ui.event.{kind}"
    phrase = t(key)
    return t("live.event.other", kind=kind) if phrase == key else phrase


def move_words(event: Event) -> str:
    """The move's name, and to whom a case was assigned or an edit's old -> new."""
    words = event_phrase(event.kind)
    if event.kind == "assign":
        to, before = event.after.get("agent"), event.before.get("agent")
        words += plain(t("ui.event.assign_to", agent=to) + (t("ui.event.assign_from", agent=before) if before else ""))
    elif event.kind == "edit":
        field, old, new = edit_line(event.before, event.after)
        words += t("talk.edit_line", field=t(f"edit.field.{field}"), old=plain(old), new=plain(new))
    return words


def entry_head(entry: Entry) -> str:
    head = label("entry_kind", entry.kind)
    if entry.direction:
        head += f" {label('direction', entry.direction)}"
    if entry.contact:
        head += f" · {plain(entry.contact)}"
    if entry.state:
        head += f" · {label('entry_state', entry.state)}"
    return head


def timeline(history: Sequence[Event], entries: Sequence[Entry], shown: str = "all") -> list[TimelineLine]:
    """Oldest first; at the same instant a move before what was said. `shown`: one of FILTERS."""
    lines: list[TimelineLine] = []
    if shown != "conversation":
        lines += [
            TimelineLine(event.at, plain(event.actor), move_words(event), plain(event.note, multiline=True), False)
            for event in history
        ]
    if shown != "moves":
        lines += [
            TimelineLine(
                entry.at, plain(entry.author), entry_head(entry), plain(entry.text, multiline=True), True, entry.id
            )
            for entry in entries
        ]
    return sorted(lines, key=lambda line: (line.at, line.entry))
