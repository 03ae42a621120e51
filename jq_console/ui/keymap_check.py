"""The `[keymap]` of the settings, checked before an app starts: each binding id must name a binding
of the console or the dashboard, and no remapped key may take a second meaning on a screen where it
works (the screen's own keys, its widgets', and the app's, which reach every screen but a modal one).

Textual would take such a keymap silently: a key given to two bindings of one screen drops the
other (`"queue.take" = "n"` took "n Nuevo caso" out of the queue's footer), and an unknown id does
nothing at all. The check reads the classes' bindings, not a running app, so it knows our screens
and widgets and Textual's bindings on them (focus, quit, copy); the keys a text field takes as
typing are the field's.

Only a console, a dashboard or `config show` with a keymap imports this (`cli.keymap`), so a start
without one loads none of the screens it does not open."""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from itertools import combinations
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from jq_console.config import KEYMAP, ConfigError, Settings
from jq_console.i18n import retold
from jq_console.ui.key_hints import keymap_keys

AppClass = type[App[None]]


# The widgets with keys of their own and the screens they are on (a focused widget answers first).
def _widgets() -> dict[str, tuple[type[DOMNode], ...]]:
    from jq_console.ui.widgets.agents_panel import AgentsPanel
    from jq_console.ui.widgets.case_list import CaseList
    from jq_console.ui.widgets.queue_view import QueueView
    from jq_console.ui.widgets.work_timer import WorkTimer

    return {"QueueScreen": (QueueView, AgentsPanel), "CaseScreen": (WorkTimer,), "DashboardScreen": (CaseList,)}


def _apps(screen: type[Screen[object]], console: AppClass, dashboard: AppClass) -> tuple[AppClass, ...]:
    """The apps that show `screen`: the dashboard its own screen and the cases it opens, the console
    every other."""
    if screen.__name__ == "DashboardScreen":
        return (dashboard,)
    if screen.__name__ == "CaseScreen":
        return (console, dashboard)
    return (console,)


def screen_classes() -> list[type[Screen[object]]]:
    """Every screen of the console and the dashboard (each module of `ui.screens`)."""
    import jq_console.ui.screens as package

    found: dict[str, type[Screen[object]]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                found[cls.__qualname__] = cls
    return list(found.values())


def widget_classes() -> set[type[DOMNode]]:
    return {widget for widgets in _widgets().values() for widget in widgets}


def _bindings(node: type[DOMNode]) -> Iterator[Binding]:
    for bindings in node._merge_bindings().key_to_bindings.values():
        yield from bindings


def screens(console: AppClass, dashboard: AppClass) -> Iterator[list[Binding]]:
    """Each screen as one app shows it: every binding that may answer a key there."""
    widgets = _widgets()
    for screen in screen_classes():
        own = [*_bindings(screen)]
        for widget in widgets.get(screen.__name__, ()):
            own += _bindings(widget)
        for app in _apps(screen, console, dashboard):
            # A modal screen stops the app's keys, but for the priority ones (Ctrl+P).
            modal = issubclass(screen, ModalScreen)
            yield own + [binding for binding in _bindings(app) if binding.priority or not modal]


def _who(binding: Binding) -> str:
    return binding.id or binding.action  # Textual's own have no id: told by their action


def _sharing(bindings: Iterable[Binding], keymap: Mapping[str, list[str]]) -> set[frozenset[str]]:
    """The pairs of bindings that answer to one key with `keymap` applied."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for binding in bindings:
        for key in keymap.get(binding.id or "", [binding.key]):
            by_key[key].add(_who(binding))
    return {frozenset(pair) for who in by_key.values() for pair in combinations(sorted(who), 2)}


def check_keymap(settings: Settings, console: AppClass, dashboard: AppClass) -> None:
    """Refuse, naming the file and the key, a binding id neither app has or a key it would give a
    second meaning on some screen; the pairs a screen already shares (Esc, Enter, the timer's T) stay.
    The apps are given by the command that starts one (`cli.keymap`): this module imports neither."""
    keymap = {binding_id: keymap_keys(keys) for binding_id, keys in settings.keymap.items()}
    if not keymap:
        return
    all_screens = list(screens(console, dashboard))
    known = {binding.id for bindings in all_screens for binding in bindings if binding.id}
    for binding_id in keymap:
        if binding_id not in known:
            path, key = Path(settings.keymap_sources[binding_id]), f"{KEYMAP}.{binding_id}"
            like = difflib.get_close_matches(binding_id, sorted(known), n=1)
            if like:
                raise ConfigError("config.keymap_unknown_like", path=path, key=key, like=f"{KEYMAP}.{like[0]}")
            raise ConfigError("config.keymap_unknown", path=path, key=key)
    for bindings in all_screens:
        for pair in sorted(_sharing(bindings, keymap) - _sharing(bindings, {}), key=sorted):
            mine = next(who for who in sorted(pair, key=lambda who: who not in keymap))
            (theirs,) = pair - {mine}
            other = next(binding for binding in bindings if _who(binding) == theirs)
            their_keys = {key for b in bindings if _who(b) == theirs for key in keymap.get(theirs, [b.key])}
            pressed = next(key for key in keymap[mine] if key in their_keys)
            raise ConfigError(
                "config.keymap_clash",
                path=Path(settings.keymap_sources[mine]),
                key=f"{KEYMAP}.{mine}",
                pressed=pressed,
                other=retold(other.description) or other.action,
                other_id=_who(other),
            )
