"""`jq-console report --month 2026-11 [--client NIT | --agent LOGIN] [--csv FILE] [--pdf FILE] [--send]`:
the month's service report as text, CSV or the client's PDF; `--send` queues that PDF by e-mail to the
client's USR (`mail send` delivers it). Supervisors and administrators only."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jq_console.cli.context import Context
from jq_console.cli.marks import reads_only
from jq_console.domain.cases import Refused
from jq_console.domain.text import plain
from jq_console.i18n import t

if TYPE_CHECKING:
    from jq_console.bootstrap import Runtime
    from jq_console.domain.report import Report


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    report = subparsers.add_parser("report", parents=[common], help=t("help.report"))
    report.add_argument("--month", metavar=t("help.metavar.month"), help=t("help.report.month"))
    scope = report.add_mutually_exclusive_group()
    scope.add_argument("--client", metavar=t("help.metavar.nit"), help=t("help.report.client"))
    scope.add_argument("--agent", metavar=t("help.metavar.login"), help=t("help.report.agent"))
    report.add_argument("--csv", metavar=t("help.metavar.file"), help=t("help.report.csv"))
    report.add_argument("--pdf", metavar=t("help.metavar.file"), help=t("help.report.pdf"))
    report.add_argument("--send", action="store_true", help=t("help.report.send"))
    report.set_defaults(handler=run_report)


# --send writes the outbox: it checks a moved clock itself (below).
@reads_only
def run_report(context: Context) -> int:
    from jq_console.application.reports import monthly_report
    from jq_console.files import in_folder, write_bytes, write_text
    from jq_console.presentation.export_names import report_name
    from jq_console.presentation.report_text import report_text, write_report_csv
    from jq_console.store.engine import database_files

    args = context.args
    if args.send and not args.client:
        raise Refused("report_mail.needs_client")
    if args.send:
        _refuse_a_moved_clock(context)  # before any file is written: a refused command writes nothing
    runtime = context.runtime
    engine = context.engine(readonly=True)
    report = monthly_report(engine, runtime, args.month, client=args.client, agent=args.agent)
    protect = database_files(args.db)
    key = report.scope.key or report.scope.kind
    if args.csv == "-":
        write_report_csv(runtime, report, sys.stdout)
    elif args.csv:
        buffer = io.StringIO(newline="")
        rows = write_report_csv(runtime, report, buffer)
        target = in_folder(Path(args.csv), report_name(report.period.name, key, ".csv"))
        written = write_text(target, buffer.getvalue(), protect=protect)
        print(t("report.exported_csv", path=written, rows=rows))
    if args.pdf:
        target = in_folder(Path(args.pdf), report_name(report.period.name, key, ".pdf"))
        written = write_bytes(target, _pdf(runtime, report), protect=protect)
        print(t("report.exported_pdf", path=written))
    if args.send:
        _send(context, _pdf(runtime, report), report_name(report.period.name, key, ".pdf"))
    elif not args.csv and not args.pdf:
        print("\n".join(report_text(runtime, report)))
    return 0


def _pdf(runtime: Runtime, report: Report) -> bytes:
    from jq_console.presentation.report_pdf import report_pdf  # fpdf2 and its fonts: only for --pdf and --send

    return report_pdf(runtime, report)


def _send(context: Context, pdf: bytes, file_name: str) -> None:
    """Queue the client's PDF to its USR (sent by `mail send`). A moved clock (--now) writes only to
    a sandbox, as for every other writing command."""
    from jq_console.application.identity import current_login
    from jq_console.application.report_mail import queue_report
    from jq_console.application.reports import period_of

    engine = context.engine()
    _refuse_a_moved_clock(context)
    report = context.args
    period = period_of(context.runtime, report.month)
    to = queue_report(engine, context.runtime, current_login(engine), report.client, period, pdf, file_name)
    print(t("report_mail.queued", email=plain(to), month=period.name))


def _refuse_a_moved_clock(context: Context) -> None:
    from jq_console.store.sandbox import is_sandbox

    if context.args.now is not None and not is_sandbox(context.engine()):
        raise Refused("clock.moved_on_real_data")
