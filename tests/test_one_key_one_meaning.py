"""One key, one meaning across the console: a key an agent learns on one screen must not do
something else on another. The test reads every screen's, app's and widget's own bindings (what
the help and the footer are built from), so a new binding that reuses a key for another action
fails here, naming the key, the actions and the screens."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget

import jq_console.ui.screens
import jq_console.ui.widgets

# Keys that mean the same *kind* of thing everywhere, though each screen names its own action.
UNIVERSAL = {
    "escape": "leave what is open without doing anything (back, cancel, no, close the help)",
    "enter": "do the highlighted thing (open the case, the moves menu, yes)",
    "ctrl+s": "accept what was typed (save a form, submit a dialog)",
    "ctrl+c": "Textual's copy, or quit where nothing is selected",
    "q": "leave the console (the help closes with it too, as with every key that opened it)",
    "question_mark": "the help, which closes with the key that opened it",
    "f1": "the help, which closes with the key that opened it",
    "b": "billing, which closes with the key that opened it",
}
# The arrows and paging keys move within what has focus (a list, a table, the footer; the months
# on billing): one meaning, "move", whatever is moved.
UNIVERSAL.update(
    dict.fromkeys(
        ("up", "down", "left", "right", "home", "end", "pageup", "pagedown", "ctrl+home", "ctrl+end"),
        "move within what has focus",
    )
)

# Dialogs that ask one question and name its answers on screen: nothing beneath them hears a key
# while they are up, so their one-letter answers (y/s yes, n no, t all, f until the close) are
# read as answers, not as the console's keys.
QUESTIONS = {"ConfirmDialog", "TimerOverrunDialog", "QuitWithTimerDialog"}

# Clashes still to be resolved: each key, the actions it means on different screens. The list
# may only shrink: a clash not listed fails, and a listed one that is gone fails too, so the
# entry is removed with the fix. Renaming these keys changes what agents have learnt, so it is
# decided with the desk, not here.
KNOWN_CLASHES: dict[str, frozenset[str]] = {
    "c": frozenset({"close", "correct", "toggle_client"}),
    "d": frozenset({"agree", "cycle_availability", "discard"}),
    "e": frozenset({"case_study", "mail_inbox"}),
    "h": frozenset({"past_work", "this_month"}),
    "n": frozenset({"next_month", "notify_s3", "register"}),
    "p": frozenset({"assign", "previous_month"}),
    "r": frozenset({"reload", "resume"}),
    "s": frozenset({"cycle_severity", "resolve"}),
    "space": frozenset({"toggle_mark", "toggle_timer"}),
    "x": frozenset({"clear_filters", "export", "invalidate"}),
    "ctrl+n": frozenset({"add_line", "new_contact"}),
    "ctrl+o": frozenset({"export", "external_editor"}),
}


def _classes() -> list[type[Screen[object] | App[object] | Widget]]:
    modules = [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for package in (jq_console.ui.screens, jq_console.ui.widgets)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    modules += [importlib.import_module("jq_console.ui.app"), importlib.import_module("jq_console.ui.dashboard_app")]
    found: dict[str, type[Screen[object] | App[object] | Widget]] = {}
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, (App, Widget)) and cls.__module__.startswith("jq_console."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def _meanings() -> dict[str, dict[str, set[str]]]:
    """key -> action -> the classes binding it so."""
    meanings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for cls in _classes():
        if cls.__name__ in QUESTIONS:
            continue
        for key, bindings in cls._merge_bindings().key_to_bindings.items():
            for binding in bindings:
                if binding.action.startswith("screen.copy_text"):  # Textual's own, on every screen
                    continue
                action = binding.action.removeprefix("app.").removeprefix("screen.")
                meanings[key][action].add(cls.__name__)
    return meanings


def _clashes() -> dict[str, dict[str, set[str]]]:
    return {key: dict(actions) for key, actions in _meanings().items() if len(actions) > 1 and key not in UNIVERSAL}


def test_the_walk_sees_the_main_screens() -> None:
    names = {cls.__name__ for cls in _classes()}
    assert {"QueueScreen", "CaseScreen", "CaseFinderScreen", "RegistrationScreen", "JQConsoleApp"} <= names


def test_no_key_takes_a_new_second_meaning() -> None:
    new = {
        key: {action: sorted(where) for action, where in actions.items()}
        for key, actions in _clashes().items()
        if KNOWN_CLASHES.get(key) != frozenset(actions)
    }
    assert not new, f"a key means different things on different screens: {new}"


def test_every_listed_clash_still_exists_so_the_list_only_shrinks() -> None:
    gone = sorted(set(KNOWN_CLASHES) - set(_clashes()))
    assert not gone, f"resolved: remove {gone} from KNOWN_CLASHES"


def test_capital_c_has_one_meaning() -> None:
    """`C` used to be "close the marked resolved cases" on the queue and "new contact" on the case."""
    assert set(_meanings()["C"]) == {"close_marked"}
    assert set(_meanings()["ctrl+n"]["new_contact"]) == {"CaseScreen", "RegistrationScreen"}
