"""The deadline agreed with the client: the new resolution deadline and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from jq_console.bootstrap import Runtime
from jq_console.domain.moments import example_moment
from jq_console.i18n import t
from jq_console.ui.screens.dialog_base import DialogScreen, required


class AgreedDeadlineDialog(DialogScreen[tuple[float, str]]):
    def __init__(self, runtime: Runtime, current: str) -> None:
        super().__init__(t("ui.dialog.agree_title"), t("ui.dialog.agree_intro", current=current))
        self.runtime = runtime

    def fields(self) -> ComposeResult:
        today = self.runtime.local(self.runtime.now())  # the example, on a date that never goes stale
        yield Label(
            t("ui.dialog.agree_when", example=example_moment(today, days=7, time="17:00")),
            classes="field-label",
            markup=False,
        )
        yield Input(compact=True, id="when", placeholder=t("ui.format.moment"))
        yield Label(t("ui.dialog.reason"), classes="field-label", markup=False)
        yield Input(compact=True, id="reason")

    def result(self) -> tuple[float, str]:
        runtime = self.runtime
        when = self.typed_moment(runtime)
        if when.timestamp() <= runtime.now():
            raise ValueError(t("deadline_in_past"))
        return when.timestamp(), required(self.query_one("#reason", Input).value, t("ui.dialog.reason"))
