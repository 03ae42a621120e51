"""`jq-console report --month 2026-11 [--client NIT | --agent LOGIN] [--csv FILE] [--pdf FILE] [--send]`:
the month's service report as text, CSV or the client's PDF. Supervisors and administrators only."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from jq_console.application.reports import monthly_report
from jq_console.cli.context import Context
from jq_console.domain.cases import Refused
from jq_console.files import in_folder, write_bytes, write_text
from jq_console.i18n import t
from jq_console.presentation.export_names import report_name
from jq_console.presentation.report_pdf import report_pdf
from jq_console.presentation.report_text import report_text, write_report_csv
from jq_console.store.engine import database_files


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


def run_report(context: Context) -> int:
    args = context.args
    if args.send:
        # E-mail goes out through the outbox, which the console does not have yet: say so, send nothing.
        raise Refused("report.mail_not_configured")
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
        written = write_bytes(target, report_pdf(runtime, report), protect=protect)
        print(t("report.exported_pdf", path=written))
    if not args.csv and not args.pdf:
        print("\n".join(report_text(runtime, report)))
    return 0
