"""The case screen's timeline: the moves of the history and the conversation (notes, calls,
WhatsApp, messages to the client) interleaved by when each happened, filtered to all, only the
conversation, or only the moves. What people typed is shown as plain text, never markup."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from jq_console.application import conversation
from jq_console.domain.corrections import edit_line
from jq_console.domain.text import plain
from jq_console.i18n import label, short_datetime, t
from jq_console.store.cases import Event
from jq_console.store.conversation import Entry
from jq_console.ui.support import attempt, one_line, services_of

FILTERS = ("all", "conversation", "moves")


@dataclass
class EntriesLoaded(Message):
    case_id: int
    entries: list[Entry]


def _move_detail(event: Event) -> str:
    """What a move's line adds after its name: to whom a case was assigned, or an edit's old -> new."""
    if event.kind == "assign":
        to, before = event.after.get("agent"), event.before.get("agent")
        return one_line(t("ui.event.assign_to", agent=to) + (t("ui.event.assign_from", agent=before) if before else ""))
    if event.kind == "edit":
        field, old, new = edit_line(event.before, event.after)
        return t("talk.edit_line", field=t(f"edit.field.{field}"), old=one_line(old), new=one_line(new))
    return ""


class CaseTimeline(Static):
    """Give it the case's history with `show`; it reads the conversation itself (a thread worker)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.case_id: int | None = None
        self.history: list[Event] = []
        self.entries: list[Entry] = []
        self.filter = "all"
        self.shown = ""  # what the timeline shows, as plain text (tests and screen readers)

    def show(self, case_id: int, history: list[Event]) -> None:
        if case_id != self.case_id:
            self.entries = []
        self.case_id, self.history = case_id, history
        self.draw()
        self.load_entries(case_id)

    @work(thread=True, exclusive=True, group="case-timeline")
    def load_entries(self, case_id: int) -> None:
        engine = services_of(self).engine
        entries = attempt(self, lambda: conversation.entries(engine, case_id))
        if entries is not None:
            self.post_message(EntriesLoaded(case_id, entries))

    def on_entries_loaded(self, message: EntriesLoaded) -> None:
        message.stop()
        if message.case_id == self.case_id:
            self.entries = message.entries
            self.draw()

    def cycle_filter(self) -> str:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.draw()
        return self.filter

    def draw(self) -> None:
        runtime = services_of(self).runtime
        heading = t("talk.timeline", shown=t(f"talk.filter.{self.filter}"))
        lines: list[tuple[float, int, str, Text]] = []
        if self.filter != "conversation":
            lines += [(event.at, 0, event.actor, self._move(event)) for event in self.history]
        if self.filter != "moves":
            lines += [(entry.at, 1, entry.author, self._entry(entry)) for entry in self.entries]
        # A grid, so a long or multi-line text wraps under itself, not under the time.
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(no_wrap=True, style="bold", min_width=10)
        grid.add_column(ratio=1)
        shown = [heading]
        for at, _order, who, line in sorted(lines, key=lambda item: (item[0], item[1])):
            when = short_datetime(runtime.local(at))
            grid.add_row(Text(" " + when), Text(one_line(who)), line)
            shown.append(f"{when} {one_line(who)} {line.plain}")
        self.shown = "\n".join(shown)
        if not lines:
            grid.add_row(Text(" " + t("talk.nothing")), Text(""), Text(""))
        self.update(Group(Text(heading, style="bold underline"), grid))

    def _move(self, event: Event) -> Text:
        line = Text(t(f"ui.event.{event.kind}") + _move_detail(event))
        if event.note:
            line.append(f" — {plain(event.note, multiline=True)}", style="italic")
        return line

    def _entry(self, entry: Entry) -> Text:
        line = Text()
        head = label("entry_kind", entry.kind)
        if entry.direction:
            head += f" {label('direction', entry.direction)}"
        if entry.contact:
            head += f" · {one_line(entry.contact)}"
        if entry.state:
            head += f" · {label('entry_state', entry.state)}"
        line.append(f"» {head}", style="cyan")
        line.append(f" — {plain(entry.text, multiline=True)}")
        return line
