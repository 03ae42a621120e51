"""Work on cases: logging time and correcting an entry, a feature request's study, and recording
the release that ships studied features. Any registered, active agent may do each; closing a month
for billing takes a supervisor or an administrator. The store checks who acts inside the write (see
`application.access.ActorCheck`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from jq_console.application import notifications
from jq_console.application.access import SUPERVISING, ActorCheck, require_agent
from jq_console.bootstrap import Runtime
from jq_console.domain.billing import refuse_unended_month
from jq_console.domain.quotes import QuoteLine
from jq_console.domain.studies import Notice
from jq_console.domain.text import entered
from jq_console.store import billed_months, billing, studies, time_entries
from jq_console.store.billed_months import Closing
from jq_console.store.cases import find_case
from jq_console.store.studies import Study
from jq_console.store.time_entries import Entry


def log_work(
    engine: Engine, runtime: Runtime, login: str, code: str, started_at: float, minutes: int, note: str
) -> Entry:
    """`minutes` of work on case `code` that began at `started_at`."""
    note = entered(note, "note", runtime.policy.limits.note, multiline=True, required=False)
    return time_entries.log_work(
        engine,
        code,
        login,
        started_at,
        minutes,
        note,
        runtime.now(),
        guard=ActorCheck(login),
        tz=runtime.tz,
        bounds=runtime.policy.bounds,
    )


def correct_work(
    engine: Engine, runtime: Runtime, login: str, code: str, entry_id: int, minutes: int, note: str
) -> Entry:
    """A correction of entry `entry_id` by `minutes` (negative takes time away), as a new entry."""
    note = entered(note, "note", runtime.policy.limits.note, multiline=True, required=False)
    return billing.correct_entry(
        engine, code, entry_id, minutes, login, note, runtime.now(), guard=ActorCheck(login), tz=runtime.tz
    )


def close_billing_month(engine: Engine, runtime: Runtime, login: str, year: int, month: int) -> Closing:
    """A supervisor or administrator closes a month for billing: afterwards no time is logged or
    corrected in it (store.billed_months). Only a month that has ended: who may close it is told
    first, the write checks it again."""
    require_agent(engine, SUPERVISING, login)
    refuse_unended_month(year, month, runtime.now(), runtime.tz)
    return billed_months.close_month(
        engine, year, month, login, runtime.now(), runtime.policy.rates, guard=ActorCheck(login, SUPERVISING)
    )


def month_closing(engine: Engine, year: int, month: int) -> Closing | None:
    return billed_months.closing(engine, year, month)


def decide_study(
    engine: Engine,
    runtime: Runtime,
    login: str,
    code: str,
    outcome: str,
    feature: str,
    note: str,
    lines: Iterable[QuoteLine] = (),
) -> Study:
    """Decide (or decide again) a feature request's study; a custom development is quoted."""
    effect = notifications.on_study(runtime, find_case)
    return studies.save_study(
        engine, runtime, code, login, outcome, feature, note, lines, guard=ActorCheck(login), effect=effect
    )


def record_release(
    engine: Engine, runtime: Runtime, login: str, name: str, codes: Iterable[str], note: str = ""
) -> list[Notice]:
    """Release `name` shipped the studies of `codes`; returns the clients to notify."""
    effect = notifications.on_release(runtime, name, find_case)
    return studies.record_release(engine, runtime, name, codes, login, note, guard=ActorCheck(login), effect=effect)
