"""The sub-command modules. Each has `register(subparsers, common)` and sets a `handler(context) ->
exit code` on the parsers it adds; what a handler may do with the database is marked on it
(`cli.marks`).

A command imports only its own module: `COMMANDS` says which module registers which sub-command, so
`jq-console take` never loads the billing, mail or administration commands. The help, and a word
that names no command (which the parser refuses listing them all), register every module."""

from __future__ import annotations

import argparse
from importlib import import_module

from jq_console.cli.console import demo_db_path, ensure_demo, open_console
from jq_console.cli.context import Context
from jq_console.cli.marks import MAKE_THEIR_OWN_DATABASE, READS_ONLY, Handler
from jq_console.domain.cases import Refused

# Module -> the sub-commands it registers, in the order of the help.
COMMANDS: dict[str, tuple[str, ...]] = {
    "core": ("init", "demo", "deadlines", "cases"),
    "console": ("console",),
    "ops": ("upgrade",),
    "audit": ("audit",),
    "billing": ("log", "billing", "study", "release"),
    "report": ("report",),
    "admin": ("agent", "client", "contact", "partner", "rate"),
    "office": ("take", "assign", "intake", "backup", "availability", "corrective", "dashboard"),
    "batch": ("batch",),
    "case": ("case",),
    "policy": ("policy",),
    "mail": ("mail",),
    "settings": ("config",),
    "sweep": ("sweep",),
}
__all__ = [
    "COMMANDS",
    "demo_db_path",
    "ensure_demo",
    "open_console",
    "register",
    "require_clock_of_record",
]


def modules_for(command: str | None, help_asked: bool) -> tuple[str, ...]:
    """The modules to register for `command` (the first word of the command line that is no option):
    its own; the console's when there is none (the console opens); all of them for the help or a word
    that is no command."""
    if help_asked:
        return tuple(COMMANDS)
    if command is None:
        return ("console",)
    owner = next((module for module, words in COMMANDS.items() if command in words), None)
    return (owner,) if owner is not None else tuple(COMMANDS)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    modules: tuple[str, ...] = tuple(COMMANDS),
) -> None:
    for name in modules:
        import_module(f"jq_console.cli.{name}").register(subparsers, common)


def require_clock_of_record(context: Context, handler: Handler) -> None:
    """Everything written is stamped with the real clock: a moved clock (--now) writes only to a
    sandbox database (demo data, tests); on one that holds real work a writing command is refused."""
    if context.args.now is None or handler in READS_ONLY or handler in MAKE_THEIR_OWN_DATABASE:
        return
    from jq_console.store.sandbox import is_sandbox
    from jq_console.store.schema import schema_version

    engine = context.engine(initialized=False)
    if schema_version(engine) is not None and not is_sandbox(engine):
        raise Refused("clock.moved_on_real_data")
