"""The list of sub-command modules. Each module has `register(subparsers, common)` and sets a
`handler(context) -> exit code` on the parsers it adds."""

from __future__ import annotations

import argparse

from jq_console.cli import (
    admin,
    admin_clients,
    audit,
    billing,
    case,
    case_talk,
    console,
    core,
    mail,
    office,
    ops,
    policy,
    report,
    settings,
    sweep,
)
from jq_console.cli.console import demo_db_path, ensure_demo
from jq_console.cli.context import Context
from jq_console.domain.cases import Refused

MODULES = (core, console, ops, audit, billing, report, admin, office, case, policy, mail, settings, sweep)
# With --demo these make the demo database themselves or need none (the others find it filled).
MAKE_THEIR_OWN_DATABASE = (core.run_init, core.run_demo, settings.run_show)
# Commands that write nothing to the database: a moved clock (--now) is theirs to use anywhere.
READS_ONLY = (
    admin.agent_list,
    admin_clients.client_list,
    audit.run_audit,
    billing.run_billing,
    billing.run_release_pending,
    billing.run_study_quote,
    billing.run_study_show,
    case.run_show,
    case_talk.run_find,
    core.run_cases,
    core.run_deadlines,
    mail.run_check,
    mail.run_inbox,
    mail.run_status,
    office.run_backup,
    office.run_dashboard,
    report.run_report,  # --send writes the outbox: it checks a moved clock itself (cli/report.py)
    policy.run_diff,
    policy.run_history,
    policy.run_show,
    settings.run_show,
)
__all__ = [
    "MAKE_THEIR_OWN_DATABASE",
    "READS_ONLY",
    "demo_db_path",
    "ensure_demo",
    "open_console",
    "register",
    "require_clock_of_record",
]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for module in MODULES:
        module.register(subparsers, common)


def open_console(context: Context) -> int:
    return console.open_console(context)


def require_clock_of_record(context: Context, handler: object) -> None:
    """Everything written is stamped with the real clock: a moved clock (--now) writes only to a
    sandbox database (demo data, tests); on one that holds real work a writing command is refused."""
    if context.args.now is None or handler in READS_ONLY or handler in MAKE_THEIR_OWN_DATABASE:
        return
    from jq_console.store.sandbox import is_sandbox
    from jq_console.store.schema import schema_version

    engine = context.engine(initialized=False)
    if schema_version(engine) is not None and not is_sandbox(engine):
        raise Refused("clock.moved_on_real_data")
