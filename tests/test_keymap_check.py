"""A `[keymap]` that names no binding, or gives a key a second meaning on a screen (the app's keys
included), is refused before the console or the dashboard starts, in one line naming the file and
the key; `config show` says the same. The README's example is a keymap the console accepts."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from conftest import FROZEN_NOW, bogota

import jq_console.ui.widgets
from jq_console.bootstrap import frozen_clock
from jq_console.cli import main
from jq_console.cli.keymap import refuse_bad_keymap
from jq_console.config import ConfigError, Settings, load_settings
from jq_console.ui.key_hints import keymap_keys
from jq_console.ui.keymap_check import widget_classes

README = Path(__file__).resolve().parent.parent / "README.md"
CLEAN = {"HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent/.config"}


def settings_of(tmp_path: Path, keymap: str) -> tuple[Path, Settings]:
    path = tmp_path / "keys.toml"
    path.write_text(f"[keymap]\n{keymap}\n", encoding="utf-8")
    return path, load_settings({**CLEAN, "JQ_CONSOLE_CONFIG": str(path)}, files=[path])


@pytest.mark.parametrize(
    ("keymap", "code", "key", "told"),
    [
        ('"queue.take" = "n"', "config.keymap_clash", "keymap.queue.take", {"other_id": "queue.register"}),
        # T is the timer's everywhere (app.timer stops a running one): the README's old example.
        ('"queue.take" = "T"', "config.keymap_clash", "keymap.queue.take", {"pressed": "T", "other_id": "app.timer"}),
        ('"case.timer" = "c"', "config.keymap_clash", "keymap.case.timer", {"other_id": "case.close"}),
        ('"app.billing" = "s"', "config.keymap_clash", "keymap.app.billing", {"other_id": "case.resolve"}),
        ('"queue.search" = "ctrl+q"', "config.keymap_clash", "keymap.queue.search", {"other_id": "quit"}),
        ('"queue.take" = "ctrl+t, m"', "config.keymap_clash", "keymap.queue.take", {"pressed": "m"}),
        ('"queue.nope" = "z"', "config.keymap_unknown_like", "keymap.queue.nope", {}),
        ('"nada" = "z"', "config.keymap_unknown", "keymap.nada", {}),
    ],
)
def test_a_keymap_that_would_confuse_a_key_is_refused_naming_the_file_and_key(
    tmp_path: Path, keymap: str, code: str, key: str, told: dict[str, str]
) -> None:
    path, settings = settings_of(tmp_path, keymap)
    with pytest.raises(ConfigError) as refusal:
        refuse_bad_keymap(settings)
    assert refusal.value.code == code
    assert refusal.value.params["path"] == path and refusal.value.params["key"] == key
    assert told.items() <= refusal.value.params.items()


@pytest.mark.parametrize(
    "keymap",
    [
        '"queue.clear" = "c"',  # c closes a case on the case screen: another screen, where X is not
        '"queue.take" = "n"\n"queue.register" = "t"',  # swapped: each key still one meaning
        '"case.timer" = "ctrl+t"\n"app.timer" = "ctrl+t"',  # moved together, as they were
        '"app.help" = "f1"',  # one of its own keys only
    ],
)
def test_a_keymap_that_keeps_one_meaning_per_key_is_taken(tmp_path: Path, keymap: str) -> None:
    _, settings = settings_of(tmp_path, keymap)
    refuse_bad_keymap(settings)


def test_the_readme_example_is_a_keymap_the_console_takes(tmp_path: Path) -> None:
    example = re.search(r"\[keymap\][^\n]*\n\s+(\"[\w.]+\" = \"[^\"]+\")", README.read_text(encoding="utf-8"))
    assert example is not None
    _, settings = settings_of(tmp_path, example.group(1))
    refuse_bad_keymap(settings)


def test_keys_are_read_as_bindings_name_them() -> None:
    assert keymap_keys(" ctrl+t , /,T") == ["ctrl+t", "slash", "T"]


def test_the_check_knows_every_widget_with_keys_of_its_own() -> None:
    """A widget's keys answer on the screen it is on: the check must know which one."""
    package = jq_console.ui.widgets
    with_keys = {
        cls
        for info in pkgutil.iter_modules(package.__path__)
        for _, cls in inspect.getmembers(importlib.import_module(f"{package.__name__}.{info.name}"), inspect.isclass)
        if cls.__module__.startswith("jq_console.") and cls.__dict__.get("BINDINGS")
    }
    assert with_keys <= widget_classes()


@pytest.mark.parametrize("command", [[], ["dashboard"], ["config", "show"]])
def test_nothing_starts_on_a_refused_keymap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from jq_console.ui.app import JQConsoleApp, demo_services
    from jq_console.ui.dashboard_app import DashboardApp

    db = tmp_path / "d.sqlite"
    demo_services(str(db), clock=frozen_clock(bogota(FROZEN_NOW))).engine.dispose()
    path, _ = settings_of(tmp_path, '"queue.take" = "n"')
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "ana")

    def started(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an app started")

    monkeypatch.setattr(JQConsoleApp, "run", started)
    monkeypatch.setattr(DashboardApp, "run", started)
    assert main(["--db", str(db), *command]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "keymap.queue.take" in lines[0] and "Nuevo caso" in lines[0]
    assert captured.out == ""
