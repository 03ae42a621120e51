"""Opening the interactive console (the default when no sub-command is given)."""

from __future__ import annotations

import argparse
from pathlib import Path

from jq_console.application.identity import current_login
from jq_console.cli.context import Context
from jq_console.i18n import t
from jq_console.store.demo import DemoOptions, fill_demo
from jq_console.store.engine import default_db_path
from jq_console.store.schema import schema_version


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    console = subparsers.add_parser("console", parents=[common], help=t("help.console"))
    console.add_argument("--demo", action="store_true", help=t("help.console.demo"))
    console.set_defaults(handler=open_console)


def demo_db_path() -> Path:
    return default_db_path().with_name("demo.sqlite")


def open_console(context: Context) -> int:
    args = context.args
    if getattr(args, "demo", False):
        if args.db is None:
            args.db = str(demo_db_path())
        engine = context.engine(initialized=False)
        if schema_version(engine) is None:
            report = fill_demo(engine, context.runtime, DemoOptions(login=current_login()))
            print(t("cli.demo_console", cases=report.cases, path=args.db))
    from jq_console.ui.app import run_app  # the UI is imported only when it is really opened

    return run_app(context)
