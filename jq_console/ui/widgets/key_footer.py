"""The footer of every screen: Textual's, with each key's label told in the interface language when
it is drawn, not when the screen's module was imported (`i18n.retold`), and never a key cut in
half: the keys that do not fit whole in the terminal's width are left off (they still work, and the
help and the command palette list every one)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from jq_console.i18n import retold

NARROW = 120  # columns below which the footer is compact


class KeyFooter(Footer):
    # Keys a narrow screen leaves off its footer (they still work, and the help and the command
    # palette list them): set by the screen, which then recomposes the footer.
    hidden: frozenset[str] = frozenset()
    _narrowed = False  # made compact here, for a narrow terminal

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key in self.hidden:
                continue
            if isinstance(widget, FooterKey):
                widget.description = retold(widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = retold(widget.tooltip)
            yield widget
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """Narrow, the keys sit closer and the palette's label goes (Ctrl+P still works), as the
        queue and the case screen do for themselves; then every key again, and as many as fit."""
        narrow = self.size.width < NARROW
        if narrow or self._narrowed:
            self.compact = narrow
            self.show_command_palette = not narrow
            self._narrowed = narrow
        self.refresh(recompose=True)

    def _fit(self) -> None:
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        limit = min([key.region.x for key in palette], default=self.region.right)
        cut = next((index for index, key in enumerate(keys) if key.region.right > limit), None)
        if cut is not None:
            for key in keys[cut:]:
                key.remove()
