"""What every dialog shares: a titled box, an inline error line, ctrl+s (or Enter) to accept and
Escape to cancel. A dialog validates what was typed and stays open, with everything kept, until it
is valid; it returns plain values and never touches the database."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

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

    def __init__(self, title: str, intro: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.intro = intro

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
