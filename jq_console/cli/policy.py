"""`jq-console policy apply|show|history|diff`: the policy of record, in versions.

`apply` stores a policy file as the new version in force (administrators); the others read the
versions. The file named here (or by --policy / JQ_CONSOLE_POLICY) counts only for `apply`; every
other command measures cases by the versions stored in the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from jq_console.cli.context import LOCAL, CommandError, Context
from jq_console.cli.marks import reads_only
from jq_console.i18n import t

HASH_SHOWN = 12  # characters of the sha256 that `history` shows


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    policy = subparsers.add_parser("policy", parents=[common], help=t("help.policy_cmd"))
    actions = policy.add_subparsers(dest="policy_action", metavar=t("help.metavar.action"), required=True)
    apply = actions.add_parser("apply", parents=[common], help=t("help.policy_cmd.apply"))
    apply.add_argument("path", nargs="?", metavar=t("help.metavar.file"), help=t("help.policy_cmd.apply.file"))
    apply.add_argument("--note", default="", help=t("help.policy_cmd.apply.note"))
    apply.set_defaults(handler=run_apply, policy_source=LOCAL)
    show = actions.add_parser("show", parents=[common], help=t("help.policy_cmd.show"))
    show.add_argument(
        "--version", type=int, dest="number", metavar=t("help.metavar.version"), help=t("help.policy_cmd.show.version")
    )
    show.set_defaults(handler=run_show)
    history = actions.add_parser("history", parents=[common], help=t("help.policy_cmd.history"))
    history.set_defaults(handler=run_history)
    diff = actions.add_parser("diff", parents=[common], help=t("help.policy_cmd.diff"))
    diff.add_argument("first", type=int, metavar=t("help.metavar.first"), help=t("help.policy_cmd.diff.first"))
    diff.add_argument("second", type=int, metavar=t("help.metavar.second"), help=t("help.policy_cmd.diff.second"))
    diff.set_defaults(handler=run_diff)


def run_apply(context: Context) -> int:
    from jq_console.application import policy as record
    from jq_console.application.identity import current_login

    args = context.args
    path = args.path or args.policy  # the positional file, else --policy / JQ_CONSOLE_POLICY
    if not path:
        raise CommandError(t("policy.apply_needs_file"))
    engine = context.engine()
    login = current_login(engine)
    applied = record.apply_policy(engine, context.runtime, login, Path(path), args.note)
    if not applied.changed:
        print(t("policy.unchanged", number=applied.number))
        return 0
    stored = record.version(engine, applied.number)
    print(t("policy.applied", number=applied.number, hash=stored.sha256[:HASH_SHOWN], login=login))
    return 0


@reads_only
def run_show(context: Context) -> int:
    from jq_console.application import policy as record
    from jq_console.application.access import require_agent

    engine = context.engine(readonly=True)
    require_agent(engine)
    print(record.version(engine, context.args.number).text, end="")
    return 0


@reads_only
def run_history(context: Context) -> int:
    from jq_console.application import policy as record
    from jq_console.application.access import require_agent
    from jq_console.presentation.columns import left
    from jq_console.presentation.presenters import iso

    engine = context.engine(readonly=True)
    require_agent(engine)
    versions = record.versions(engine)
    for stored in versions:
        current = "*" if stored is versions[-1] else " "
        when = iso(context.runtime, stored.applied_at, timespec="seconds")
        note = stored.note.replace("\n", " ")
        print(
            f"{current}{stored.number:>4}  {when}  {left(stored.applied_by, 16)} {stored.sha256[:HASH_SHOWN]}  {note}"
        )
    return 0


@reads_only
def run_diff(context: Context) -> int:
    from jq_console.application import policy as record
    from jq_console.application.access import require_agent

    engine = context.engine(readonly=True)
    require_agent(engine)
    for line in record.diff(engine, context.args.first, context.args.second):
        print(line)
    return 0
