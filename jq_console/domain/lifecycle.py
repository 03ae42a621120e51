"""Each move on a case as a pure function: the case, who, when -> the `Change` to store.

The store applies a change only if the case still has the version the move was computed from,
so two agents acting at once cannot overwrite each other.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from jq_console.domain.cases import CATEGORIES, Case, Change, Refused, require
from jq_console.domain.policy import SEVERITIES, Policy
from jq_console.domain.rules import class_refusal
from jq_console.domain.sla import SlaEngine
from jq_console.domain.vocabulary import RECLASSIFY_KINDS as RECLASSIFY_KINDS


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise Refused("reason_required")
    return text


def take(case: Case, agent: str, now: float) -> Change:
    require(case, "take")
    if case.agent == agent:
        raise Refused("already_yours", code=case.code)
    if case.agent is not None:
        raise Refused("already_taken", agent=case.agent)
    return Change(
        "take",
        {"agent": agent, "assigned_at": now, "status": "assigned"},
        before={"agent": case.agent, "status": case.status},
    )


def assign(case: Case, agent: str, now: float, note: str = "") -> Change:
    """A supervisor hands the case to `agent` (also a reassignment); never to whoever holds it."""
    require(case, "assign")
    if case.agent == agent:
        raise Refused("assign.same_agent", code=case.code, agent=agent)
    updates: dict[str, object] = {"agent": agent}
    if case.assigned_at is None:
        updates["assigned_at"] = now
    if case.status == "new":
        updates["status"] = "assigned"
    return Change("assign", updates, note.strip(), before={"agent": case.agent, "status": case.status})


def start(case: Case) -> Change:
    require(case, "start")
    return Change("start", {"status": "in_progress"}, before={"status": case.status})


def wait_on_client(case: Case, engine: SlaEngine, now: float, reason: str) -> Change:
    require(case, "wait")
    assert case.resolution_due is not None
    left = engine.pause(engine.target(case.severity, "resolution"), now, case.resolution_due)
    return Change(
        "wait",
        {"status": "waiting", "resolution_due": None, "resolution_left": left},
        _reason(reason),
        before={"status": case.status, "resolution_due": case.resolution_due},
    )


def resume(case: Case, engine: SlaEngine, now: float) -> Change:
    require(case, "resume")
    left = case.resolution_left or 0.0
    due = engine.resume(engine.target(case.severity, "resolution"), now, left)
    return Change(
        "resume",
        {"status": "in_progress", "resolution_due": due, "resolution_left": None},
        before={"status": case.status, "resolution_left": left},
    )


def resolve(case: Case, now: float, note: str) -> Change:
    require(case, "resolve")
    return Change("resolve", {"status": "resolved", "resolved_at": now}, _reason(note), before={"status": case.status})


def reopen(case: Case, reason: str, engine: SlaEngine | None = None, now: float | None = None) -> Change:
    """Works like a pause (docs/policy.md): the resolution clock resumes at `now` with the time it
    had left when the case was resolved; a clock already broken then stays broken (its deadline
    lands as far before `now` as it was overdue). Without `engine`, the deadline is left as it was."""
    require(case, "reopen")
    updates: dict[str, object] = {"status": "in_progress", "resolved_at": None}
    if engine is not None and now is not None and case.resolution_due is not None and case.resolved_at is not None:
        target = engine.target(case.severity, "resolution")
        left = engine.pause(target, case.resolved_at, case.resolution_due)
        updates["resolution_due"] = engine.resume(target, now, left)
    return Change(
        "reopen",
        updates,
        _reason(reason),
        before={"status": case.status, "resolved_at": case.resolved_at, "resolution_due": case.resolution_due},
    )


def close(case: Case, now: float) -> Change:
    require(case, "close")
    return Change("close", {"status": "closed", "closed_at": now}, before={"status": case.status})


def invalidate(case: Case, now: float, reason: str, *, reject: bool = False) -> Change:
    action = "reject" if reject else "invalidate"
    require(case, action)
    status = "rejected" if reject else "invalid"
    updates: dict[str, object] = {"status": status, "closed_at": now}
    if not reject and case.verification == "pending":
        updates["verification"] = "invalid"
    return Change(action, updates, _reason(reason), before={"status": case.status})


def verify(case: Case, by: str) -> Change:
    require(case, "verify")
    if case.verification != "pending":
        raise Refused("not_pending_verification")
    return Change(
        "verify",
        {"verification": "valid"},
        f"verificado por el USR ({by.strip()})" if by.strip() else "",
        before={"verification": case.verification},
    )


def notify(case: Case, at: float, how: str) -> Change:
    require(case, "notify")
    if case.severity != "S3":
        raise Refused("notify_only_s3")
    return Change("notify", {"notified_at": at}, how.strip(), before={"notified_at": case.notified_at})


def agree_deadline(
    case: Case, new_due: float, now: float, reason: str, max_days: int, severities: Collection[str] = ("S1", "S2")
) -> Change:
    """`severities`: those the policy grants an agreed deadline (`Policy.agreed_severities`)."""
    require(case, "agree_deadline")
    if case.severity not in severities:
        raise Refused("agree_not_for_severity", severity=case.severity, allowed=", ".join(severities))
    if new_due <= now:
        raise Refused("deadline_in_past")
    if new_due > now + max_days * 86400:
        raise Refused("deadline_too_far", days=max_days)
    return Change(
        "agree_deadline", {"resolution_due": new_due}, _reason(reason), before={"resolution_due": case.resolution_due}
    )


Pauses = Sequence[tuple[float, float | None]]


def reclassify(
    case: Case,
    severity: str,
    engine: SlaEngine,
    reason: str,
    kind: str = "misclassified",
    *,
    now: float | None = None,
    pauses: Pauses = (),
    agreed_due: float | None = None,
) -> Change:
    """Severity changes with a reason, and why (docs/policy.md, "Moves that change a clock"):
    - misclassified: the case always was of the new severity; its targets count from the opening, the
      time paused (`pauses`, wall-clock intervals of the resolution clock) not counting;
    - escalated: the situation became worse; the new targets count from `now`.
    A clock already met stays met; an agreed deadline (`agreed_due`) survives only where the new severity
    allows one; the category table and the contractual limits are checked again."""
    require(case, "reclassify")
    if severity not in SEVERITIES:
        raise Refused("unknown_severity", severity=severity)
    if severity == case.severity:
        raise Refused("same_severity", severity=severity)
    if kind not in RECLASSIFY_KINDS:
        raise Refused("reclassify_kind", kinds=", ".join(RECLASSIFY_KINDS))
    if kind == "escalated" and now is None:
        raise ValueError("an escalation counts from now: pass `now`")
    refusal = class_refusal(engine.policy, case.service, case.category, severity, case.category)
    if refusal is not None:
        raise Refused(refusal.code, **refusal.params)
    start = case.opened_at if kind == "misclassified" else float(now or 0)
    updates: dict[str, object] = {"severity": severity}
    if case.assigned_at is None:
        updates["assignment_due"] = engine.due_epoch(engine.target(severity, "assignment"), start)
    if agreed_due is None or severity not in engine.policy.agreed_severities:
        target = engine.target(severity, "resolution")
        if kind == "misclassified":
            due, left = engine.due_counting(target, case.opened_at, pauses)
        elif case.is_paused:
            due, left = None, engine.target_seconds(target)
        else:
            due, left = engine.due_epoch(target, start), None
        updates["resolution_due"] = due
        updates["resolution_left"] = left
    return Change(
        "reclassify",
        updates,
        _reason(reason),
        before={
            "severity": case.severity,
            "assignment_due": case.assignment_due,
            "resolution_due": case.resolution_due,
            "resolution_left": case.resolution_left,
        },
        detail={"kind": kind},
    )


def recategorize(case: Case, category: str, policy: Policy, reason: str) -> Change:
    """The category changes with a reason (a fault that is really a network problem can then be
    referred); the category table and the contractual limits are checked as at registration."""
    require(case, "reclassify")  # allowed wherever a reclassification is
    if category not in CATEGORIES:
        raise Refused("unknown_category", category=category)
    if category == case.category:
        raise Refused("same_category", category=category)
    refusal = class_refusal(policy, case.service, category, case.severity, case.category)
    if refusal is not None:
        raise Refused(refusal.code, **refusal.params)
    return Change("recategorize", {"category": category}, _reason(reason), before={"category": case.category})


def refer(
    case: Case,
    partner: str,
    consent_by: str,
    consent_at: float | None,
    consent_how: str,
    *,
    now: float | None = None,
) -> Change:
    """Out of scope, to a partner, with the client's consent: who gave it, when (not after `now`), how."""
    require(case, "refer")
    if case.category != "out_of_scope":
        raise Refused("refer_only_out_of_scope")
    if not consent_by.strip() or consent_at is None or not consent_how.strip():
        raise Refused("consent_required")
    if now is not None and consent_at > now:
        raise Refused("consent_in_future")
    return Change(
        "refer",
        {"status": "referred", "partner": partner, "closed_at": consent_at},
        f"consentimiento de {consent_by.strip()} ({consent_how.strip()})",
        before={"status": case.status},
        detail={"consent_by": consent_by.strip(), "consent_at": consent_at, "consent_how": consent_how.strip()},
    )
