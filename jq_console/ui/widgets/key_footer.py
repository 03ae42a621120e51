"""The footer of every screen: Textual's, with each key's label told in the interface language when
it is drawn, not when the screen's module was imported (`i18n.retold`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from jq_console.i18n import retold


class KeyFooter(Footer):
    # Keys a narrow screen leaves off its footer (they still work, and the help and the command
    # palette list them): set by the screen, which then recomposes the footer.
    hidden: frozenset[str] = frozenset()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key in self.hidden:
                continue
            if isinstance(widget, FooterKey):
                widget.description = retold(widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = retold(widget.tooltip)
            yield widget
