"""Go to any case (`g`, from every screen): a code or part of it (`00042`, `2026-42`) or words of
the case (client, title, reporter, agent, notes…). One match opens at once; several make a short
pick list, the newest first. Whatever the status: resolved, closed, rejected, invalid, referred."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from jq_console.application import finder
from jq_console.domain.cases import Case
from jq_console.i18n import label, t
from jq_console.ui.messages import ActionFailed
from jq_console.ui.screens.dialog_base import DialogScreen
from jq_console.ui.support import attempt, one_line, services_of


def case_line(case: Case) -> Text:
    """One case in a pick list: code, status, client and title, as plain text."""
    line = f"{case.code}  {label('status', case.status):<10} {one_line(case.client_name)} · {one_line(case.title)}"
    return Text(line, no_wrap=True, overflow="ellipsis")


@dataclass
class Found(Message):
    query: str
    cases: list[Case]
    more: bool


class GoToDialog(DialogScreen[str]):
    asks_before_discarding = False  # what is typed is a query, not work to lose

    def __init__(self, query: str = "") -> None:
        super().__init__(t("goto.title"), t("goto.intro"))
        self.typed = query
        self.found: list[Case] = []

    def fields(self) -> ComposeResult:
        yield Input(self.typed, compact=True, id="goto-query", placeholder=t("goto.placeholder"))
        yield Label("", id="goto-count", classes="field-label", markup=False)
        yield OptionList(id="goto-pick", compact=True)

    def on_mount(self) -> None:
        self.query_one("#goto-pick").display = False
        self.query_one("#goto-count").display = False
        self.query_one("#goto-query", Input).focus()
        if self.typed:
            self.search(self.typed)

    def action_submit(self) -> None:
        pick = self.query_one("#goto-pick", OptionList)
        if pick.has_focus and pick.highlighted is not None and self.found:
            self.dismiss(self.found[pick.highlighted].code)
            return
        query = self.query_one("#goto-query", Input).value
        if not query.strip():
            self.show_error(t("goto.empty"))
            return
        self.search(query)

    @work(thread=True, exclusive=True, group="goto")
    def search(self, query: str) -> None:
        engine = services_of(self).engine
        page = attempt(self, lambda: finder.go_to(engine, query))
        if page is not None:
            self.post_message(Found(query, page.cases, page.more))

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()
        self.show_error(message.text)

    def on_found(self, message: Found) -> None:
        self.found = message.cases
        if len(message.cases) == 1 and not message.more:
            self.dismiss(message.cases[0].code)
            return
        pick = self.query_one("#goto-pick", OptionList)
        count = self.query_one("#goto-count", Label)
        pick.clear_options()
        if not message.cases:
            self.show_error(t("goto.none", query=one_line(message.query)))
            pick.display = count.display = False
            return
        self.show_error("")
        pick.add_options([Option(case_line(case)) for case in message.cases])
        key = "goto.several_more" if message.more else "goto.several"
        count.update(t(key, count=len(message.cases)))
        pick.display = count.display = True
        pick.highlighted = 0
        pick.focus()

    @on(OptionList.OptionSelected, "#goto-pick")
    def picked(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.found):
            self.dismiss(self.found[event.option_index].code)
