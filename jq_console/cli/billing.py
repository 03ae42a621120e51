"""Sub-commands for time, billing, case studies and releases: log, billing, study, release."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jq_console.cli.context import CommandError, Context
from jq_console.cli.marks import reads_only
from jq_console.domain.billing import parse_month
from jq_console.domain.bounds import month_text
from jq_console.domain.moments import work_start
from jq_console.domain.parsing import InputError, parse_duration, parse_instant
from jq_console.domain.quotes import QuoteLine, parse_estimate
from jq_console.domain.studies import OUTCOMES
from jq_console.domain.text import plain
from jq_console.i18n import label, pesos, short_datetime, t

if TYPE_CHECKING:  # each command imports what it runs in its handler (fpdf2 only for a PDF quote)
    from jq_console.store import studies as study_store
    from jq_console.store.billed_months import Closing


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    log = subparsers.add_parser("log", parents=[common], help=t("help.log"))
    log.add_argument("code", help=t("help.log.code"))
    log.add_argument("duration", help=t("help.log.duration"))
    log.add_argument("note", nargs="?", default="", help=t("help.log.note"))
    log.add_argument("--start", help=t("help.log.start"))
    log.add_argument("--corrects", type=int, metavar=t("help.metavar.entry"), help=t("help.log.corrects"))
    log.add_argument("--subtract", action="store_true", help=t("help.log.subtract"))
    log.set_defaults(handler=run_log)

    bill = subparsers.add_parser("billing", parents=[common], help=t("help.billing"))
    bill.add_argument("--month", help=t("help.billing.month"))
    bill.add_argument("--csv", metavar=t("help.metavar.file"), help=t("help.billing.csv"))
    bill.set_defaults(handler=run_billing)
    bill_actions = bill.add_subparsers(dest="billing_action", metavar=t("help.metavar.action"))
    close = bill_actions.add_parser("close", parents=[common], help=t("help.billing.close"))
    close.add_argument("--month", required=True, help=t("help.billing.close.month"))
    close.set_defaults(handler=run_billing_close)

    study = subparsers.add_parser("study", parents=[common], help=t("help.study"))
    actions = study.add_subparsers(dest="study_action", metavar=t("help.metavar.action"), required=True)
    show = actions.add_parser("show", parents=[common], help=t("help.study.show"))
    show.add_argument("code")
    show.set_defaults(handler=run_study_show)
    decide = actions.add_parser("decide", parents=[common], help=t("help.study.decide"))
    decide.add_argument("code")
    decide.add_argument("--outcome", required=True, choices=OUTCOMES)
    decide.add_argument("--feature", default="", help=t("help.study.decide.feature"))
    decide.add_argument("--note", default="", help=t("help.study.decide.note"))
    decide.add_argument(
        "--line", action="append", default=[], metavar=t("help.metavar.quote_line"), help=t("help.study.decide.line")
    )
    decide.set_defaults(handler=run_study_decide)
    quote = actions.add_parser("quote", parents=[common], help=t("help.study.quote"))
    quote.add_argument("code")
    quote.add_argument("--out", metavar=t("help.metavar.file"), help=t("help.study.quote.out"))
    quote.set_defaults(handler=run_study_quote)

    release = subparsers.add_parser("release", parents=[common], help=t("help.release"))
    release_actions = release.add_subparsers(dest="release_action", metavar=t("help.metavar.action"), required=True)
    record = release_actions.add_parser("record", parents=[common], help=t("help.release.record"))
    record.add_argument("name", help=t("help.release.record.name"))
    record.add_argument(
        "--cases", nargs="+", required=True, metavar=t("help.metavar.case"), help=t("help.release.record.cases")
    )
    record.add_argument("--note", default="")
    record.set_defaults(handler=run_release_record)
    pending = release_actions.add_parser("pending", parents=[common], help=t("help.release.pending"))
    pending.set_defaults(handler=run_release_pending)


def run_log(context: Context) -> int:
    from jq_console.application import work as work_log
    from jq_console.application.identity import current_login

    args = context.args
    runtime = context.runtime
    minutes = parse_duration(args.duration)
    now = runtime.now()
    engine = context.engine()
    login = current_login(context.engine())
    if args.corrects is not None:
        signed = -minutes if args.subtract else minutes
        entry = work_log.correct_work(engine, runtime, login, args.code, args.corrects, signed, args.note)
        print(t("log.corrected", entry=entry.id, minutes=signed, original=args.corrects, case=args.code.upper()))
        return 0
    if args.subtract:
        raise CommandError(t("log.subtract_needs_corrects"))
    start = work_start(now, minutes, parse_instant(args.start, runtime.tz).timestamp() if args.start else None)
    entry = work_log.log_work(engine, runtime, login, args.code, start, minutes, args.note)
    print(t("log.done", entry=entry.id, minutes=minutes, case=args.code.upper()))
    return 0


@reads_only
def run_billing(context: Context) -> int:
    from jq_console.application import work as work_log
    from jq_console.application.access import require_agent
    from jq_console.files import in_folder, write_text
    from jq_console.presentation.billing_text import bill_text, write_csv
    from jq_console.presentation.export_names import bill_csv_name
    from jq_console.store import billing as billing_store
    from jq_console.store.engine import database_files

    runtime = context.runtime
    given = context.args.month  # "" is a month mistyped, not the current one: parse_month refuses it
    year, month = billing_store.current_month(runtime) if given is None else parse_month(given)
    engine = context.engine(readonly=True)
    require_agent(engine)  # billing is read by registered agents only
    bill = billing_store.month_bill(engine, runtime, year, month)
    target = context.args.csv
    if target == "-":
        write_csv(bill, sys.stdout)
        return 0
    if target:
        buffer = io.StringIO(newline="")
        rows = write_csv(bill, buffer)
        written = write_text(
            in_folder(Path(target), bill_csv_name(year, month)),
            buffer.getvalue(),
            protect=database_files(context.args.db),
        )
        print(t("billing.exported", path=written, lines=rows, amount=pesos(bill.amount)))
        return 0
    print("\n".join(bill_text(bill)))
    print(_closing_line(work_log.month_closing(engine, year, month), context))
    return 0


def _closing_line(closing: Closing | None, context: Context) -> str:
    if closing is None:
        return t("billing.month_open")
    when = short_datetime(context.runtime.local(closing.closed_at))
    return t("billing.month_closed", login=plain(closing.closed_by), when=when)


def run_billing_close(context: Context) -> int:
    from jq_console.application import work as work_log
    from jq_console.application.identity import current_login

    year, month = parse_month(context.args.month)
    engine = context.engine()
    closing = work_log.close_billing_month(engine, context.runtime, current_login(engine), year, month)
    print(t("billing.closed_now", month=month_text(year, month)))
    print(_closing_line(closing, context))
    return 0


def _study(context: Context, code: str) -> study_store.Study:
    from jq_console.application.access import require_agent
    from jq_console.store import studies as study_store

    engine = context.engine(readonly=True)
    require_agent(engine)
    study = study_store.study_of(engine, code)
    if study is None:
        raise CommandError(t("study.missing", case=code.upper()), 1)
    return study


@reads_only
def run_study_show(context: Context) -> int:
    from jq_console.presentation.billing_text import quote_text

    study = _study(context, context.args.code)
    print(f"{study.case_code}  {plain(study.client_name)}  {label('outcome', study.outcome)}")
    print(f"{t('study.feature')}: {plain(study.feature)}")
    if study.note:
        print(plain(study.note, multiline=True))
    if study.release:
        print(t("study.shipped", release=study.release))
    if study.quote is not None:
        print(quote_text(context.runtime, study), end="")
    return 0


def _quote_lines(texts: list[str]) -> list[QuoteLine]:
    lines = []
    for text in texts:
        description, sep, duration = text.rpartition("=")
        if not sep:
            raise InputError(t("study.bad_line", text=text))
        lines.append(QuoteLine(description.strip(), parse_estimate(duration)))
    return lines


def run_study_decide(context: Context) -> int:
    from jq_console.application import work as work_log
    from jq_console.application.identity import current_login
    from jq_console.presentation.billing_text import quote_text

    args = context.args
    study = work_log.decide_study(
        context.engine(),
        context.runtime,
        current_login(context.engine()),
        args.code,
        args.outcome,
        args.feature,
        args.note,
        _quote_lines(args.line),
    )
    print(t("study.saved", outcome=label("outcome", study.outcome)))
    if study.quote is not None:
        print(quote_text(context.runtime, study), end="")
    return 0


@reads_only
def run_study_quote(context: Context) -> int:
    from jq_console.files import in_folder, write_bytes, write_text
    from jq_console.presentation.billing_text import quote_text
    from jq_console.presentation.export_names import quote_name
    from jq_console.store.engine import database_files

    study = _study(context, context.args.code)
    if study.quote is None:
        raise CommandError(t("study.no_quote"), 1)
    text = quote_text(context.runtime, study)
    if not context.args.out:
        print(text, end="")
        return 0
    target = in_folder(Path(context.args.out), quote_name(study.case_code, ".txt"))
    protect = database_files(context.args.db)
    if target.suffix.lower() == ".pdf":
        from jq_console.presentation.quote_pdf import text_to_pdf

        pdf = text_to_pdf(text, t("quote.heading") + " " + study.case_code)
        written = write_bytes(target, pdf, protect=protect)
    else:
        written = write_text(target, text, protect=protect)
    print(t("study.exported", path=written))
    return 0


def run_release_record(context: Context) -> int:
    from jq_console.application import work as work_log
    from jq_console.application.identity import current_login

    args = context.args
    notices = work_log.record_release(
        context.engine(), context.runtime, current_login(context.engine()), args.name, args.cases, args.note
    )
    print(t("release.notify", name=args.name.strip()))
    for notice in notices:
        contact = ", ".join(
            plain(part) for part in (notice.contact_name, notice.contact_email, notice.contact_phone) if part
        )
        print(
            f"  {plain(notice.client_name)} (NIT {notice.nit}): {contact or '-'} · {' '.join(notice.cases)} · "
            f"{'; '.join(plain(feature) for feature in notice.features)}"
        )
    return 0


@reads_only
def run_release_pending(context: Context) -> int:
    from jq_console.application.access import require_agent
    from jq_console.presentation.columns import fit
    from jq_console.store import studies as study_store

    engine = context.engine(readonly=True)
    require_agent(engine)
    refs = study_store.pending_future_studies(engine)
    if not refs:
        print(t("release.none_pending"))
    for ref in refs:
        print(f"{ref.case_code}  {fit(plain(ref.client_name), 30)} {plain(ref.feature)}")
    return 0
