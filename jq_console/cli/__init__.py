"""The `jq-console` command: with no sub-command it opens the console; sub-commands script it.

Every known failure becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timezone
from typing import Sequence

from sqlalchemy.exc import DBAPIError

from ..domain.cases import Refused
from ..domain.coded import CodedError
from ..domain.parsing import InputError, parse_instant
from ..i18n import error_text, set_language
from ..store.engine import StoreError, describe
from . import commands
from .context import CommandError, Context


def common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the sub-command. Sub-parsers must not reset what the main
    parser already read, hence SUPPRESS there."""
    parser = argparse.ArgumentParser(add_help=False)
    default = (lambda value: value) if defaults else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--db", default=default(None), metavar="RUTA|URL",
                        help="base de datos: archivo SQLite o URL (por defecto JQ_CONSOLE_DB o "
                             "~/.local/share/jq-console/jq-console.sqlite)")
    parser.add_argument("--policy", default=default(None), metavar="ARCHIVO",
                        help="archivo de política (por defecto JQ_CONSOLE_POLICY o data/policy.toml)")
    parser.add_argument("--lang", default=default("es"), choices=("es", "en"), help="idioma de la interfaz")
    parser.add_argument("--now", default=default(None), metavar="INSTANTE",
                        help="congela el reloj en este instante (demostraciones y pruebas)")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jq-console", parents=[common_options(True)],
        description="Consola de soporte de JQ Systems. Sin subcomando abre la consola.")
    parser.add_argument("--demo", action="store_true",
                        help="abre la consola sobre datos de demostración (los crea si no existen)")
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMANDO")
    commands.register(subparsers, common_options(False))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        set_language(args.lang)
    except ValueError as error:
        parser.error(str(error))
    if args.now is not None:
        # Checked once the language is set, so the usage error speaks it. Read in the policy's
        # time zone later (Context.runtime): the policy file is not known yet.
        try:
            parse_instant(args.now, timezone.utc)
        except InputError as error:
            parser.error(error_text(error))
    context = Context(args, frozen_at=args.now)
    handler = getattr(args, "handler", None) or commands.open_console
    try:
        return handler(context)
    except Refused as refusal:
        print(f"jq-console: {error_text(refusal)}", file=sys.stderr)
        return 1
    except CommandError as error:
        print(f"jq-console: {error}", file=sys.stderr)
        return error.code
    except (StoreError, CodedError) as error:  # bad input, a NIT, the policy file, the database
        print(f"jq-console: {error_text(error)}", file=sys.stderr)
        return 2
    except DBAPIError as error:  # a database refusal no command foresaw: still one sentence, no traceback
        print(f"jq-console: {describe(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        context.close()
