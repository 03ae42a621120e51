"""The keys of a list of cases drawn line by line (the queue, the dashboard's lists): move through
it and open the highlighted case; each binding's id under the list's own prefix (for `[keymap]`)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from jq_console.i18n import t

# (key, action, what its label and tooltip are called in the catalogue, id's last part)
_MOVES = (
    ("up", "cursor(-1)", "up", "up"),
    ("down", "cursor(1)", "down", "down"),
    ("pageup", "page(-1)", "page_up", "page_up"),
    ("pagedown", "page(1)", "page_down", "page_down"),
    ("home", "jump(0)", "first", "first"),
    ("end", "jump(-1)", "last", "last"),
)


# Moving the highlight is not an action to look up by name: the palette leaves these out.
CURSOR_ACTIONS = frozenset(action for _key, action, _name, _last in _MOVES)


def list_keys(prefix: str, tips: str = "ui.tip") -> list[BindingType]:
    """The moves (shown in the help, not the footer nor the palette) and Enter, which opens.
    `tips`: where the list's own tooltips are (`<tips>.up`, ...): the queue's speak of the queue."""
    moves: list[BindingType] = [
        Binding(key, action, t(f"ui.key.{name}"), tooltip=t(f"{tips}.{name}"), show=False, id=f"{prefix}.{last}")
        for key, action, name, last in _MOVES
    ]
    return [*moves, Binding("enter", "open", t("ui.key.open"), tooltip=t(f"{tips}.open"), id=f"{prefix}.open")]
