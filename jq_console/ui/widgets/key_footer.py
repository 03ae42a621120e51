"""The footer of every screen: Textual's, with each key's label told in the interface language when
it is drawn, not when the screen's module was imported (`i18n.retold`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from jq_console.i18n import retold


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = retold(widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = retold(widget.tooltip)
            yield widget
