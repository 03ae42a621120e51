"""A dialog that asks one sentence: the reason for waiting, invalidating or rejecting, a resolution
note, or who verified."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from jq_console.i18n import t
from jq_console.ui.screens.dialog_base import DialogScreen, required


class ReasonDialog(DialogScreen[str]):
    def __init__(
        self, title: str, prompt: str, *, optional: bool = False, typed: dict[str, str] | None = None, error: str = ""
    ) -> None:
        super().__init__(title, typed=typed, error=error)
        self.prompt = prompt
        self.optional = optional

    def fields(self) -> ComposeResult:
        yield Label(self.prompt, classes="field-label", markup=False)
        yield Input(compact=True, id="reason", placeholder=t("ui.dialog.reason_placeholder"))

    def result(self) -> str:
        value = self.query_one("#reason", Input).value
        return value.strip() if self.optional else required(value, self.prompt)
