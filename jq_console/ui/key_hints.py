"""Hints that name a key (a status line's "X clears the filters", the timer's "T: start") name the
key that does it: its binding's own, or the one the user's keymap (`[keymap]`, by binding id) binds
in its place. Textual applies a keymap to the bindings but keeps it to itself; the apps keep it too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from textual.app import App
from textual.binding import Binding, BindingType, Keymap
from textual.dom import DOMNode
from textual.keys import _character_to_key


class KeymapKept(App[None]):
    """An app that keeps the keymap it was given (binding id -> keys) for `key_hint`."""

    def __init__(self) -> None:
        self.user_keys: dict[str, str] = {}
        super().__init__()

    def set_keymap(self, keymap: Keymap) -> None:
        self.user_keys = dict(keymap)
        super().set_keymap(keymap)

    def update_keymap(self, keymap: Keymap) -> None:
        self.user_keys.update(keymap)
        super().update_keymap(keymap)


def key_hint(node: DOMNode, binding: Binding) -> str:
    """How a hint names the key of `binding`: the first key the user's keymap binds to its id in its
    place, else its own, shown as the footer and the help show keys."""
    app = node.app
    keys = app.user_keys.get(binding.id or "") if isinstance(app, KeymapKept) else None
    if keys:
        binding = replace(binding, key=keys.split(",")[0].strip(), key_display=None)
    return app.get_key_display(binding)


def keymap_keys(keys: str) -> list[str]:
    """The keys of a keymap value as Textual names a binding's: split at commas, each stripped, a
    single character by its name (`/` is `slash`, as in BINDINGS); Textual's keymap takes them as
    written, so `"a, /"` would bind " /", a key no one can press."""
    names = [key.strip() for key in keys.split(",")]
    return [_character_to_key(key) if len(key) == 1 else key for key in names if key]


def textual_keymap(keymap: Mapping[str, str]) -> dict[str, str]:
    """The keymap as Textual must be given it (the keys named as in BINDINGS)."""
    return {binding_id: ",".join(keymap_keys(keys)) for binding_id, keys in keymap.items()}


def binding_of(bindings: Iterable[BindingType], binding_id: str) -> Binding:
    """The binding with that id among `bindings` (a class's BINDINGS)."""
    return next(each for each in bindings if isinstance(each, Binding) and each.id == binding_id)
