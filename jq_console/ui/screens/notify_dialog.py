"""Recording the phone or chat notification of an urgency (S3): when, and how."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from jq_console.bootstrap import Runtime
from jq_console.i18n import label, t
from jq_console.ui.screens.dialog_base import DialogScreen

CHANNELS = ("phone", "whatsapp")


class NotifyDialog(DialogScreen[tuple[float, str]]):
    def __init__(self, runtime: Runtime, code: str) -> None:
        super().__init__(t("ui.dialog.notify_title", code=code), t("ui.dialog.notify_intro"))
        self.runtime = runtime

    def fields(self) -> ComposeResult:
        now = self.runtime.local(self.runtime.now())
        yield Label(
            t("ui.dialog.notify_when", example=self.moment_example(self.runtime)), classes="field-label", markup=False
        )
        yield Input(f"{now:%H:%M}", compact=True, id="when")
        yield Label(t("ui.dialog.notify_how"), classes="field-label", markup=False)
        yield Select(
            [(label("channel", c), c) for c in CHANNELS], id="how", value="phone", allow_blank=False, compact=True
        )
        yield Label(t("ui.dialog.notify_detail"), classes="field-label", markup=False)
        yield Input(compact=True, id="detail")

    def result(self) -> tuple[float, str]:
        runtime = self.runtime
        when = self.typed_moment(runtime)
        if when.timestamp() > runtime.now() + 60:
            raise ValueError(t("ui.dialog.not_future"))
        how = label("channel", str(self.query_one("#how", Select).value))
        detail = self.query_one("#detail", Input).value.strip()
        return when.timestamp(), f"{how}: {detail}" if detail else how
