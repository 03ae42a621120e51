"""The list of sub-command modules. Each module has `register(subparsers, common)` and sets a
`handler(context) -> exit code` on the parsers it adds."""

from __future__ import annotations

import argparse

from jq_console.cli import admin, audit, billing, case, console, core, office, ops, settings
from jq_console.cli.console import demo_db_path, ensure_demo
from jq_console.cli.context import Context

MODULES = (core, console, ops, audit, billing, admin, office, case, settings)
# With --demo these make the demo database themselves or need none (the others find it filled).
MAKE_THEIR_OWN_DATABASE = (core.run_init, core.run_demo, settings.run_show)
__all__ = ["MAKE_THEIR_OWN_DATABASE", "demo_db_path", "ensure_demo", "open_console", "register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for module in MODULES:
        module.register(subparsers, common)


def open_console(context: Context) -> int:
    return console.open_console(context)
