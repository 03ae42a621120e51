"""Asked when a work timer is stopped after the end of its working day: how much of it to log."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from jq_console.i18n import t
from jq_console.ui.widgets.key_footer import KeyFooter


class TimerOverrunDialog(ModalScreen[int | None]):
    """Returns the minutes to log, or None to log nothing."""

    CSS_PATH = "timer_overrun_dialog.tcss"
    BINDINGS = [
        Binding("t", "count_all", t("timer.key.all"), tooltip=t("timer.tip.all"), id="timer.all"),
        Binding(
            "f", "count_until_end", t("timer.key.until_end"), tooltip=t("timer.tip.until_end"), id="timer.until_end"
        ),
        Binding("escape,n", "discard", t("timer.discard"), tooltip=t("timer.tip.discard"), id="timer.discard"),
    ]

    def __init__(self, code: str, end_text: str, total: int, until_end: int) -> None:
        super().__init__()
        self.code, self.end_text, self.total, self.until_end = code, end_text, total, until_end

    def compose(self) -> ComposeResult:
        with Vertical(id="overrun"):
            yield Label(t("timer.overrun_title"), id="overrun-title", markup=False)
            yield Static(t("timer.after_hours", case=self.code, end=self.end_text), id="overrun-text", markup=False)
            with Horizontal(id="overrun-buttons"):
                yield Button(t("timer.count_all", minutes=self.total), id="all", variant="warning")
                yield Button(t("timer.count_until_end", minutes=self.until_end), id="until_end", variant="primary")
                yield Button(t("timer.discard"), id="discard")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#until_end", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "all":
            self.action_count_all()
        elif event.button.id == "until_end":
            self.action_count_until_end()
        else:
            self.action_discard()

    def action_count_all(self) -> None:
        self.dismiss(self.total)

    def action_count_until_end(self) -> None:
        self.dismiss(self.until_end)

    def action_discard(self) -> None:
        self.dismiss(None)
