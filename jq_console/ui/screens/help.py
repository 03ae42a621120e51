"""The help screen: what each screen does and its keys, in the interface language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from jq_console.i18n import t
from jq_console.ui.widgets.key_footer import KeyFooter


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", t("ui.key.close"), tooltip=t("ui.tip.close"), id="help.close")
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(t("ui.help.text"), id="help-text")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
