"""Past work (`h` on the queue): any case by status group (open, resolved, closed, all), opening
date range and words or a code, a bounded page at a time (never the whole history), newest first.
Enter opens the case; Ctrl+↓ / Ctrl+↑ turn the page. Supervisors mark cases with space and close
the resolved ones with `C` (screens/finder_marks.py)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from jq_console.application import finder
from jq_console.domain.cases import Case
from jq_console.domain.coded import CodedError
from jq_console.domain.finding import STATUS_GROUPS
from jq_console.i18n import error_text, t
from jq_console.ui.key_hints import binding_of, key_hint
from jq_console.ui.messages import ActionFailed
from jq_console.ui.screens.finder_marks import MARK_ACTIONS, MARK_BINDINGS, MarkedPastWork
from jq_console.ui.screens.go_to_dialog import case_line
from jq_console.ui.support import attempt, services_of
from jq_console.ui.widgets.key_footer import KeyFooter

PAGE = 50


@dataclass
class Page(Message):
    cases: list[Case]
    more: bool
    page: int


class CaseFinderScreen(MarkedPastWork):
    CSS_PATH = "case_finder.tcss"
    BINDINGS = [
        Binding("escape", "back", t("ui.key.back"), tooltip=t("ui.tip.back"), id="finder.back"),
        Binding("ctrl+down", "page(1)", t("finder.key.next"), tooltip=t("finder.tip.next"), id="finder.next"),
        Binding(
            "ctrl+up", "page(-1)", t("finder.key.previous"), tooltip=t("finder.tip.previous"), id="finder.previous"
        ),
        *MARK_BINDINGS,
    ]

    def __init__(self, group: str = "resolved") -> None:
        super().__init__()  # with no case marked
        self.group = group
        self.page = 0
        self.more = False
        self.cases: list[Case] = []

    def compose(self) -> ComposeResult:
        yield Static(t("finder.title"), id="finder-title", markup=False)
        with Horizontal(id="finder-filters"):
            with Vertical(classes="filter"):
                yield Label(t("finder.status"), markup=False)
                options = [(t(f"finder_group.{group}"), group) for group in STATUS_GROUPS]
                yield Select(options, id="finder-group", value=self.group, allow_blank=False, compact=True)
            with Vertical(classes="filter"):
                yield Label(t("finder.from"), markup=False)
                yield Input(compact=True, id="finder-from", placeholder=t("ui.format.date"))
            with Vertical(classes="filter"):
                yield Label(t("finder.to"), markup=False)
                yield Input(compact=True, id="finder-to", placeholder=t("ui.format.date"))
            with Vertical(classes="filter wide"):
                yield Label(t("finder.words"), markup=False)
                yield Input(compact=True, id="finder-query", placeholder=t("goto.placeholder"))
        yield OptionList(id="finder-list")
        yield Static("", id="finder-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#finder-query", Input).focus()
        self.reload()

    @on(Input.Changed)
    @on(Select.Changed)
    def filters_changed(self) -> None:
        self.page = 0
        self.reload()

    @on(Input.Submitted)
    def to_the_list(self) -> None:
        if self.cases:
            self.query_one("#finder-list", OptionList).focus()

    def reload(self) -> None:
        group = str(self.query_one("#finder-group", Select).value)
        start = self.query_one("#finder-from", Input).value
        end = self.query_one("#finder-to", Input).value
        words = self.query_one("#finder-query", Input).value
        try:
            opened = finder.opened_range(services_of(self).runtime, start, end)
        except CodedError as error:  # a date that does not parse, a range backwards: said, the list kept
            self.query_one("#finder-status", Static).update(error_text(error))
            return
        self.search(words, group, opened, self.page)

    @work(thread=True, exclusive=True, group="finder")
    def search(self, words: str, group: str, opened: tuple[float | None, float | None], page: int) -> None:
        engine = services_of(self).engine
        found = attempt(self, lambda: finder.find(engine, words, group, opened, page, PAGE))
        if found is not None:
            self.post_message(Page(found.cases, found.more, page))

    def on_page(self, message: Page) -> None:
        self.cases, self.more, self.page = message.cases, message.more, message.page
        self.show_page()
        if self.cases:
            self.query_one("#finder-list", OptionList).highlighted = 0
        first = self.page * PAGE + 1 if self.cases else 0
        sentence = "finder.count_more" if self.more else "finder.count"
        self.query_one("#finder-status", Static).update(
            t(
                sentence,
                first=first,
                last=self.page * PAGE + len(self.cases),
                page=self.page + 1,
                key=key_hint(self, binding_of(self.BINDINGS, "finder.next")),
            )
        )
        self.refresh_bindings()

    def show_page(self) -> None:
        listing = self.query_one("#finder-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(self._line(case)) for case in self.cases])

    def _line(self, case: Case) -> Text:
        line = case_line(case)
        return (
            Text.assemble(("● " if case.code in self.marked else "  ", "bold magenta"), line) if self.marked else line
        )

    def on_action_failed(self, message: ActionFailed) -> None:
        self.query_one("#finder-status", Static).update(message.text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            step = parameters[0] if parameters else 0
            return (step == 1 and self.more) or (step == -1 and self.page > 0)
        if action in MARK_ACTIONS:
            return self.marks_allowed(action)
        return True

    def action_page(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.reload()

    @on(OptionList.OptionSelected, "#finder-list")
    def open_case(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.cases):
            from jq_console.ui.screens.case import CaseScreen

            self.app.push_screen(CaseScreen(self.cases[event.option_index].code))

    def action_back(self) -> None:
        self.app.pop_screen()
