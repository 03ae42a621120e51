"""Logging work time on a case: how long (45m, 1h30m, 1:30) and what was done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from ..domain.parsing import parse_duration
from ..i18n import t
from .dialog_base import DialogScreen, required


class LogTimeDialog(DialogScreen[tuple[int, str]]):
    def __init__(self, code: str) -> None:
        super().__init__(t("ui.dialog.log_title", code=code), t("ui.dialog.log_intro"))

    def fields(self) -> ComposeResult:
        yield Label(t("ui.dialog.duration"), classes="field-label")
        yield Input(compact=True, id="duration", placeholder="1h30m")
        yield Label(t("ui.dialog.work_note"), classes="field-label")
        yield Input(compact=True, id="note")

    def result(self) -> tuple[int, str]:
        minutes = parse_duration(self.query_one("#duration", Input).value)
        return minutes, required(self.query_one("#note", Input).value, t("ui.dialog.work_note"))
