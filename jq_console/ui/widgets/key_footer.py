"""The footer of every screen: Textual's, with each key's label told in the interface language when
it is drawn, not when the screen's module was imported (`i18n.retold`), and never a key cut in
half: the keys that do not fit whole in the terminal's width are left off (they still work, and the
help and the command palette list every one)."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from jq_console.i18n import retold, t

NARROW = 120  # columns below which the footer is compact
# Keys of Textual's own widgets that show in a footer, by the words Textual gives them (English): a
# choice list's open menu said "esc Dismiss menu" on a Spanish screen.
TEXTUAL_KEYS = {"Dismiss menu": "ui.sys.dismiss_menu"}


class KeyFooter(Footer):
    # Keys a narrow screen leaves off its footer (they still work, and the help and the command
    # palette list them): set by the screen, which then recomposes the footer.
    hidden: frozenset[str] = frozenset()
    _narrowed = False  # made compact here, for a narrow terminal
    _recompose_due = False  # a recompose for changed bindings is already scheduled
    _composed_for: Hashable = None  # what the keys now shown were made from

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual recomposes the whole footer on every change of the screen's bindings (each focus
        move sends one, several at a time): here the changes of one moment make one recompose, and
        none at all when the keys it would show are the ones shown."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._recompose_due:
            return
        self._recompose_due = True
        self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_due = False
        if self.is_attached and self._shown_keys() != self._composed_for:
            await self.recompose()

    def _shown_keys(self) -> Hashable:
        keys = tuple(
            (binding.key, binding.action, str(binding.description), enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return keys, self.compact, self.show_command_palette, self.hidden, self.size.width

    def compose(self) -> ComposeResult:
        self._composed_for = self._shown_keys() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key in self.hidden:
                continue
            if isinstance(widget, FooterKey):
                if not widget.has_class("-command-palette"):  # the palette's key is not bound: it stays compact
                    # A new FooterKey starts compact and is then bound to the footer's `compact`: two
                    # restylings of the whole key for nothing, on every recompose (each focus change).
                    # Born with the footer's value, the binding finds nothing to change.
                    widget.set_reactive(FooterKey.compact, self.compact)
                    widget.set_class(self.compact, "-compact", update=False)
                own = TEXTUAL_KEYS.get(str(widget.description))
                widget.description = t(own) if own else retold(widget.description)
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
