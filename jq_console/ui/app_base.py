"""What both apps (the console and the dashboard) share: plain-text toasts, a command palette in
the interface language, and the user's theme and keys (`personalise`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual._compositor import ChopsUpdate
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from jq_console.i18n import t
from jq_console.logs import LOGGER
from jq_console.ui.cropped_update import CroppedChops
from jq_console.ui.key_hints import KeymapKept, textual_keymap
from jq_console.ui.screens.palette import binding_commands, show_palette, translated
from jq_console.ui.support import plain_toast

if TYPE_CHECKING:
    from jq_console.config import Settings

HANGUP_CHECK_SECONDS = 2.0


def palette_binding(binding_id: str) -> Binding:
    """Textual's own Ctrl+P binding again, so the footer and help name it in the interface language."""
    return Binding(
        "ctrl+p",
        "command_palette",
        t("ui.key.palette"),
        tooltip=t("ui.tip.palette"),
        show=False,
        priority=True,
        id=binding_id,
    )


class PlainApp(KeymapKept):
    def on_mount(self) -> None:
        """A terminal that hangs up without sending SIGHUP (a console started outside the terminal's
        session) reads as end of input, on which Textual's input thread spins a whole core forever:
        the app ends instead. Its work is in the database; a running timer is found again at the
        next start."""
        fileno = getattr(self._driver, "fileno", None)
        if isinstance(fileno, int) and os.isatty(fileno):
            self.set_interval(HANGUP_CHECK_SECONDS, lambda: self._end_if_hung_up(fileno))

    def _end_if_hung_up(self, fileno: int) -> None:
        if not os.isatty(fileno):
            LOGGER.info("the terminal hung up: the app ends")
            self.exit()

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        """Partial updates write only the refreshed cells (see `cropped_update`)."""
        if type(renderable) is ChopsUpdate:
            renderable = CroppedChops(renderable)
        super()._display(screen, renderable)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text, whatever the caller asks: toasts carry client names and case
        titles, and one markup tag in a name (`Comercial [/b] Andina`) would crash the toast."""
        super().notify(plain_toast(message), title=plain_toast(title), severity=severity, timeout=timeout, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action the screen would run now, then Textual's own less those it already offers.
        Textual's Quit never: quitting is the app's `q`, which asks first about a running timer and
        is not offered where typed text would be lost (the new-case form, a dialog)."""
        offered = list(binding_commands(self, screen))
        names = {command.help_name for command in offered}
        yield from (command.command for command in offered)
        yield from (
            command
            for command in translated(super().get_system_commands(screen))
            if command.title not in names and command.callback != self.action_quit
        )

    def action_command_palette(self) -> None:
        show_palette(self)


def personalise(app: App[None], settings: Settings) -> None:
    """The user's theme and key bindings (by binding id, Textual's keymap) from the configuration,
    for both apps. An unknown theme keeps the default: the app must open whatever the file says."""
    theme = settings.theme
    if theme in app.available_themes:
        app.theme = theme
    if settings.keymap:  # checked before the app was made (`cli.keymap`)
        app.set_keymap(textual_keymap(settings.keymap))
