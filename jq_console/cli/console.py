"""Opening the interactive console (the default when no sub-command is given), and the demo database
that `--demo` names for every command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jq_console.cli.context import Context
from jq_console.cli.keymap import refuse_bad_keymap
from jq_console.i18n import t

if TYPE_CHECKING:
    from sqlalchemy import Engine


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    console = subparsers.add_parser("console", parents=[common], help=t("help.console"))
    console.set_defaults(handler=open_console)


def demo_db_path() -> Path:
    from jq_console.store.engine import default_db_path

    return default_db_path().with_name("demo.sqlite")


def demo_administrator(engine: Engine) -> str:
    """Who becomes a new demo's administrator: the login at the keyboard, `JQ_CONSOLE_AGENT`
    included, unless it names one of the demo's own people (trying their role, as the README shows:
    `JQ_CONSOLE_AGENT=jvargas jq-console --demo`), who keep their role; then the account itself."""
    from jq_console.application.identity import current_login
    from jq_console.store.demo_names import AGENTS

    named = current_login(engine, sandbox=True)
    return current_login(engine, sandbox=False) if named in {login for login, _, _ in AGENTS} else named


def ensure_demo(context: Context) -> None:
    """`--demo`: the demo database is filled the first time any command uses it (told on stderr, so
    a command's own output, e.g. JSON, stays clean)."""
    from jq_console.store.demo import DemoOptions, fill_demo
    from jq_console.store.errors import StoreError
    from jq_console.store.sandbox import refuse_foreign

    found = refuse_foreign(context.args.db)
    if found.sandbox:  # filled: the demo flag is written in the same transaction as its data
        return
    engine = context.engine(initialized=False, create=True)
    try:
        report = fill_demo(engine, context.runtime, DemoOptions(login=demo_administrator(engine)))
    except StoreError as error:
        # Already holds data: another first start filled it while this one waited for the write
        # (two terminals opened together; its schema may have been there, its data not yet), or the
        # file holds work of its own. Either way it is opened as it is.
        if error.code != "err.demo.not_empty":
            raise
        context.forget_runtime()
        return
    context.forget_runtime()  # the command that follows reads the version the demo stored
    print(t("cli.demo_console", cases=report.cases, path=context.args.db), file=sys.stderr)


def open_console(context: Context) -> int:
    from jq_console.ui.app import run_app  # the UI is imported only when it is really opened

    refuse_bad_keymap(context.settings)  # before the database is opened: nothing starts
    return run_app(context)
