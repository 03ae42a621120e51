"""Reclassifying a case's severity: the new severity, its deadlines (recomputed from the opening)
previewed before accepting, and the reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.domain.policy import SEVERITIES
from jq_console.i18n import label, short_datetime, t
from jq_console.ui.screens.dialog_base import DialogScreen, required


class ReclassifyDialog(DialogScreen[tuple[str, str]]):
    def __init__(self, runtime: Runtime, case: Case) -> None:
        super().__init__(
            t("ui.dialog.reclassify_title", code=case.code),
            t("ui.dialog.reclassify_intro", severity=label("severity", case.severity)),
        )
        self.runtime = runtime
        self.case = case

    def fields(self) -> ComposeResult:
        options = [(label("severity", code), code) for code in SEVERITIES if code != self.case.severity]
        yield Label(t("ui.dialog.new_severity"), classes="field-label")
        yield Select(options, id="severity", allow_blank=True, prompt=t("ui.dialog.choose"), compact=True)
        yield Static("", id="preview", markup=False)
        yield Label(t("ui.dialog.reason"), classes="field-label")
        yield Input(compact=True, id="reason")

    @on(Select.Changed, "#severity")
    def preview(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            self.query_one("#preview", Static).update("")
            return
        runtime = self.runtime
        assignment, resolution = runtime.engine.deadlines_epoch(event.value, self.case.opened_at)
        self.query_one("#preview", Static).update(
            t(
                "ui.dialog.reclassify_preview",
                assignment=short_datetime(runtime.local(assignment)),
                resolution=short_datetime(runtime.local(resolution)),
            )
        )

    def result(self) -> tuple[str, str]:
        value = self.query_one("#severity", Select).value
        if not isinstance(value, str):
            raise ValueError(t("ui.dialog.required", what=t("ui.dialog.new_severity")))
        return value, required(self.query_one("#reason", Input).value, t("ui.dialog.reason"))
