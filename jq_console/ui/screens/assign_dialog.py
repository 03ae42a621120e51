"""Handing a case to another agent (supervisors): every active agent with their availability and
open cases, the one who holds the case marked and not selectable, and an optional note on why."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from jq_console.domain.cases import Case
from jq_console.i18n import label, t
from jq_console.store.presence import Presence
from jq_console.ui.screens.dialog_base import DialogScreen
from jq_console.ui.support import one_line
from jq_console.ui.widgets.agents_panel import COLOURS

NAME_WIDTH = 18  # with the login, availability and count, a row fits the dialog at 80 columns


@dataclass(frozen=True)
class Assignment:
    agent: str
    note: str


class AssignDialog(DialogScreen[Assignment]):
    def __init__(self, case: Case, people: list[Presence], typed: Assignment | None = None, error: str = "") -> None:
        """`typed` and `error`: what was chosen before a refusal and why it was refused, shown again."""
        intro = t("ui.dialog.assign_intro", agent=case.agent) if case.agent else t("ui.dialog.assign_intro_nobody")
        super().__init__(t("ui.dialog.assign_title", code=case.code), intro)
        self.holder, self.code = case.agent, case.code
        self.people = people
        self.typed = typed
        self.error = error

    def fields(self) -> ComposeResult:
        yield Label(t("ui.dialog.assign_agent"), classes="field-label", markup=False)
        yield OptionList(*[self._option(person) for person in self.people], id="agent", compact=True)
        yield Label(t("ui.dialog.assign_note"), classes="field-label", markup=False)
        yield Input(
            self.typed.note if self.typed else "",
            compact=True,
            id="note",
            placeholder=t("ui.dialog.reason_placeholder"),
        )

    def _option(self, person: Presence) -> Option:
        login_width = max(len(p.login) for p in self.people)
        holder = person.login == self.holder
        name = one_line(person.name)
        name = name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
        row = Text(f"{one_line(person.login):<{login_width}}  {name:<{NAME_WIDTH}}  ")
        row.append(f"{label('availability', person.availability):<10}", style=COLOURS.get(person.availability, ""))
        row.append(f"  {t('ui.dialog.assign_open', count=person.open_cases)}")
        if holder:
            row.append(f"  {t('ui.dialog.assign_holder')}", style="bold")
        return Option(row, id=person.login, disabled=holder)

    def offer(self, people: list[Presence], holder: str | None) -> None:
        """Who may be chosen, read again after a refusal: the choice stays if it is still offered."""
        agents = self.query_one("#agent", OptionList)
        chosen = agents.highlighted_option
        self.people, self.holder = people, holder
        self.typed = Assignment(chosen.id if chosen is not None and chosen.id else "", "")
        agents.clear_options()
        agents.add_options([self._option(person) for person in people])
        self._highlight()

    def on_mount(self) -> None:
        self._highlight()
        self.query_one("#agent", OptionList).focus()
        if self.error:
            self.show_error(self.error)

    def _highlight(self) -> None:
        agents = self.query_one("#agent", OptionList)
        wanted = self.typed.agent if self.typed else None
        choosable = [index for index, p in enumerate(self.people) if p.login != self.holder]
        again = [index for index in choosable if self.people[index].login == wanted]
        first = again or choosable
        agents.highlighted = first[0] if first else None

    @on(OptionList.OptionSelected, "#agent")
    def chosen(self) -> None:
        self.query_one("#note", Input).focus()

    def result(self) -> Assignment:
        option = self.query_one("#agent", OptionList).highlighted_option
        if option is None or option.id is None:
            raise ValueError(t("ui.dialog.required", what=t("ui.dialog.assign_who")))
        if option.disabled:  # the holder: the list skips it, but say why if it is ever chosen
            raise ValueError(t("assign.same_agent", code=self.code, agent=option.id))
        return Assignment(option.id, self.query_one("#note", Input).value.strip())
