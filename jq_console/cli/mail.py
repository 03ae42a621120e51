"""`jq-console mail ...`: check the servers, send the outbox, fetch the mailbox (once, for cron, or
as a service with `watch`), the outbox's status and the unclassified messages."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from jq_console.cli.context import Context
from jq_console.cli.marks import reads_only
from jq_console.config import mail_settings
from jq_console.domain.coded import CodedError
from jq_console.domain.text import plain
from jq_console.i18n import error_text, short_datetime, t

if TYPE_CHECKING:  # each command imports the mail code it runs (smtplib, imaplib) in its handler
    from jq_console.application import mail_in, mail_out


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("mail", parents=[common], help=t("help.mail"))
    actions = group.add_subparsers(dest="mail_action", metavar=t("help.metavar.command"), required=True)
    actions.add_parser("check", parents=[common], help=t("help.mail.check")).set_defaults(handler=run_check)
    actions.add_parser("send", parents=[common], help=t("help.mail.send")).set_defaults(handler=run_send)
    actions.add_parser("fetch", parents=[common], help=t("help.mail.fetch")).set_defaults(handler=run_fetch)
    watch = actions.add_parser("watch", parents=[common], help=t("help.mail.watch"))
    watch.add_argument("--poll", type=_seconds, default=60.0, help=t("help.mail.watch.poll"))
    watch.add_argument("--no-idle", action="store_true", help=t("help.mail.watch.no_idle"))
    watch.add_argument("--rounds", type=_positive, help=t("help.mail.watch.rounds"))
    watch.set_defaults(handler=run_watch)
    actions.add_parser("status", parents=[common], help=t("help.mail.status")).set_defaults(handler=run_status)
    actions.add_parser("inbox", parents=[common], help=t("help.mail.inbox")).set_defaults(handler=run_inbox)
    write = actions.add_parser("write", parents=[common], help=t("help.mail.write"))
    write.add_argument("code", help=t("help.mail.write.code"))
    write.add_argument("--text", required=True, help=t("help.mail.write.text"))
    write.set_defaults(handler=run_write)
    discard = actions.add_parser("discard", parents=[common], help=t("help.mail.discard"))
    discard.add_argument("id", type=int, help=t("help.mail.discard.id"))
    discard.add_argument("--reason", required=True, help=t("help.mail.discard.reason"))
    discard.set_defaults(handler=run_discard)


# The longest wait between two looks at the mailbox: a day (a longer one is a typo, and a socket's
# timeout must be a finite number of seconds).
MOST_POLL_SECONDS = 86400


def _seconds(text: str) -> float:
    """Seconds between looks: a number from 1 to a day ('-5', 'nan' and '1e309' ended the watch with
    an unexpected error, and '-1' hung it in IDLE)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 1 <= value <= MOST_POLL_SECONDS:  # false for nan too
        raise argparse.ArgumentTypeError(t("mail.watch.bad_poll", value=plain(text), most=MOST_POLL_SECONDS))
    return value


def _positive(text: str) -> int:
    """A number of rounds: a whole number from 1 (argparse names the option when this refuses)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(t("mail.watch.bad_rounds", value=plain(text)))
    return int(text)


@reads_only
def run_check(context: Context) -> int:
    from jq_console.application import mail as desk_mail

    probes = desk_mail.check(mail_settings(context.settings))
    if not probes:
        print(t("mail.check.none"))
        return 2
    for probe in probes:
        key = "mail.check.ok" if probe.ok else "mail.check.failed"
        print(t(key, server=probe.server.upper(), where=plain(probe.where), detail=probe.detail))
    return 0 if all(probe.ok for probe in probes) else 1


def _send_line(report: mail_out.SendReport) -> str:
    line = t("mail.send.summary", sent=report.sent, retried=report.retried, failed=report.failed)
    if report.postponed:
        line += " " + t("mail.send.postponed", count=report.postponed)
    if report.problem:
        line += " " + t("mail.send.problem", problem=report.problem)
    return line


def _fetch_line(report: mail_in.FetchReport) -> str:
    return t(
        "mail.fetch.summary",
        read=report.read,
        forms=report.forms,
        replies=report.replies,
        auto=report.auto,
        unclassified=report.unclassified,
        duplicates=report.duplicates,
    )


def run_send(context: Context) -> int:
    from jq_console.application import mail_out
    from jq_console.application.access import require_agent

    engine = context.engine()
    require_agent(engine)
    report = mail_out.send_pass(engine, context.runtime, mail_settings(context.settings))
    print(_send_line(report))
    return 1 if report.problem else 0


def run_fetch(context: Context) -> int:
    from jq_console.application import mail_in
    from jq_console.application.access import require_agent

    engine = context.engine()
    me = require_agent(engine)
    settings = mail_settings(context.settings)
    try:
        report = mail_in.fetch_pass(engine, context.runtime, me.login, settings)
    except OSError as error:
        raise CodedError("mail.unreachable", server="IMAP", error=plain(str(error))) from None
    print(_fetch_line(report))
    return 0


def run_watch(context: Context) -> int:
    from jq_console.application import mail_in, mail_out
    from jq_console.application.access import require_agent

    engine = context.engine()
    me = require_agent(engine)
    settings = mail_settings(context.settings)

    def told(what: str, report: object) -> None:
        if isinstance(report, mail_out.SendReport):
            if report.sent or report.retried or report.failed or report.problem:
                print(_send_line(report), flush=True)
        elif isinstance(report, mail_in.FetchReport):
            if report.read:
                print(_fetch_line(report), flush=True)
        elif isinstance(report, BaseException):
            print(t("mail.watch.failed", what=what, reason=error_text(report)), file=sys.stderr, flush=True)

    print(t("mail.watch.started", poll=int(context.args.poll)), flush=True)
    mail_in.watch(
        engine,
        context.runtime,
        me.login,
        settings,
        poll_seconds=context.args.poll,
        rounds=context.args.rounds,
        idle=not context.args.no_idle,
        told=told,
    )
    return 0


@reads_only
def run_status(context: Context) -> int:
    from jq_console.application import mail as desk_mail
    from jq_console.application.access import require_agent

    engine = context.engine(readonly=True)
    require_agent(engine)
    runtime = context.runtime
    state = desk_mail.status(engine, runtime)
    last = short_datetime(runtime.local(state.last_fetch)) if state.last_fetch else t("mail.status.never")
    print(t("mail.status.outbox", pending=state.pending, failed=state.failed, sent=state.sent_today))
    print(t("mail.status.fetch", last=last, waiting=state.waiting_unclassified))
    for row in desk_mail.failed(engine):
        print(f"  #{row.id} {plain(row.recipient)} · {plain(row.subject)[:60]} · {plain(row.answer)[:120]}")
    return 0


@reads_only
def run_inbox(context: Context) -> int:
    from jq_console.application import mail as desk_mail
    from jq_console.application.access import require_agent

    engine = context.engine(readonly=True)
    require_agent(engine)
    runtime = context.runtime
    waiting = desk_mail.unclassified(engine)
    if not waiting:
        print(t("mail.inbox.empty"))
    for item in waiting:
        when = short_datetime(runtime.local(item.received_at))
        print(f"#{item.id}  {when}  {plain(item.sender) or '-'}  {plain(item.subject)[:70]}")
    return 0


def run_discard(context: Context) -> int:
    from jq_console.application import mail as desk_mail
    from jq_console.application.access import require_agent

    engine = context.engine()
    me = require_agent(engine)
    desk_mail.discard(engine, context.runtime, me.login, context.args.id, context.args.reason)
    print(t("mail.discarded", id=context.args.id))
    return 0


def run_write(context: Context) -> int:
    from jq_console.application import mail as desk_mail
    from jq_console.application.access import require_agent

    engine = context.engine()
    me = require_agent(engine)
    code = context.args.code.strip().upper()
    desk_mail.write_to_client(engine, context.runtime, me.login, code, context.args.text)
    print(t("mail.write.queued", code=code))
    return 0
