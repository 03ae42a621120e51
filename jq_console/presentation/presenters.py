"""Turning domain objects into the words and figures every surface shows (CLI, screens)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.domain.priority import RankReason
from jq_console.domain.text import plain
from jq_console.i18n import label, short_datetime, t
from jq_console.presentation.verification import queue_marks, verification_deadline


def service_label(service: str, level: int | None) -> str:
    text = label("service", service)
    return f"{text} N{level}" if service == "subscription" and level else text


def iso(runtime: Runtime, epoch: float | None, timespec: str = "auto") -> str | None:
    """`epoch` in the policy's time zone; `timespec="seconds"` for people (a write's microseconds
    are noise in a listing), the whole instant for scripts."""
    return None if epoch is None else datetime.fromtimestamp(epoch, runtime.tz).isoformat(timespec=timespec)


def rank_reason(runtime: Runtime, reason: RankReason) -> str:
    parts = [label("severity", reason.severity), service_label(reason.service, reason.level)]
    if reason.pending_kind and reason.pending_due is not None:
        due = short_datetime(runtime.local(reason.pending_due))
        kind = label("kind", reason.pending_kind)
        parts.append(t("reason.due_breached" if reason.breached else "reason.due", kind=kind, due=due))
    elif reason.pending_kind:
        parts.append(t("reason.paused"))
    parts.append(t("reason.opened"))
    return " · ".join(parts)


def case_json(runtime: Runtime, case: Case, reason: RankReason) -> dict[str, Any]:
    return {
        "id": case.code,
        "client": plain(case.client_name),  # text is data: plain before any column cuts it
        "nit": case.nit,
        "title": plain(case.title),
        "severity": case.severity,
        "category": case.category,
        "channel": case.channel,
        "service": case.service,
        "level": case.level,
        "status": case.status,
        "verification": case.verification,
        "verification_due": iso(runtime, verification_deadline(runtime, case)),
        "client_up_to_date": case.client_up_to_date,
        # the queue's mark column: V verification overdue, $ client behind on payments
        "marks": queue_marks(runtime, case, runtime.now()).strip(),
        "agent": plain(case.agent) if case.agent else case.agent,
        "rank": reason.rank,
        "reason": rank_reason(runtime, reason),
        "opened": iso(runtime, case.opened_at),
        "assignment_due": iso(runtime, case.assignment_due),
        "resolution_due": iso(runtime, case.resolution_due),
    }
