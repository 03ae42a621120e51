"""`jq-console case show CODE` and `jq-console case ACTION CODE ...`: every move of the console's case
screen, through the same application functions. Exit 0 on success, 1 with the refusal's sentence;
`--json` prints the case after the move (the document `case show --json` prints)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jq_console.cli import case_talk
from jq_console.cli.context import Context
from jq_console.cli.marks import reads_only
from jq_console.domain.cases import CATEGORIES, Case, Refused
from jq_console.domain.lifecycle import RECLASSIFY_KINDS
from jq_console.domain.parsing import parse_instant
from jq_console.domain.policy import SEVERITIES
from jq_console.i18n import label, short_datetime, t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from jq_console.store.cases import Event
    from jq_console.store.conversation import Entry

Move = Callable[[Context, str, str], Case]  # (context, login, code) -> the case after the move


def _when(context: Context, text: str) -> float:
    return parse_instant(text, context.runtime.tz).timestamp()


def _partner(context: Context, name: str) -> str:
    from jq_console.store.directory import partners

    known = {partner.name for partner in partners(context.engine())}
    if name.strip() not in known:
        raise Refused("partner_unknown", partner=name.strip())
    return name.strip()


Option = tuple[str, bool, tuple[str, ...], str]  # flag, required, choices, help


# action -> (its help, the options it takes); built when the parser is, in its language
def _actions() -> dict[str, tuple[str, tuple[Option, ...]]]:
    return {
        "take": (t("help.case.take"), ()),
        "start": (t("help.case.start"), ()),
        "wait": (t("help.case.wait"), (("--reason", True, (), t("help.case.opt.reason")),)),
        "resume": (t("help.case.resume"), ()),
        "resolve": (t("help.case.resolve"), (("--note", True, (), t("help.case.opt.note")),)),
        "close": (t("help.case.close"), ()),
        "reopen": (t("help.case.reopen"), (("--reason", True, (), t("help.case.opt.reason")),)),
        "invalidate": (t("help.case.invalidate"), (("--reason", True, (), t("help.case.opt.reason")),)),
        "reject": (t("help.case.reject"), (("--reason", True, (), t("help.case.opt.reason")),)),
        "verify": (t("help.case.verify"), (("--by", True, (), t("help.case.opt.by")),)),
        "notify": (
            t("help.case.notify"),
            (("--how", True, (), t("help.case.opt.how")), ("--at", False, (), t("help.case.opt.at"))),
        ),
        "agree": (
            t("help.case.agree"),
            (("--due", True, (), t("help.case.opt.due")), ("--reason", True, (), t("help.case.opt.reason"))),
        ),
        "reclassify": (
            t("help.case.reclassify"),
            (
                ("--severity", True, SEVERITIES, t("help.case.opt.severity")),
                ("--kind", True, RECLASSIFY_KINDS, t("help.case.opt.kind")),
                ("--reason", True, (), t("help.case.opt.reason")),
            ),
        ),
        "recategorize": (
            t("help.case.recategorize"),
            (
                ("--category", True, CATEGORIES, t("help.case.opt.category")),
                ("--reason", True, (), t("help.case.opt.reason")),
            ),
        ),
        "refer": (
            t("help.case.refer"),
            (
                ("--partner", True, (), t("help.case.opt.partner")),
                ("--consent-by", True, (), t("help.case.opt.consent_by")),
                ("--consent-at", True, (), t("help.case.opt.consent_at")),
                ("--consent-how", True, (), t("help.case.opt.consent_how")),
            ),
        ),
    }


def _moves() -> dict[str, Move]:
    """action -> the move, through the application layer (imported only when a move runs)."""
    from jq_console.application import cases

    engine_of = Context.engine
    return {
        "take": lambda c, who, code: cases.take(engine_of(c), c.runtime, who, code),
        "start": lambda c, who, code: cases.start(engine_of(c), c.runtime, who, code),
        "wait": lambda c, who, code: cases.wait(engine_of(c), c.runtime, who, code, c.args.reason),
        "resume": lambda c, who, code: cases.resume(engine_of(c), c.runtime, who, code),
        "resolve": lambda c, who, code: cases.resolve(engine_of(c), c.runtime, who, code, c.args.note),
        "close": lambda c, who, code: cases.close(engine_of(c), c.runtime, who, code),
        "reopen": lambda c, who, code: cases.reopen(engine_of(c), c.runtime, who, code, c.args.reason),
        "invalidate": lambda c, who, code: cases.invalidate(engine_of(c), c.runtime, who, code, c.args.reason),
        "reject": lambda c, who, code: cases.reject(engine_of(c), c.runtime, who, code, c.args.reason),
        "verify": lambda c, who, code: cases.verify(engine_of(c), c.runtime, who, code, c.args.by),
        "notify": lambda c, who, code: cases.notify(
            engine_of(c), c.runtime, who, code, _when(c, c.args.at) if c.args.at else c.runtime.now(), c.args.how
        ),
        "agree": lambda c, who, code: cases.agree(
            engine_of(c), c.runtime, who, code, _when(c, c.args.due), c.args.reason
        ),
        "reclassify": _reclassify,
        "recategorize": lambda c, who, code: cases.recategorize(
            engine_of(c), c.runtime, who, code, c.args.category, c.args.reason
        ),
        "refer": lambda c, who, code: cases.refer(
            engine_of(c),
            c.runtime,
            who,
            code,
            _partner(c, c.args.partner),
            c.args.consent_by,
            _when(c, c.args.consent_at),
            c.args.consent_how,
        ),
    }


def _reclassify(context: Context, login: str, code: str) -> Case:
    from jq_console.application import cases

    engine = context.engine()
    case = _case(engine, code)
    args = context.args
    return cases.reclassify_told(engine, context.runtime, login, case, args.severity, args.reason, args.kind)


def _case(engine: Engine, code: str) -> Case:
    from jq_console.store import cases as case_store

    case = case_store.get_case(engine, code.strip())
    if case is None:
        raise Refused("case_not_found", code=code.strip())
    return case


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("case", parents=[common], help=t("help.case"))
    actions = group.add_subparsers(dest="case_action", metavar=t("help.metavar.command"), required=True)
    show = actions.add_parser("show", parents=[common], help=t("help.case.show"))
    show.add_argument("code", help=t("help.case_code"))
    show.add_argument("--json", action="store_true", help=t("help.json"))
    show.set_defaults(handler=run_show)
    for action, (text, options) in _actions().items():
        parser = actions.add_parser(action, parents=[common], help=text)
        parser.add_argument("code", help=t("help.case_code"))
        for flag, required, choices, option_help in options:
            parser.add_argument(
                flag,
                required=required,
                choices=choices or None,
                metavar=None if choices else t("help.metavar.text"),
                help=option_help,
            )
        parser.add_argument("--json", action="store_true", help=t("help.json"))
        parser.set_defaults(handler=run_move, case_move=action)
    case_talk.register_actions(actions, common)


def _record(context: Context, engine: Engine, case: Case, history: list[Event] | None = None) -> dict[str, Any]:
    """What `case show --json` prints, read through `engine` (the command's reader or writer)."""
    from jq_console.presentation.case_record import case_record
    from jq_console.store import cases as case_store
    from jq_console.store.breaches import recorded_of

    if history is None:
        history = case_store.history(engine, case.id)
    return case_record(context.runtime, case, history, recorded_of(engine, case.id))


def _print(context: Context, case: Case, as_json: bool) -> None:
    if as_json:
        record = _record(context, context.engine(), case)
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        print(t("cli.case.line", code=case.code, status=label("status", case.status), severity=case.severity))


@reads_only
def run_show(context: Context) -> int:
    from jq_console.application.access import require_agent
    from jq_console.presentation.verification import verification_text

    engine = context.engine(readonly=True)  # a reading command reads through its reader alone
    require_agent(engine)
    case = _case(engine, context.args.code)
    if context.args.json:
        record: dict[str, Any] = _record(context, engine, case)
        record["conversation"] = case_talk.conversation_record(context, case)
        record["mail"] = case_talk.mail_record(context, case)
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    from jq_console.application import conversation
    from jq_console.store import cases as case_store

    history = case_store.history(engine, case.id)
    record = _record(context, engine, case, history)
    print(t("cli.case.line", code=case.code, status=label("status", case.status), severity=case.severity))
    print(f"  {case.client_name} · {case.title}")
    runtime = context.runtime
    payments = t("bounds.payments.ok" if case.client_up_to_date else "bounds.payments.behind")
    print(t("bounds.cli.verification", verification=verification_text(runtime, case), payments=payments))
    for kind, clock in record["clocks"].items():
        print(
            t(
                "cli.case.clock",
                kind=label("kind", kind),
                due=_shown(clock["due"]),
                state=label("clock", clock["state"]),
            )
        )
    for breach in record["breaches"]:
        action = breach["corrective_action"]
        print(
            t(
                "cli.case.breach",
                kind=label("kind", breach["clock"]),
                occurrence=breach["occurrence"],
                due=_shown(breach["due"]),
                action=t("breach.action", note=action["note"], by=action["by"])
                if action
                else t("breach.awaiting_action"),
            )
        )
    _print_timeline(context, history, conversation.entries(engine, case.id), conversation.deliveries(engine, case.id))
    case_talk.print_mail(context, case)
    return 0


def _shown(instant: str | None) -> str:
    """An instant of the record (ISO, in the policy's time zone) as the screens write it."""
    return short_datetime(datetime.fromisoformat(instant)) if instant else "—"


def _print_timeline(context: Context, history: list[Event], entries: list[Entry], delivered: dict[int, str]) -> None:
    """The moves and the conversation as the case screen shows them, a line each (a text's own
    lines indented under it); a message to the client with its e-mail's delivery state."""
    from jq_console.presentation.case_timeline import timeline

    runtime = context.runtime
    for line in timeline(history, entries):
        said = line.said.replace("\n", "\n      ")
        state = delivered.get(line.entry_id) if line.entry_id is not None else None
        delivery = f"  [{label('mail.state', state)}]" if state else ""
        print(f"  {short_datetime(runtime.local(line.at))}  {line.who}  {line.lead}{said}{delivery}")


def run_move(context: Context) -> int:
    from jq_console.application.identity import current_login

    move = _moves()[context.args.case_move]
    case = move(context, current_login(context.engine()), context.args.code.strip())
    _print(context, case, context.args.json)
    return 0
