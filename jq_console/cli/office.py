"""The office server's commands: take or assign a case, import web-form submissions, copy the database,
say whether you are free, record a corrective action and open the supervisors' dashboard."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jq_console.cli.context import READER, Context
from jq_console.cli.keymap import refuse_bad_keymap
from jq_console.cli.marks import reads_only
from jq_console.domain.breaches import CLOCKS
from jq_console.domain.cases import Refused
from jq_console.domain.presence import AVAILABILITIES
from jq_console.i18n import error_text, label, t

if TYPE_CHECKING:
    from jq_console.store.intake import IntakeResult

# Each command imports what it runs inside its handler: registering them all stays cheap.

BEHIND_ON_PAYMENTS = "client_not_up_to_date"  # domain.rules' finding for a client behind on payments
SPANISH = {"disponible": "available", "ocupado": "busy", "ausente": "away"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    take = subparsers.add_parser("take", parents=[common], help=t("help.take"))
    take.add_argument("code", help=t("help.case_code"))
    take.set_defaults(handler=run_take)

    assign = subparsers.add_parser("assign", parents=[common], help=t("help.assign"))
    assign.add_argument("code", help=t("help.case_code"))
    assign.add_argument("login", metavar=t("help.metavar.login"), help=t("help.assign.login"))
    assign.add_argument("--note", default="", metavar=t("help.metavar.text"), help=t("help.assign.note"))
    assign.set_defaults(handler=run_assign)

    intake = subparsers.add_parser("intake", parents=[common], help=t("help.intake"))
    intake.add_argument("source", metavar=t("help.metavar.file"), help=t("help.intake.source"))
    intake.set_defaults(handler=run_intake)

    copy = subparsers.add_parser("backup", parents=[common], help=t("help.backup"))
    copy.add_argument("path", metavar=t("help.metavar.path"), help=t("help.backup.path"))
    copy.set_defaults(handler=run_backup)

    available = subparsers.add_parser("availability", parents=[common], help=t("help.availability"))
    available.add_argument("state", nargs="?", choices=(*AVAILABILITIES, *SPANISH), help=t("help.availability.state"))
    available.set_defaults(handler=run_availability)

    corrective = subparsers.add_parser("corrective", parents=[common], help=t("help.corrective"))
    corrective.add_argument("code", help=t("help.corrective.code"))
    corrective.add_argument("note", help=t("help.corrective.note"))
    corrective.add_argument("--clock", choices=CLOCKS, help=t("help.corrective.clock"))
    corrective.add_argument(
        "--occurrence", type=int, metavar=t("help.metavar.number"), help=t("help.corrective.occurrence")
    )
    corrective.set_defaults(handler=run_corrective)

    dashboard = subparsers.add_parser("dashboard", parents=[common], help=t("help.dashboard"))
    dashboard.add_argument("--serve", metavar=t("help.metavar.address"), help=t("help.dashboard.serve"))
    dashboard.add_argument("--large", action="store_true", help=t("help.dashboard.large"))
    dashboard.set_defaults(handler=run_dashboard, policy_source=READER)  # reads the record on its own engine


def run_take(context: Context) -> int:
    from jq_console.application import cases
    from jq_console.application.identity import current_login

    login = current_login(context.engine())
    case = cases.take(context.engine(), context.runtime, login, context.args.code)
    print(t("office.taken", code=case.code, login=login))
    return 0


def run_assign(context: Context) -> int:
    from jq_console.application import cases
    from jq_console.application.identity import current_login

    target = context.args.login.strip()
    handover = cases.assign(
        context.engine(), context.runtime, current_login(context.engine()), context.args.code, target, context.args.note
    )
    before = handover.before or t("office.nobody")
    print(t("office.assigned", code=handover.case.code, login=target, before=before))
    return 0


def run_intake(context: Context) -> int:
    """Import a file of web-form submissions, read line by line and stored in batches of
    `INTAKE_BATCH` (one transaction each); every line is told in the file's order."""
    from jq_console.application import intake as case_intake
    from jq_console.application.access import require_agent
    from jq_console.cli.line_source import intake_lines
    from jq_console.domain.intake import Submission, decode_line, parse_submission

    engine = context.engine()
    me = require_agent(engine)  # before reading the file: an unknown login is told once, not per line
    runtime = context.runtime
    limits = runtime.policy.limits
    tally = {"created": 0, "duplicates": 0, "bad": 0}
    batch: list[tuple[int, Submission | Refused]] = []  # in the file's order, each line's submission or refusal

    def store_batch() -> None:
        submissions = [item for _, item in batch if not isinstance(item, Refused)]
        results = iter(case_intake.import_submissions(engine, runtime, me.login, submissions))
        for number, item in batch:
            _tell_intake(number, item if isinstance(item, Refused) else next(results), tally)
        batch.clear()

    for number, line in intake_lines(context.args.source, limits):
        try:
            if isinstance(line, Refused):  # over the size limit or not UTF-8: skipped unread
                raise line
            item = decode_line(line, limits)
            batch.append((number, parse_submission(item, runtime.tz, runtime.now(), limits, runtime.policy.bounds)))
        except Refused as refusal:
            batch.append((number, refusal))
        if len(batch) >= case_intake.INTAKE_BATCH:
            store_batch()
    store_batch()
    print(t("intake.summary", **tally))
    return 1 if tally["bad"] else 0


def _tell_intake(number: int, outcome: IntakeResult | Refused, tally: dict[str, int]) -> None:
    if isinstance(outcome, Refused):
        tally["bad"] += 1
        print(t("intake.line_error", line=number, reason=error_text(outcome)), file=sys.stderr)
    elif outcome.created:
        tally["created"] += 1
        verification = label("verification", outcome.verification)
        print(t("intake.created", code=outcome.code, submission=outcome.submission_id, verification=verification))
        if BEHIND_ON_PAYMENTS in outcome.findings:  # the policy marks such a client wherever its cases appear
            print(t("bounds.intake.behind", code=outcome.code))
    else:
        tally["duplicates"] += 1
        print(t("intake.duplicate", code=outcome.code, submission=outcome.submission_id))


@reads_only
def run_backup(context: Context) -> int:
    from jq_console.application.access import SUPERVISING, require_agent
    from jq_console.store.backup import backup

    engine = context.engine()
    require_agent(engine, SUPERVISING)
    runtime = context.runtime
    report = backup(engine, Path(context.args.path), runtime.local(runtime.now()))
    print(t("office.backup_done", path=report.path, size=report.size // 1024, cases=report.cases))
    return 0


def run_availability(context: Context) -> int:
    from jq_console.application import presence as agent_presence
    from jq_console.application.access import require_agent
    from jq_console.domain.text import plain
    from jq_console.presentation.columns import fit, left
    from jq_console.store import presence

    engine = context.engine()
    me = require_agent(engine)
    runtime = context.runtime
    if context.args.state:
        state = SPANISH.get(context.args.state, context.args.state)
        agent_presence.set_availability(engine, runtime, me.login, state)
        print(t("office.availability_set", state=label("availability", state)))
        return 0
    for person in presence.everyone(engine, runtime.now(), runtime.policy.away_after_minutes):
        print(
            f"{left(plain(person.login), 14)} {fit(plain(person.name), 30)} "
            f"{left(label('availability', person.availability), 11)} "
            f"{t('office.open_cases', count=person.open_cases)}"
        )
    return 0


def run_corrective(context: Context) -> int:
    from jq_console.application import cases
    from jq_console.application.identity import current_login
    from jq_console.domain.vocabulary import narrow

    args = context.args
    engine = context.engine()
    clock = narrow(args.clock, CLOCKS, "clock") if args.clock else None
    case = cases.corrective(
        engine, context.runtime, current_login(engine), args.code, args.note, clock, args.occurrence
    )
    print(t("corrective.done", code=case.code))
    return 0


@reads_only
def run_dashboard(context: Context) -> int:
    refuse_bad_keymap(context.settings)  # the board's viewers run this dashboard too
    if getattr(context.args, "serve", None):
        return serve_dashboard(context)
    from jq_console.ui.dashboard_app import run_dashboard as run  # Textual only when the dashboard really opens

    return run(context)


def serve_dashboard(context: Context) -> int:
    """`dashboard --serve`: the wall board. Checked before listening: the address, the token file,
    and that the database opens read-only for a supervisor (each viewer's process checks again)."""
    from jq_console.application.oversight import dashboard_services
    from jq_console.store.engine import database_url
    from jq_console.ui import board_server  # aiohttp and textual-serve only when the board is served

    args = context.args
    address = board_server.parse_address(args.serve)
    token = board_server.read_token(context.settings.get("board.token_file"))
    dashboard_services(args.db, context.runtime).engine.dispose()
    # The viewers find the database in the environment, not in their command line (a server URL
    # may hold a password, and command lines are visible to every user of the machine).
    os.environ["JQ_CONSOLE_DB"] = database_url(args.db)
    flags = ["--lang", args.lang]  # not --policy: a dashboard reads the version of record
    if args.now:
        flags += ["--now", args.now]
    public_url = context.settings.get("board.public_url")
    command = board_server.viewer_command(flags)
    return board_server.serve(command, address, token, large=args.large, public_url=public_url)
