"""Textual's command palette in the interface language: its placeholder, its "no matches" line and the
names of Textual's own system commands (Theme, Quit, Keys, ...), which Textual words in English only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any, NamedTuple

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets.option_list import Option

from jq_console.i18n import retold, t
from jq_console.ui.list_keys import CURSOR_ACTIONS

# Textual's system command titles and helps -> catalogue keys (ui.sys.<name> and ui.sys.<name>.help).
SYSTEM_COMMANDS = {
    "Theme": "theme",
    "Quit": "quit",
    "Keys": "keys",
    "Minimize": "minimize",
    "Maximize": "maximize",
    "Screenshot": "screenshot",
}


def show_palette(app: App[Any]) -> None:
    """The palette, once: a second Ctrl+P while it is open does nothing."""
    if app.use_command_palette and not any(isinstance(screen, CommandPalette) for screen in app.screen_stack):
        app.push_screen(Palette())


class Offered(NamedTuple):
    command: SystemCommand
    help_name: str  # the binding's description alone, as Textual's own commands are named


def binding_commands(app: App[Any], screen: Screen[object]) -> Iterator[Offered]:
    """Every action the screen answers to now, as a palette entry with its key: the ones kept out of
    a footer to save room too (the case's moves, go-to), none that `check_action` turns away (a
    move the case's status does not allow). Textual's own bindings (no id, no words) are not actions."""
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.id or not binding.description or binding.action == "command_palette":
            continue
        if binding.action in CURSOR_ACTIONS:  # up, down, first...: keys to press, not actions to find
            continue
        if binding.action in seen:  # one action on two keys (help: ? and F1) is one entry
            continue
        seen.add(binding.action)
        name = retold(binding.description)
        run = _runner(app, binding.action, active.node)
        yield Offered(
            SystemCommand(f"{name} ({app.get_key_display(binding)})", retold(binding.tooltip or name), run), name
        )


def _runner(app: App[Any], action: str, node: DOMNode) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await app.run_action(action, node)

    return run


def translated(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's own entries renamed; ours (already in the interface language) pass through."""
    for command in commands:
        name = SYSTEM_COMMANDS.get(command.title)
        if name is None:
            yield command
        else:
            yield command._replace(title=t(f"ui.sys.{name}"), help=t(f"ui.sys.{name}.help"))


class Palette(CommandPalette):
    """The command palette with its own words translated."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("ui.palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own method, but with the line in the interface language.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("ui.palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
