"""argparse speaking the interface language.

argparse words its own text ("usage:", the group titles, the help option, its refusals) through
gettext, looked up in the module globals `argparse._` and `argparse.ngettext` each time. Installing a
Spanish gettext catalogue would change them for every other library in the process, so instead
`Parser` swaps those two globals only while one of its own methods runs (building, parsing,
formatting help or usage, reporting an error) and restores them afterwards. A parser speaks the
language that was set when it was built; in English nothing is swapped and argparse keeps its text.
Sub-parsers are `Parser`s too: `add_subparsers` builds them with the class of their parent.

A batch's line is read by a `LineParser`: no help to print, and a refusal raised as one sentence
instead of the usage printed and the process ended.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from jq_console.cli.context import CommandError
from jq_console.i18n import language

# argparse's msgids (Python 3.11) a user can meet, in Spanish.
ARGPARSE_ES: dict[str, str] = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos posicionales",
    "options": "opciones",
    "show this help message and exit": "muestra este mensaje de ayuda y sale",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "faltan argumentos obligatorios: %s",
    "one of the arguments %s is required": "se requiere uno de los argumentos %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "valor no válido: %(value)r (elija entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor no válido para %(type)s: %(value)r",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "expected one argument": "se esperaba un argumento",
    "expected at most one argument": "se esperaba como mucho un argumento",
    "expected at least one argument": "se esperaba al menos un argumento",
    "expected %s argument": "se esperaba %s argumento",
    "expected %s arguments": "se esperaban %s argumentos",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se permite junto con el argumento %s",
    "ignored explicit argument %r": "argumento explícito ignorado: %r",
    "unexpected option string: %s": "opción inesperada: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "subcomando desconocido %(parser_name)r (opciones: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "no se puede abrir '%(filename)s': %(error)s",
}


def _spanish(message: str) -> str:
    return ARGPARSE_ES.get(message, message)


def _spanish_plural(singular: str, plural: str, count: int) -> str:
    return _spanish(singular if count == 1 else plural)


@contextmanager
def _speaking(lang: str) -> Iterator[None]:
    if lang != "es":
        yield
        return
    # getattr/setattr: typeshed does not declare argparse's gettext globals.
    saved: tuple[Callable[..., str], Callable[..., str]] = (
        getattr(argparse, "_"),  # noqa: B009
        getattr(argparse, "ngettext"),  # noqa: B009
    )
    setattr(argparse, "_", _spanish)  # noqa: B010
    setattr(argparse, "ngettext", _spanish_plural)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are in the language set when it was built."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._language = language()
        with _speaking(self._language):
            super().__init__(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:  # it words "unrecognized arguments" itself
        with _speaking(self._language):
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _speaking(self._language):
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _speaking(self._language):
            return super().format_usage()

    def format_help(self) -> str:
        with _speaking(self._language):
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _speaking(self._language):
            super().error(message)


class LineParser(Parser):
    """A `Parser` for one line of a batch: it has no help option, and refuses with a `CommandError`
    holding argparse's sentence, which the batch tells after the line's number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False})

    def error(self, message: str) -> NoReturn:
        raise CommandError(message)
