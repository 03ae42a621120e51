"""Core sub-commands: init, demo, deadlines, cases."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, TYPE_CHECKING

from jq_console.cli.context import LOCAL, CommandError, Context
from jq_console.cli.marks import makes_its_own_database, reads_only
from jq_console.domain.coded import CodedError
from jq_console.domain.parsing import InputError, parse_instant
from jq_console.domain.policy import SEVERITIES
from jq_console.i18n import error_text, label, t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from jq_console.bootstrap import Runtime
    from jq_console.domain.intake import SubmissionError
    from jq_console.store.demo import DemoReport


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    init = subparsers.add_parser("init", parents=[common], help=t("help.init"))
    init.add_argument("--sandbox", action="store_true", help=t("help.init.sandbox"))
    init.set_defaults(handler=run_init)

    demo = subparsers.add_parser("demo", parents=[common], help=t("help.demo"))
    demo.add_argument("--cases", type=int, default=150, help=t("help.demo.cases"))
    demo.add_argument("--seed", type=int, default=7, help=t("help.demo.seed"))
    demo.add_argument("--reset", action="store_true", help=t("help.demo.reset"))
    demo.set_defaults(handler=run_demo)

    deadlines = subparsers.add_parser("deadlines", parents=[common], help=t("help.deadlines"))
    deadlines.add_argument("--severity", help=t("help.deadlines.severity"))
    deadlines.add_argument("--opened", help=t("help.deadlines.opened"))
    deadlines.add_argument("--batch", metavar=t("help.metavar.file"), help=t("help.deadlines.batch"))
    deadlines.add_argument("--json", action="store_true", help=t("help.json"))
    deadlines.set_defaults(handler=run_deadlines, policy_source=LOCAL)  # a pure calculation: a local file may say

    cases = subparsers.add_parser("cases", parents=[common], help=t("help.cases"))
    cases.add_argument("--json", action="store_true", help=t("help.json"))
    cases.set_defaults(handler=run_cases)


@makes_its_own_database
def run_init(context: Context) -> int:
    from jq_console.application.identity import current_login
    from jq_console.store.directory import ensure_admin
    from jq_console.store.sandbox import refuse_foreign
    from jq_console.store.schema import create_schema

    refuse_foreign(context.args.db)  # read-only look first: a refused file stays byte-identical
    engine = context.engine(initialized=False, create=True)
    fresh = create_schema(engine, context.runtime.policy, sandbox=context.args.sandbox)
    print(t("cli.init_created" if fresh else "cli.init_existed", url=engine.url.render_as_string()))
    login = current_login(engine)
    if ensure_admin(engine, login):
        print(t("cli.first_admin", login=login))
    return 0


@makes_its_own_database
def run_demo(context: Context) -> int:
    from jq_console.cli.console import demo_administrator
    from jq_console.store.demo import DemoOptions, fill_demo
    from jq_console.store.sandbox import rebuild_sandbox, refuse_foreign

    args = context.args
    if args.cases < 0 or args.cases > 1_000_000:
        raise CommandError(t("cli.demo_cases_range"))

    def fill(engine: Engine) -> DemoReport:
        options = DemoOptions(cases=args.cases, seed=args.seed, login=demo_administrator(engine))
        return fill_demo(engine, context.runtime, options)

    if args.reset:  # only a sandbox; anything else is refused untouched
        context.start_afresh()  # the new demo data is measured by the shipped policy, its version 1
        report = rebuild_sandbox(args.db, fill)
    else:
        refuse_foreign(args.db)
        report = fill(context.engine(initialized=False, create=True))
    print(
        t(
            "cli.demo_done",
            clients=report.clients,
            cases=report.cases,
            open=report.open_cases,
            agents=report.agents,
            login=report.login,
        )
    )
    return 0


def _deadline_result(runtime: Runtime, severity: str, opened: str) -> dict[str, str | None]:
    from jq_console.presentation.presenters import iso

    if severity not in SEVERITIES:
        raise InputError(t("cli.unknown_severity", severity=severity))
    start = parse_instant(opened, runtime.tz).timestamp()
    assignment, resolution = runtime.engine.deadlines_epoch(severity, start)
    return {"assignment_due": iso(runtime, assignment), "resolution_due": iso(runtime, resolution)}


def _batch(runtime: Runtime, source: str, out: IO[str]) -> int:
    from jq_console.cli.line_source import bounded_lines

    bad = 0
    write = out.write
    limit = runtime.policy.limits.intake_line_bytes  # one small JSON object a line: the intake's bound is ample
    for number, line in bounded_lines(source, limit, missing="cli.no_file", unreadable="cli.cannot_read"):
        try:
            result = _batch_line(runtime, line)
        except CodedError as error:
            bad += 1
            message = error_text(error)
            result = {"line": number, "error": message}
            print(t("cli.line_error", line=number, reason=message), file=sys.stderr)
        write(json.dumps(result, ensure_ascii=False) + "\n")
    return 1 if bad else 0


def _batch_line(runtime: Runtime, line: str | SubmissionError) -> dict[str, object]:
    from jq_console.domain.intake import decode_line  # read as the intake reads a line

    if not isinstance(line, str):  # over the line limit, not UTF-8, or a line without end
        raise line
    item = decode_line(line, runtime.policy.limits)
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("severity"), str)
        or not isinstance(item.get("opened"), str)
    ):
        raise InputError("cli.batch_object")
    return dict(_deadline_result(runtime, item["severity"], item["opened"]))


@reads_only
def run_deadlines(context: Context) -> int:
    args = context.args
    runtime = context.runtime
    if args.batch:
        return _batch(runtime, args.batch, sys.stdout)
    if not args.severity or not args.opened:
        raise CommandError(t("cli.deadlines_args"))
    result = _deadline_result(runtime, args.severity.upper(), args.opened)
    if args.json:
        print(json.dumps(result))
    else:
        print(t("cli.deadlines", assignment=result["assignment_due"], resolution=result["resolution_due"]))
    return 0


@reads_only
def run_cases(context: Context) -> int:
    from jq_console.application.access import require_agent
    from jq_console.domain.priority import rank_cases
    from jq_console.presentation.columns import fit, left
    from jq_console.presentation.presenters import case_json
    from jq_console.store import cases as case_store

    runtime = context.runtime
    engine = context.engine(readonly=True)
    require_agent(engine)  # cases hold clients' names and problems: registered agents only
    ranked = rank_cases(runtime.policy, case_store.open_cases(engine, runtime.policy), runtime.now())
    rows = [case_json(runtime, case, reason) for case, reason in ranked]
    if context.args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for row in rows:  # the stored names stay in --json, for scripts; people read their language's
        print(
            f"{row['rank']:>4}  {row['id']} {row['marks']:<2} {row['severity']}  {label('status', row['status']):<11} "
            f"{left(row['agent'] or '-', 10)} {fit(row['client'], 28)} {fit(row['title'], 40).rstrip()}"
        )
    return 0
