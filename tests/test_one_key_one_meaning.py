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
from textual.binding import Binding
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


def test_no_key_takes_a_second_meaning() -> None:
    clashes = {key: {action: sorted(where) for action, where in actions.items()} for key, actions in _clashes().items()}
    assert not clashes, f"a key means different things on different screens: {clashes}"


# The keys that moved to end a clash, by binding id: the ids stayed (a user's keymap names bindings
# by id, so a remapping made before the move keeps working) and each now has one meaning everywhere.
MOVED = {
    "queue.severity": {"S"},
    "queue.client": {"L"},
    "queue.clear": {"X"},
    "queue.mail_inbox": {"M"},
    "case.notify_s3": {"3"},
    "billing.previous_month": {"left_square_bracket", "left"},
    "billing.next_month": {"right_square_bracket", "right"},
    "billing.this_month": {"H"},
    "billing.export": {"ctrl+o"},
    "billing.reload": {"f5"},
    "billing.correct": {"O"},
    "dashboard.previous_month": {"left_square_bracket"},
    "dashboard.next_month": {"right_square_bracket"},
    "dashboard.this_month": {"H"},
    "dashboard.reload": {"f5"},
    "agents.availability": {"D"},
    "inbox.discard": {"delete"},
    "timer.toggle": {"enter"},
    "study.add_line": {"ctrl+l"},
    "study.export": {"ctrl+o"},
    "talk.editor": {"ctrl+g"},
}


def test_the_keys_moved_off_a_second_meaning_keep_their_binding_ids() -> None:
    keys_by_id: dict[str, set[str]] = defaultdict(set)
    for cls in _classes():
        for key, bindings in cls._merge_bindings().key_to_bindings.items():
            for binding in bindings:
                if binding.id in MOVED:
                    keys_by_id[binding.id].add(key)
    assert dict(keys_by_id) == MOVED


def test_capital_c_has_one_meaning() -> None:
    """`C` used to be "close the marked resolved cases" on the queue and "new contact" on the case."""
    assert set(_meanings()["C"]) == {"close_marked"}
    assert set(_meanings()["ctrl+n"]["new_contact"]) == {"CaseScreen", "RegistrationScreen"}


def test_the_help_lists_every_key_of_the_console() -> None:
    """The help is built from the bindings it is given: every screen, dialog and widget of the console
    must be given to it, or its keys go unexplained. The dashboard is its own program, with its keys in
    its footer (its lists of cases too); the moves menu's one key is Esc, named in its footer."""
    from jq_console.ui.app import JQConsoleApp
    from jq_console.ui.screens.help import SECTIONS

    listed = {
        binding.id
        for _, _, groups in SECTIONS
        for bindings in groups
        for binding in bindings
        if isinstance(binding, Binding)
    }
    listed |= {binding.id for binding in JQConsoleApp.BINDINGS if isinstance(binding, Binding)}
    unexplained = sorted(
        f"{cls.__name__}: {binding.id}"
        for cls in _classes()
        if cls.__name__ not in QUESTIONS | {"DashboardApp", "DashboardScreen", "CaseList", "HelpScreen", "MovesMenu"}
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding) and binding.id not in listed
    )
    assert unexplained == []
