"""What every dialog shares: a titled box, an inline error line, ctrl+s (or Enter) to accept and
Escape to cancel. A dialog validates what was typed and stays open, with everything kept, until it
is valid; it returns plain values and never touches the database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from jq_console.bootstrap import Runtime
from jq_console.domain.moments import parse_moment
from jq_console.i18n import error_text, t
from jq_console.ui.widgets.key_footer import KeyFooter

R = TypeVar("R")


class DialogScreen(ModalScreen[R | None], Generic[R]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", t("ui.key.accept"), tooltip=t("ui.tip.accept"), id="dialog.accept"),
        Binding("escape", "cancel", t("ui.key.cancel"), tooltip=t("ui.tip.cancel"), id="dialog.cancel"),
    ]

    def __init__(self, title: str, intro: str = "", *, typed: Mapping[str, str] | None = None, error: str = "") -> None:
        """`typed` and `error`: what was typed in this dialog before and why its move was refused,
        when it opens again after a refusal (nothing typed is ever lost)."""
        super().__init__()
        self.dialog_title = title
        self.intro = intro
        self.kept: dict[str, str] = dict(typed or {})
        self.refusal = error

    def on_mount(self) -> None:
        """Put back what was typed before a refusal (Textual runs each class's on_mount)."""
        for field in self.query(Input):
            if field.id in self.kept:
                field.value = self.kept[field.id]
        for area in self.query(TextArea):
            if area.id in self.kept:
                area.text = self.kept[area.id]
        if self.refusal:
            self.show_error(self.refusal)

    def typed_values(self) -> dict[str, str]:
        """Every text field's value by its id: kept when the dialog closes, to be offered again."""
        values = {field.id: field.value for field in self.query(Input) if field.id}
        values.update({area.id: area.text for area in self.query(TextArea) if area.id})
        return values

    def case_changed(self, sentence: str) -> None:
        """The case this dialog acts on changed while it was open: say so before anything is applied."""
        self.show_error(sentence)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.dialog_title, id="dialog-title")
            if self.intro:
                yield Static(self.intro, id="dialog-intro", markup=False)
            yield from self.fields()
            yield Static("", id="dialog-error", markup=False)
        yield KeyFooter()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def result(self) -> R:
        """The values typed, or raise `ValueError` with the sentence to show (nothing is cleared).
        The parsers' `InputError` is a `ValueError` too: its code is told in the interface language."""
        raise NotImplementedError

    def typed_moment(self, runtime: Runtime, selector: str = "#when") -> datetime:
        """The instant typed in `selector`: '15:30' (today) or a full date-time, in the policy's zone."""
        return parse_moment(self.query_one(selector, Input).value, runtime.tz, runtime.local(runtime.now()))

    def show_error(self, text: str) -> None:
        self.query_one("#dialog-error", Static).update(text)

    def action_submit(self) -> None:
        try:
            value = self.result()
        except ValueError as error:
            self.show_error(error_text(error))
            return
        self.kept = self.typed_values()
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_submit()


def required(value: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError(t("ui.dialog.required", what=what))
    return text
