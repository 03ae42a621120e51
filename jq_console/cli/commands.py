"""The list of sub-command modules. Each module has `register(subparsers, common)` and sets a
`handler(context) -> exit code` on the parsers it adds."""

from __future__ import annotations

import argparse

from jq_console.cli import admin, billing, console, core, office, ops
from jq_console.cli.context import Context

MODULES = (core, console, ops, billing, admin, office)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for module in MODULES:
        module.register(subparsers, common)


def open_console(context: Context) -> int:
    return console.open_console(context)
