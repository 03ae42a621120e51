"""Asked on quitting while a work timer runs: it keeps running (it is stored), but its time is not
logged until it is stopped, so the agent may stop it first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from jq_console.i18n import t
from jq_console.ui.widgets.key_footer import KeyFooter


class QuitWithTimerDialog(ModalScreen[bool]):
    """Returns True to quit anyway, False to stay (and stop the timer first)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding(
            "s", "quit_anyway", t("ui.quit_timer.key_quit"), tooltip=t("ui.quit_timer.tip_quit"), id="quit_timer.quit"
        ),
        Binding(
            "escape,n", "stay", t("ui.quit_timer.key_stay"), tooltip=t("ui.quit_timer.tip_stay"), id="quit_timer.stay"
        ),
    ]

    def __init__(self, code: str, elapsed: str) -> None:
        super().__init__()
        self.code, self.elapsed = code, elapsed

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("ui.quit_timer.title"), id="dialog-title", markup=False)
            yield Static(t("ui.quit_timer.text", case=self.code, elapsed=self.elapsed), id="dialog-intro", markup=False)
        yield KeyFooter()

    def action_quit_anyway(self) -> None:
        self.dismiss(True)

    def action_stay(self) -> None:
        self.dismiss(False)
