"""`jq-console --help`, the sub-commands' help and argparse's usage errors speak the interface language."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from jq_console.cli import build_parser, main
from jq_console.i18n import set_language
from jq_console.i18n.catalog import AREAS, cli_help

CLI_SOURCES = sorted((Path(__file__).parents[1] / "jq_console" / "cli").glob("*.py"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        with pytest.raises(SystemExit) as exit_:
            main(list(argv))
    finally:
        set_language("es")
    captured = capsys.readouterr()
    code = exit_.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def _has_all(text: str, phrases: tuple[str, ...]) -> None:
    assert [phrase for phrase in phrases if phrase not in text] == [], text


def _has_none(text: str, phrases: tuple[str, ...]) -> None:
    assert [phrase for phrase in phrases if phrase in text] == [], text


MAIN_ES = (
    "uso: jq-console",
    "Consola de soporte de JQ Systems",
    "argumentos posicionales:",
    "opciones:",
    "muestra este mensaje de ayuda y sale",
    "SUBCOMANDO",
    "--db RUTA|URL",
    "crea la base de datos",
)
MAIN_EN = (
    "usage: jq-console",
    "JQ Systems support console",
    "positional arguments:",
    "options:",
    "show this help message and exit",
    "COMMAND",
    "--db PATH|URL",
    "create the database",
)


def test_main_help_is_spanish_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    _has_all(out, MAIN_ES)
    _has_none(out, MAIN_EN)


def test_main_help_is_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--lang", "en", "--help")
    assert code == 0
    _has_all(out, MAIN_EN)
    _has_none(out, MAIN_ES)


TAKE_ES = (
    "uso: jq-console take",
    "código del caso, p. ej. JQ-2026-00001",
    "argumentos posicionales:",
    "[--now INSTANTE]",
    "idioma de la interfaz",
)
TAKE_EN = (
    "usage: jq-console take",
    "case code, e.g. JQ-2026-00001",
    "positional arguments:",
    "[--now INSTANT]",
    "interface language",
)
LOG_ES = (
    "duración: 45m, 1h, 1h30m o 1:30",
    "--corrects REGISTRO",
    "con --corrects: la duración se resta",
    "--policy ARCHIVO",
)
LOG_EN = (
    "duration: 45m, 1h, 1h30m or 1:30",
    "--corrects ENTRY",
    "with --corrects: the duration is subtracted",
    "--policy FILE",
)


@pytest.mark.parametrize(
    ("argv", "expected", "other"),
    [
        (("take", "--help"), TAKE_ES, TAKE_EN),
        (("--lang", "en", "take", "--help"), TAKE_EN, TAKE_ES),
        (("take", "--help", "--lang=en"), TAKE_EN, TAKE_ES),  # --lang after the sub-command, even after --help
        (("log", "--help"), LOG_ES, LOG_EN),
        (("log", "--lang", "en", "--help"), LOG_EN, LOG_ES),
    ],
)
def test_sub_command_help_speaks_the_language(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: tuple[str, ...], other: tuple[str, ...]
) -> None:
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    _has_all(out, expected)
    _has_none(out, other)


@pytest.mark.parametrize(
    ("argv", "expected", "other"),
    [
        (
            ("take",),
            ("uso: jq-console take", "jq-console take: error: faltan argumentos obligatorios: code"),
            ("usage:", "the following arguments are required"),
        ),
        (
            ("--lang", "en", "take"),
            ("usage: jq-console take", "jq-console take: error: the following arguments are required: code"),
            ("uso:", "faltan argumentos"),
        ),
        (("agent",), ("faltan argumentos obligatorios: ACCIÓN",), ("ACTION", "required")),
        (("--lang", "en", "agent"), ("the following arguments are required: ACTION",), ("ACCIÓN", "faltan")),
        (
            ("availability", "libre"),
            ("argumento state: valor no válido: 'libre' (elija entre 'available'",),
            ("invalid choice", "usage:"),
        ),
        (
            ("availability", "libre", "--lang", "en"),
            ("argument state: invalid choice: 'libre' (choose from 'available'",),
            ("valor no válido", "uso:"),
        ),
        (("demo", "--cases", "muchos"), ("argumento --cases: valor no válido para int: 'muchos'",), ("invalid",)),
        (("--lang", "en", "demo", "--cases", "many"), ("argument --cases: invalid int value: 'many'",), ("válido",)),
        (("cases", "--bogus"), ("argumentos no reconocidos: --bogus",), ("unrecognized",)),
        (("--lang", "en", "cases", "--bogus"), ("unrecognized arguments: --bogus",), ("no reconocidos",)),
        (("take", "--db"), ("argumento --db: se esperaba un argumento",), ("expected",)),
        (("--lang", "xx"), ("argumento --lang: valor no válido: 'xx' (elija entre 'es', 'en')",), ("usage:",)),
    ],
)
def test_usage_errors_speak_the_language(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: tuple[str, ...], other: tuple[str, ...]
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    _has_all(err, expected)
    _has_none(err, other)


def test_argparse_own_words_are_left_untouched_for_other_code(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "take")
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage().startswith("usage: other")
    assert "show this help message and exit" in plain.format_help()


def test_build_parser_speaks_the_current_language() -> None:
    assert "SUBCOMANDO" in build_parser().format_help()
    set_language("en")
    try:
        english = build_parser()
    finally:
        set_language("es")
    text = english.format_help()  # still English: a parser keeps the language it was built in
    assert "COMMAND" in text and "usage:" in text and "SUBCOMANDO" not in text


def test_the_help_area_is_in_the_catalogue_in_both_languages() -> None:
    assert "cli_help" in AREAS
    assert sorted(cli_help.ES.keys() ^ cli_help.EN.keys()) == []
    assert all(key.startswith("help.") for key in cli_help.ES)
    assert [key for key in cli_help.ES if cli_help.ES[key] == cli_help.EN[key]] == []  # none left untranslated


def test_every_help_key_the_cli_uses_exists_and_no_literal_help_is_left() -> None:
    used: set[str] = set()
    for source in CLI_SOURCES:
        text = source.read_text(encoding="utf-8")
        used.update(re.findall(r't\("(help\.[a-z_.]+)"[,)]', text))  # with or without parameters
        assert re.findall(r'\b(?:help|metavar|description)="', text) == [], source.name
    assert sorted(used - cli_help.ES.keys()) == []
    assert sorted(cli_help.ES.keys() - used) == []
