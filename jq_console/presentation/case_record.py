"""A case as a document (`jq-console case show --json`, and after every `case ACTION --json`): every
field, both clocks with their due instant, state and when met, the breaches with their corrective
actions, and the history. The console's case screen shows the same clocks (presentation.clocks)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jq_console.bootstrap import Runtime
from jq_console.domain.breaches import Breach, of_case
from jq_console.domain.cases import Case
from jq_console.presentation.clocks import Clock, assignment_clock, resolution_clock
from jq_console.presentation.presenters import iso
from jq_console.presentation.verification import verification_deadline
from jq_console.store.cases import Event


def _clock(runtime: Runtime, clock: Clock, met_at: float | None) -> dict[str, Any]:
    return {
        "due": iso(runtime, clock.due),
        "state": clock.state.value,
        "met_at": iso(runtime, met_at),
        "left_seconds": None if clock.left is None else round(clock.left),
    }


def _breach(runtime: Runtime, breach: Breach) -> dict[str, Any]:
    action = None
    if breach.action is not None:
        action = {"note": breach.action, "by": breach.action_by, "at": iso(runtime, breach.action_at)}
    return {
        "clock": breach.clock,
        "occurrence": breach.occurrence,
        "due": iso(runtime, breach.due),
        "severity": breach.severity,
        "policy_version": breach.policy_version,
        "recorded_at": iso(runtime, breach.recorded_at),
        "corrective_action": action,
    }


def case_record(
    runtime: Runtime, case: Case, history: Sequence[Event], breaches: Iterable[Breach] = ()
) -> dict[str, Any]:
    """`breaches`: the case's recorded breaches (store.breaches.recorded); those its clocks show now
    and nobody has recorded yet are added, as everywhere."""
    now = runtime.now()
    engine = runtime.of_case(case).engine  # the clocks run on the policy version the case was opened under
    correctives = [
        {"at": iso(runtime, event.at), "by": event.actor, "note": event.note, **event.after}
        for event in history
        if event.kind == "corrective_action"
    ]
    return {
        "code": case.code,
        "status": case.status,
        "severity": case.severity,
        "category": case.category,
        "channel": case.channel,
        "service": case.service,
        "level": case.level,
        "verification": case.verification,
        # pending the USR's verification: until when (docs/policy.md, "Verification deadline")
        "verification_due": iso(runtime, verification_deadline(runtime, case)),
        "client": {"name": case.client_name, "nit": case.nit, "up_to_date": case.client_up_to_date},
        "title": case.title,
        "description": case.description,
        "scope": case.scope,
        "justification": case.justification,
        "reporter": {"name": case.reporter_name, "role": case.reporter_role},
        "agent": case.agent,
        "partner": case.partner,
        "opened_at": iso(runtime, case.opened_at),
        "assigned_at": iso(runtime, case.assigned_at),
        "resolved_at": iso(runtime, case.resolved_at),
        "closed_at": iso(runtime, case.closed_at),
        "notified_at": iso(runtime, case.notified_at),
        "version": case.version,
        "policy_version": case.policy_version,
        "clocks": {
            "assignment": _clock(runtime, assignment_clock(engine, case, now), case.assigned_at),
            "resolution": _clock(runtime, resolution_clock(engine, case, now), case.resolved_at),
        },
        "breaches": [_breach(runtime, breach) for breach in of_case(case, breaches, now)],
        "corrective_actions": correctives,
        "history": [
            {
                "at": iso(runtime, event.at),
                "actor": event.actor,
                "kind": event.kind,
                "before": event.before,
                "after": event.after,
                "note": event.note,
            }
            for event in history
        ],
    }
