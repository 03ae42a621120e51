"""Reclassifying a case's severity: the new severity, why (misclassified: the targets count from the
opening, paused time not counted; escalated: from now), the resulting deadlines previewed with the
same domain rule that will store them, and the reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from jq_console.application.cases import ClockStory
from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import Case, Refused
from jq_console.domain.policy import SEVERITIES
from jq_console.i18n import error_text, label, short_datetime, t
from jq_console.ui.screens.dialog_base import DialogScreen, required


class ReclassifyDialog(DialogScreen[tuple[str, str, str]]):
    def __init__(self, runtime: Runtime, case: Case, story: ClockStory | None = None) -> None:
        super().__init__(
            t("ui.dialog.reclassify_title", code=case.code),
            t("ui.dialog.reclassify_intro", severity=label("severity", case.severity)),
        )
        self.runtime = runtime
        self.case = case
        self.story = story or ClockStory((), None)

    def fields(self) -> ComposeResult:
        options = [(label("severity", code), code) for code in SEVERITIES if code != self.case.severity]
        yield Label(t("ui.dialog.new_severity"), classes="field-label", markup=False)
        yield Select(options, id="severity", allow_blank=True, prompt=t("ui.dialog.choose"), compact=True)
        kinds = [(label("reclassify_kind", kind), kind) for kind in lifecycle.RECLASSIFY_KINDS]
        yield Label(t("ui.dialog.reclassify_kind"), classes="field-label", markup=False)
        yield Select(kinds, id="kind", allow_blank=True, prompt=t("ui.dialog.choose"), compact=True)
        yield Static("", id="preview", markup=False)
        yield Label(t("ui.dialog.reason"), classes="field-label", markup=False)
        yield Input(compact=True, id="reason")

    @on(Select.Changed)
    def preview(self) -> None:
        severity, kind = self.query_one("#severity", Select).value, self.query_one("#kind", Select).value
        preview = self.query_one("#preview", Static)
        if not isinstance(severity, str) or not isinstance(kind, str):
            preview.update("")
            return
        runtime = self.runtime
        try:
            change = lifecycle.reclassify(
                self.case,
                severity,
                runtime.of_case(self.case).engine,
                "-",  # the reason is the agent's to type; the preview only needs the deadlines
                kind,
                now=runtime.now(),
                pauses=self.story.pauses,
                agreed_due=self.story.agreed_due,
            )
        except Refused as refusal:  # the policy's answer, shown before the agent types a reason
            preview.update(error_text(refusal))
            return
        assignment = change.updates.get("assignment_due", self.case.assignment_due)
        resolution = change.updates.get("resolution_due", self.case.resolution_due)
        preview.update(
            t(
                "ui.dialog.reclassify_preview",
                assignment=short_datetime(runtime.local(assignment)),
                resolution=short_datetime(runtime.local(resolution)) if resolution is not None else "⏸",
            )
        )

    def result(self) -> tuple[str, str, str]:
        severity = self.query_one("#severity", Select).value
        if not isinstance(severity, str):
            raise ValueError(t("ui.dialog.required", what=t("ui.dialog.new_severity")))
        kind = self.query_one("#kind", Select).value
        if not isinstance(kind, str):
            raise ValueError(t("ui.dialog.required", what=t("ui.dialog.reclassify_kind")))
        return severity, required(self.query_one("#reason", Input).value, t("ui.dialog.reason")), kind
