"""Correcting a case: its title, description, reporter (one of the client's contacts) or scope,
with a reason. The history keeps the old value; a new reporter is judged again by the reporting rules."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea

from jq_console.domain.cases import SCOPES, Case
from jq_console.domain.corrections import EDITABLE
from jq_console.domain.text import plain
from jq_console.i18n import label, t
from jq_console.store.callers import Caller
from jq_console.ui.screens.dialog_base import DialogScreen, required
from jq_console.ui.support import literal, one_line


@dataclass(frozen=True)
class Correction:
    field: str  # title / description / reporter / scope
    value: str | int  # the new text, the contact's id or the scope
    reason: str


class EditCaseDialog(DialogScreen[Correction]):
    def __init__(self, case: Case, contacts: list[Caller]) -> None:
        super().__init__(t("talk.edit.title", code=case.code), t("talk.edit.intro"))
        self.case = case
        self.contacts = contacts

    def fields(self) -> ComposeResult:
        case = self.case
        yield Label(t("talk.edit.field"), classes="field-label", markup=False)
        yield Select(
            [(t(f"edit.field.{f}"), f) for f in EDITABLE], id="field", value="title", allow_blank=False, compact=True
        )
        yield Label(t("talk.edit.new_value"), classes="field-label", markup=False)
        # Filled with the stored text as it is shown, never with a control character it may hold.
        yield Input(one_line(case.title), compact=True, id="new-title")
        yield TextArea(plain(case.description, multiline=True), id="new-description", soft_wrap=True)
        people = [(literal(f"{c.name} ({label('role', c.role)})"), c.id) for c in self.contacts]
        reporter = case.reporter_id if any(c.id == case.reporter_id for c in self.contacts) else Select.NULL
        yield Select(people, id="new-reporter", value=reporter, compact=True, prompt=t("talk.edit.choose_contact"))
        yield Select(
            [(label("scope", s), s) for s in SCOPES], id="new-scope", value=case.scope, allow_blank=False, compact=True
        )
        yield Label(t("talk.edit.reason"), classes="field-label", markup=False)
        yield Input(compact=True, id="reason", placeholder=t("ui.dialog.reason_placeholder"))

    def on_mount(self) -> None:
        self._show("title")

    @on(Select.Changed, "#field")
    def field_changed(self, event: Select.Changed) -> None:
        self._show(str(event.value))

    def _show(self, field: str) -> None:
        for name in EDITABLE:
            self.query_one(f"#new-{name}").display = name == field

    def result(self) -> Correction:
        field = str(self.query_one("#field", Select).value)
        value: str | int
        if field == "title":
            value = self.query_one("#new-title", Input).value
        elif field == "description":
            value = self.query_one("#new-description", TextArea).text
        elif field == "reporter":
            chosen = self.query_one("#new-reporter", Select).value
            if not isinstance(chosen, int):
                raise ValueError(t("talk.edit.choose_contact"))
            value = chosen
        else:
            value = str(self.query_one("#new-scope", Select).value)
        reason = required(self.query_one("#reason", Input).value, t("talk.edit.reason"))
        return Correction(field, value, reason)
