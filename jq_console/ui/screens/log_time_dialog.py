"""Logging work time on a case: how long (45m, 1h30m, 1:30), when it began, and what was done.
The start decides the month and the year's rate it is billed at, so work done before a month's
end can still be logged after it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label

from jq_console.bootstrap import Runtime
from jq_console.domain.moments import work_start
from jq_console.domain.parsing import parse_duration
from jq_console.i18n import t
from jq_console.ui.screens.dialog_base import DialogScreen, required


@dataclass(frozen=True)
class WorkLog:
    minutes: int
    started_at: float
    note: str


class LogTimeDialog(DialogScreen[WorkLog]):
    def __init__(self, runtime: Runtime, code: str) -> None:
        super().__init__(t("ui.dialog.log_title", code=code), t("ui.dialog.log_intro"))
        self.runtime = runtime

    def fields(self) -> ComposeResult:
        yield Label(t("ui.dialog.duration"), classes="field-label", markup=False)
        yield Input(compact=True, id="duration", placeholder="1h30m")
        yield Label(
            t("ui.dialog.work_start", example=self.moment_example(self.runtime)), classes="field-label", markup=False
        )
        yield Input(compact=True, id="when")
        yield Label(t("ui.dialog.work_note"), classes="field-label", markup=False)
        yield Input(compact=True, id="note")

    def result(self) -> WorkLog:
        minutes = parse_duration(required(self.query_one("#duration", Input).value, t("ui.dialog.duration")))
        typed = self.typed_moment(self.runtime).timestamp() if self.query_one("#when", Input).value.strip() else None
        started = work_start(self.runtime.now(), minutes, typed)
        return WorkLog(minutes, started, required(self.query_one("#note", Input).value, t("ui.dialog.work_note")))
