"""Every action the case allows now, on one key: the footer of the case screen names only this
menu, the timer and the client, so no move is ever cut off at any terminal width. Each entry shows
its own key, which chooses it in the menu as it does on the case screen without the menu."""

from __future__ import annotations

from typing import NamedTuple

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from jq_console.i18n import t
from jq_console.ui.widgets.key_footer import KeyFooter


class MenuEntry(NamedTuple):
    action: str
    key: str  # as Textual names it ("l", "ctrl+n")
    shown: str  # as the footer shows it ("l", "^n")
    description: str


class MovesMenu(ModalScreen[str]):
    """Returns the chosen action's name (empty when none was chosen)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", t("ui.key.cancel"), tooltip=t("keymap.moves.tip_cancel"), id="moves.cancel")
    ]

    def __init__(self, code: str, entries: list[MenuEntry]) -> None:
        """`entries`: each action offered now."""
        super().__init__()
        self.code, self.entries = code, entries

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("live.moves.title", code=self.code), id="dialog-title", markup=False)
            if not self.entries:
                yield Static(t("live.moves.none"), id="dialog-intro", markup=False)
            options = [Option(f"{entry.shown:>5}  {entry.description}", id=entry.action) for entry in self.entries]
            yield OptionList(*options, id="moves", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#moves", OptionList).focus()

    @on(OptionList.OptionSelected, "#moves")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def on_key(self, event: events.Key) -> None:
        """A key shown beside an entry chooses it (the list itself answers arrows and Enter)."""
        action = next((entry.action for entry in self.entries if entry.key == event.key), None)
        if action is not None:
            event.stop()
            self.dismiss(action)

    def action_cancel(self) -> None:
        self.dismiss("")
