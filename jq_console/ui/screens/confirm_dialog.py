"""A yes/no question before a move that is hard to undo or that touches someone else's work:
closing a case, acting on another agent's case, discarding what was typed, starting the timer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from jq_console.i18n import t
from jq_console.ui.widgets.key_footer import KeyFooter


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for yes, False for no (Escape is always no)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y,s,enter", "yes", t("live.confirm.yes"), tooltip=t("live.confirm.tip_yes"), id="confirm.yes"),
        Binding("escape,n", "no", t("live.confirm.no"), tooltip=t("live.confirm.tip_no"), id="confirm.no"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text, self.question = title, question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            yield Static(self.question, id="dialog-intro", markup=False)
        yield KeyFooter()

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


def leave_asking(screen: Screen[Any], typed: bool, leave: Callable[[], object] | None = None) -> None:
    """Esc on a screen or dialog with typed input: leave at once if nothing was typed, else ask
    first. `leave`: how this one leaves (a dialog dismisses itself); a screen is popped."""
    go = leave or screen.app.pop_screen
    if not typed:
        go()
        return

    def answered(yes: bool | None) -> None:
        if yes and screen.is_current:
            go()

    screen.app.push_screen(ConfirmDialog(t("live.discard.title"), t("live.discard.question")), answered)
