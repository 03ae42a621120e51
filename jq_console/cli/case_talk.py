"""`jq-console case note|edit|find`: the case's conversation, corrections of a case, and finding any
case in the whole history, through the application layer like the console's screens."""

from __future__ import annotations

import argparse
import json
from typing import Any

from jq_console.cli.context import Context
from jq_console.cli.marks import reads_only
from jq_console.domain.cases import SCOPES, Case, Refused
from jq_console.domain.conversation import DIRECTIONS, Draft
from jq_console.domain.finding import STATUS_GROUPS, full_code
from jq_console.domain.moments import parse_moment
from jq_console.i18n import label, t


def register_actions(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The three sub-commands, under `jq-console case`."""
    note = actions.add_parser("note", parents=[common], help=t("help.case.note"))
    note.add_argument("code", help=t("help.case_code"))
    note.add_argument("text", metavar=t("help.metavar.text"), help=t("help.case.note.text"))
    kind = note.add_mutually_exclusive_group()
    kind.add_argument("--call", choices=DIRECTIONS, help=t("help.case.note.call"))
    kind.add_argument("--whatsapp", choices=DIRECTIONS, help=t("help.case.note.whatsapp"))
    kind.add_argument("--to-client", action="store_true", help=t("help.case.note.to_client"))
    note.add_argument("--contact", metavar=t("help.metavar.text"), default="", help=t("help.case.note.contact"))
    note.add_argument("--at", metavar=t("help.metavar.instant"), default="", help=t("help.case.note.at"))
    note.set_defaults(handler=run_note)

    edit = actions.add_parser("edit", parents=[common], help=t("help.case.edit"))
    edit.add_argument("code", help=t("help.case_code"))
    edit.add_argument("--title", metavar=t("help.metavar.text"), help=t("help.case.edit.title"))
    edit.add_argument("--description", metavar=t("help.metavar.text"), help=t("help.case.edit.description"))
    edit.add_argument("--reporter", metavar=t("help.metavar.text"), help=t("help.case.edit.reporter"))
    edit.add_argument("--scope", choices=SCOPES, help=t("help.case.edit.scope"))
    edit.add_argument("--reason", required=True, metavar=t("help.metavar.text"), help=t("help.case.opt.reason"))
    edit.set_defaults(handler=run_edit)

    find = actions.add_parser("find", parents=[common], help=t("help.case.find"))
    find.add_argument("query", metavar=t("help.metavar.text"), help=t("help.case.find.query"))
    find.add_argument("--status", choices=tuple(STATUS_GROUPS), default="all", help=t("help.case.find.status"))
    find.add_argument(
        "--from", dest="opened_from", metavar=t("help.metavar.instant"), default="", help=t("help.case.find.from")
    )
    find.add_argument(
        "--to", dest="opened_to", metavar=t("help.metavar.instant"), default="", help=t("help.case.find.to")
    )
    find.add_argument("--page", type=int, default=1, help=t("help.case.find.page"))
    find.add_argument("--json", action="store_true", help=t("help.json"))
    find.set_defaults(handler=run_find)


def run_note(context: Context) -> int:
    from jq_console.application import conversation
    from jq_console.application.identity import current_login

    args = context.args
    if args.call:
        draft = Draft("call", args.text, args.call, args.contact)
    elif args.whatsapp:
        draft = Draft("whatsapp", args.text, args.whatsapp, args.contact)
    else:
        draft = Draft("to_client" if args.to_client else "note", args.text, "", args.contact)
    if args.at:
        draft = Draft(draft.kind, draft.text, draft.direction, draft.contact, _when(context, args.at))
    engine = context.engine()
    code = full_code(args.code)
    entry = conversation.add_entry(engine, context.runtime, current_login(engine), code, draft)
    print(t("cli.case.noted", code=code, kind=label("entry_kind", entry.kind)))
    return 0


def _when(context: Context, text: str) -> float:
    """'09:30' (today) or a full date-time, local time."""
    runtime = context.runtime
    return parse_moment(text, runtime.tz, runtime.local(runtime.now())).timestamp()


def run_edit(context: Context) -> int:
    from jq_console.application import corrections
    from jq_console.application.identity import current_login

    args = context.args
    engine, runtime = context.engine(), context.runtime
    login = current_login(engine)
    code = full_code(args.code)
    steps = [(field, getattr(args, field)) for field in ("title", "description", "reporter", "scope")]
    asked = [(field, value) for field, value in steps if value is not None]
    if not asked:
        raise Refused("edit.nothing")
    case: Case | None = None
    for field, value in asked:  # one history line per field, each keeping its old value
        if field in ("title", "description"):
            case = corrections.edit_text(engine, runtime, login, code, field, value, args.reason)
        elif field == "reporter":
            case = corrections.edit_reporter(engine, runtime, login, code, value, args.reason)
        else:
            case = corrections.edit_scope(engine, runtime, login, code, value, args.reason)
    assert case is not None
    print(t("cli.case.edited", code=case.code, fields=", ".join(t(f"edit.field.{field}") for field, _ in asked)))
    return 0


@reads_only
def run_find(context: Context) -> int:
    from jq_console.application import finder
    from jq_console.application.access import require_agent
    from jq_console.presentation.columns import left
    from jq_console.presentation.presenters import iso

    args = context.args
    engine = context.engine(readonly=True)
    require_agent(engine)
    opened = finder.opened_range(context.runtime, args.opened_from, args.opened_to)
    page = finder.find(engine, args.query, args.status, opened, args.page - 1)
    if args.json:
        rows: list[dict[str, Any]] = [
            {
                "code": case.code,
                "status": case.status,
                "severity": case.severity,
                "client": case.client_name,
                "title": case.title,
                "agent": case.agent,
                "opened_at": iso(context.runtime, case.opened_at),
            }
            for case in page.cases
        ]
        print(json.dumps({"cases": rows, "more": page.more}, ensure_ascii=False, indent=2))
        return 0
    for case in page.cases:
        print(
            f"{case.code}  {case.severity}  {left(label('status', case.status), 10)} {case.client_name} · {case.title}"
        )
    print(t("cli.case.found", count=len(page.cases), more=t("cli.case.found_more") if page.more else ""))
    return 0


def conversation_record(context: Context, case: Case) -> list[dict[str, Any]]:
    """The case's conversation for `case show` (text and --json), oldest first; a message to the
    client with its e-mail's delivery state (`delivery`: pending, sending, sent or failed)."""
    from jq_console.application import conversation
    from jq_console.presentation.presenters import iso

    engine = context.engine(readonly=True)
    delivered = conversation.deliveries(engine, case.id)
    return [
        {
            "at": iso(context.runtime, entry.at),
            "kind": entry.kind,
            "direction": entry.direction or None,
            "contact": entry.contact,
            "text": entry.text,
            "author": entry.author,
            "state": entry.state or None,
            "delivery": delivered.get(entry.id),
        }
        for entry in conversation.entries(engine, case.id)
    ]


def mail_record(context: Context, case: Case) -> list[dict[str, Any]]:
    """The client's e-mail on the case for `case show --json`, oldest first, with what it says."""
    from jq_console.application.mail import conversation
    from jq_console.presentation.presenters import iso

    _sent, received = conversation(context.engine(readonly=True), case.id)
    return [
        {
            "at": iso(context.runtime, item.received_at),
            "sender": item.sender,
            "subject": item.subject,
            "text": item.body,
            "kind": item.kind,
            "foreign_sender": item.foreign_sender,
        }
        for item in received
    ]


def print_mail(context: Context, case: Case) -> None:
    """The case's e-mail as the case screen shows it (ours with their state, the client's with their
    words under them); nothing when it has none."""
    from jq_console.application.mail import conversation
    from jq_console.presentation.mail_timeline import mail_lines

    sent, received = conversation(context.engine(readonly=True), case.id)
    lines = mail_lines(context.runtime, sent, received)
    if lines:
        print(t("ui.mail.title"))
    for line in lines:
        print(f"  {line.text}")
        for said in line.body:
            print(f"      {said}")
