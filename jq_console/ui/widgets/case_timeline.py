"""The case screen's timeline (`presentation.case_timeline`: the moves and the conversation
interleaved by when each happened), filtered to all, only the conversation, or only the moves. What
people typed is shown as plain text, never markup."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from jq_console.application import conversation
from jq_console.i18n import short_datetime, t
from jq_console.presentation.case_timeline import FILTERS, TimelineLine, timeline
from jq_console.store.cases import Event
from jq_console.store.conversation import Entry
from jq_console.ui.support import attempt, services_of


@dataclass
class EntriesLoaded(Message):
    case_id: int
    entries: list[Entry]


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
        lines = timeline(self.history, self.entries, self.filter)
        # A grid, so a long or multi-line text wraps under itself, not under the time.
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(no_wrap=True, style="bold", min_width=10)
        grid.add_column(ratio=1, overflow="fold")  # a long link folds onto the next line, never cut
        shown = [heading]
        for line in lines:
            when = short_datetime(runtime.local(line.at))
            words = _words(line)
            grid.add_row(Text(" " + when), Text(line.who), words)
            shown.append(f"{when} {line.who} {words.plain}")
        self.shown = "\n".join(shown)
        if not lines:
            grid.add_row(Text(" " + t("talk.nothing")), Text(""), Text(""))
        self.update(Group(Text(heading, style="bold underline"), grid))


def _words(line: TimelineLine) -> Text:
    """A move in plain words, its note in italics; what was said, headed in cyan."""
    if line.entry:
        return Text.assemble((line.lead, "cyan"), line.said)
    return Text.assemble(line.lead, (line.said, "italic"))
