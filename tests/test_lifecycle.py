"""Moves on a case (lifecycle.py) and the actions each status offers (cases.allowed_actions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from conftest import epoch

from jq_console.domain import lifecycle as lc
from jq_console.domain.cases import STATUSES, Case, Change, Refused, allowed_actions, require
from jq_console.domain.sla import SlaEngine

NOW = epoch("2026-12-09T10:00")


def make_case(**changes: Any) -> Case:
    # S2 opened Mon 2026-12-07 15:00: assignment due Mon 12-14 10:00, resolution Thu 12-17 15:00
    case = Case(
        id=1,
        code="JQ-2026-00001",
        client_id=7,
        client_name="Acme S.A.S.",
        nit="800197268-4",
        title="No factura",
        severity="S2",
        category="fault",
        channel="form",
        service="subscription",
        level=3,
        status="new",
        verification="valid",
        agent=None,
        opened_at=epoch("2026-12-07T15:00"),
        assignment_due=epoch("2026-12-14T10:00"),
        resolution_due=epoch("2026-12-17T15:00"),
    )
    return replace(case, **changes)


@contextmanager
def refused(code: str) -> Iterator[pytest.ExceptionInfo[Refused]]:
    with pytest.raises(Refused) as info:
        yield info
    assert info.value.code == code


# -- take / assign ----------------------------------------------------------------------------


def test_take_a_new_case() -> None:
    change = lc.take(make_case(), "ana", NOW)
    assert change.kind == "take"
    assert change.updates == {"agent": "ana", "assigned_at": NOW, "status": "assigned"}
    assert change.before == {"agent": None, "status": "new"}


def test_take_a_case_already_taken_by_someone_else_is_refused() -> None:
    with refused("already_taken") as info:
        lc.take(make_case(status="assigned", agent="beto"), "ana", NOW)
    assert info.value.params == {"agent": "beto"}


def test_assign_by_supervisor_keeps_the_first_assignment_time() -> None:
    first = epoch("2026-12-08T09:00")
    change = lc.assign(make_case(status="in_progress", agent="beto", assigned_at=first), "ana", NOW)
    assert change.updates == {"agent": "ana"}  # status and assigned_at untouched
    change = lc.assign(make_case(), "ana", NOW)
    assert change.updates == {"agent": "ana", "assigned_at": NOW, "status": "assigned"}


# -- allowed actions --------------------------------------------------------------------------


def test_allowed_actions_per_status() -> None:
    new = allowed_actions(make_case(), "ana", "agent")
    assert "take" in new and "resolve" not in new and "wait" not in new and "assign" not in new
    assert "assign" in allowed_actions(make_case(), "sara", "supervisor")
    assigned = allowed_actions(make_case(status="assigned", agent="ana"), "ana", "agent")
    assert "take" not in assigned  # a taken case changes hands only through "assign"
    assert {"start", "wait", "resolve"} <= set(assigned) and "resume" not in assigned
    in_progress = allowed_actions(make_case(status="in_progress", agent="ana"), "ana", "agent")
    assert "start" not in in_progress and {"wait", "resolve"} <= set(in_progress)
    waiting = allowed_actions(make_case(status="waiting", agent="ana", resolution_due=None), "ana", "agent")
    assert "resume" in waiting and not {"wait", "resolve", "take", "agree_deadline"} & set(waiting)
    resolved = allowed_actions(make_case(status="resolved", agent="ana"), "ana", "agent")
    assert set(resolved) == {"close", "reopen", "log_time"}
    for status in ("closed", "invalid", "rejected", "referred"):
        assert allowed_actions(make_case(status=status, agent="ana"), "ana", "supervisor") == ()


def test_verify_and_notify_only_when_they_apply() -> None:
    assert "verify" not in allowed_actions(make_case(verification="valid"), None, "agent")
    assert "verify" in allowed_actions(make_case(verification="pending"), None, "agent")
    assert "notify" not in allowed_actions(make_case(severity="S2"), None, "agent")
    assert "notify" in allowed_actions(make_case(severity="S3"), None, "agent")
    assert "notify" not in allowed_actions(make_case(severity="S3", notified_at=NOW), None, "agent")


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_offered_actions_are_exactly_the_legal_ones(status: str, role: str) -> None:
    case = make_case(status=status, agent=None if status == "new" else "ana")
    offered = set(allowed_actions(case, "ana", role))
    for action in offered:
        require(case, action)  # must not raise
    illegal = {
        "take",
        "assign",
        "start",
        "wait",
        "resume",
        "resolve",
        "reopen",
        "close",
        "invalidate",
        "reject",
        "refer",
        "agree_deadline",
        "reclassify",
    }
    for action in illegal:
        try:
            require(case, action)
        except Refused as error:
            assert error.code == "action_not_allowed"
            assert action not in offered


@pytest.mark.parametrize(
    "move",
    [
        lambda engine: lc.resolve(make_case(), NOW, "hecho"),  # new: not yet assigned
        lambda engine: lc.start(make_case(status="in_progress", agent="ana")),
        lambda engine: lc.resume(make_case(status="in_progress", agent="ana"), engine, NOW),
        lambda engine: lc.wait_on_client(make_case(), engine, NOW, "falta backup"),
        lambda engine: lc.reopen(make_case(status="closed"), "volvió a fallar"),
        lambda engine: lc.close(make_case(status="in_progress", agent="ana"), NOW),
        lambda engine: lc.take(make_case(status="resolved", agent="ana"), "ana", NOW),
        lambda engine: lc.invalidate(make_case(status="closed"), NOW, "duplicado"),
    ],
)
def test_illegal_moves_are_refused(engine: SlaEngine, move: Callable[[SlaEngine], object]) -> None:
    with refused("action_not_allowed"):
        move(engine)


# -- reasons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "move",
    [
        lambda engine, why: lc.invalidate(make_case(), NOW, why),
        lambda engine, why: lc.invalidate(make_case(), NOW, why, reject=True),
        lambda engine, why: lc.resolve(make_case(status="in_progress", agent="ana"), NOW, why),
        lambda engine, why: lc.wait_on_client(make_case(status="in_progress", agent="ana"), engine, NOW, why),
        lambda engine, why: lc.reopen(make_case(status="resolved", agent="ana"), why),
        lambda engine, why: lc.agree_deadline(make_case(), NOW + 3600, NOW, why, 365),
        lambda engine, why: lc.reclassify(make_case(), "S3", engine, why),
    ],
)
def test_a_reason_is_required(engine: SlaEngine, move: Callable[[SlaEngine, str], Change]) -> None:
    for empty in ("", "   "):
        with refused("reason_required"):
            move(engine, empty)
    change = move(engine, "  motivo  ")
    assert change.note == "motivo"


def test_invalidate_and_reject() -> None:
    change = lc.invalidate(make_case(verification="pending"), NOW, "el USR no lo verificó")
    assert change.updates == {"status": "invalid", "closed_at": NOW, "verification": "invalid"}
    change = lc.invalidate(make_case(), NOW, "sin justificación", reject=True)
    assert change.kind == "reject" and change.updates == {"status": "rejected", "closed_at": NOW}


# -- the resolution clock: wait and resume ----------------------------------------------------


def test_wait_then_resume_gives_back_the_business_time_left(engine: SlaEngine) -> None:
    case = make_case(status="in_progress", agent="ana")
    paused = lc.wait_on_client(case, engine, epoch("2026-12-09T10:00"), "falta el backup")
    # 49 h target, 3 h used (Mon 15-17, Wed 09-10)
    assert paused.updates == {"status": "waiting", "resolution_due": None, "resolution_left": 46 * 3600}
    assert paused.before["resolution_due"] == case.resolution_due
    waiting = replace(case, **paused.updates)
    resumed = lc.resume(waiting, engine, epoch("2026-12-14T09:00"))
    # Mon-Fri 12-14..18 35 h, Mon 12-21 7 h, Tue 12-22 09:00-13:00 4 h: due exactly at 13:00
    assert resumed.updates == {
        "status": "in_progress",
        "resolution_due": epoch("2026-12-22T13:00"),
        "resolution_left": None,
    }


# -- reclassify, refer, agree_deadline, verify, notify ----------------------------------------


def test_reclassify_recomputes_both_deadlines_from_the_opening(engine: SlaEngine) -> None:
    # S2 opened Mon 12-07 15:00 becomes S3: urgency schedule, assignment 60 min -> 16:00;
    # resolution 24 h: Mon 15-20 5 h, Tue holiday, Wed 12 h, Thu 08:00-15:00 7 h
    change = lc.reclassify(make_case(), "S3", engine, "todo caído")
    assert change.updates == {
        "severity": "S3",
        "assignment_due": epoch("2026-12-07T16:00"),
        "resolution_due": epoch("2026-12-10T15:00"),
        "resolution_left": None,
    }
    assert change.before["severity"] == "S2" and change.detail == {"kind": "misclassified"}
    # ... and S1 ("other" allows it): assignment as S2, resolution 30 calendar days after the opening
    change = lc.reclassify(make_case(category="other"), "S1", engine, "es una solicitud")
    assert change.updates["assignment_due"] == epoch("2026-12-14T10:00")
    assert change.updates["resolution_due"] == epoch("2027-01-06T15:00")


def test_reclassify_refuses_unknown_or_same_severity(engine: SlaEngine) -> None:
    with refused("unknown_severity"):
        lc.reclassify(make_case(), "S4", engine, "x")
    with refused("same_severity"):
        lc.reclassify(make_case(), "S2", engine, "x")


def policy_example_case(**changes: Any) -> Case:
    # docs/policy.md, "Moves that change a clock": S2 opened Mon 2026-12-07 09:00, taken 10:00.
    return make_case(
        opened_at=epoch("2026-12-07T09:00"),
        status="in_progress",
        agent="ana",
        assigned_at=epoch("2026-12-07T10:00"),
        **changes,
    )


def test_misclassified_counts_from_the_opening_and_keeps_a_met_assignment(engine: SlaEngine) -> None:
    change = lc.reclassify(policy_example_case(), "S3", engine, "nadie entra", "misclassified")
    assert "assignment_due" not in change.updates  # met at 10:00, stays met
    # Mon 09-20 = 11 h, Tue 12-08 a holiday, Wed 08-20 = 12 h, Thu 08-09 = 1 h
    assert change.updates["resolution_due"] == epoch("2026-12-10T09:00")


def test_escalated_counts_from_the_reclassification(engine: SlaEngine) -> None:
    now = epoch("2026-12-09T10:00")
    change = lc.reclassify(policy_example_case(), "S3", engine, "empeoró", "escalated", now=now)
    # Wed 10-20 = 10 h, Thu 08-20 = 12 h, Fri 08-10 = 2 h
    assert change.updates["resolution_due"] == epoch("2026-12-11T10:00")
    assert change.detail == {"kind": "escalated"}


def test_misclassified_does_not_count_the_time_paused(engine: SlaEngine) -> None:
    # Paused Mon 12:00 to Wed 08:00: Mon 09-12 = 3 h counted, then 21 h from Wed 08:00 -> Thu 17:00.
    pauses = [(epoch("2026-12-07T12:00"), epoch("2026-12-09T08:00"))]
    change = lc.reclassify(policy_example_case(), "S3", engine, "nadie entra", pauses=pauses)
    assert change.updates["resolution_due"] == epoch("2026-12-10T17:00")


def test_a_kind_must_be_given_and_known(engine: SlaEngine) -> None:
    with refused("reclassify_kind"):
        lc.reclassify(policy_example_case(), "S3", engine, "x", "porque sí")


def test_reclassification_applies_the_registration_rules_again(engine: SlaEngine) -> None:
    contractual = policy_example_case(service="contractual", level=None, severity="S3")
    with refused("contractual_not_allowed"):
        lc.reclassify(contractual, "S2", engine, "no era urgente")
    with refused("severity_not_for_category"):
        lc.reclassify(policy_example_case(), "S1", engine, "es una consulta")  # a fault is S2 or S3


def test_an_agreed_deadline_survives_only_where_the_new_severity_allows_one(engine: SlaEngine) -> None:
    agreed = epoch("2026-12-20T12:00")
    case = policy_example_case(category="other", resolution_due=agreed)
    kept = lc.reclassify(case, "S1", engine, "consulta", agreed_due=agreed)
    assert "resolution_due" not in kept.updates
    dropped = lc.reclassify(case, "S3", engine, "urgencia", agreed_due=agreed)
    assert dropped.updates["resolution_due"] == epoch("2026-12-10T09:00")


def test_recategorize_checks_the_category_table_and_the_contract(engine: SlaEngine) -> None:
    policy = engine.policy
    change = lc.recategorize(policy_example_case(), "out_of_scope", policy, "es la red del cliente")
    assert change.updates == {"category": "out_of_scope"} and change.before == {"category": "fault"}
    with refused("severity_not_for_category"):
        lc.recategorize(policy_example_case(), "request", policy, "era una consulta")  # an S2 request
    with refused("same_category"):
        lc.recategorize(policy_example_case(), "fault", policy, "x")
    with refused("unknown_category"):
        lc.recategorize(policy_example_case(), "hardware", policy, "x")
    contractual = policy_example_case(service="contractual", level=None, severity="S1", category="update")
    with refused("contractual_not_allowed"):
        lc.recategorize(contractual, "other", policy, "no era una actualización")  # no prior approval recorded
    assert lc.recategorize(contractual, "uc_expansion", policy, "eran usuarios").updates == {"category": "uc_expansion"}


def test_agreed_deadlines_only_for_the_severities_the_policy_lists(engine: SlaEngine) -> None:
    with refused("agree_not_for_severity"):
        lc.agree_deadline(make_case(severity="S3"), NOW + 3600, NOW, "acordado", 365, engine.policy.agreed_severities)
    change = lc.agree_deadline(make_case(), NOW + 3600, NOW, "acordado", 365, engine.policy.agreed_severities)
    assert change.updates == {"resolution_due": NOW + 3600}


def test_refer_needs_out_of_scope_and_consent() -> None:
    consent_at = epoch("2026-12-09T09:30")
    with refused("refer_only_out_of_scope"):
        lc.refer(make_case(category="fault"), "RedesYa", "Luisa (USR)", consent_at, "llamada")
    case = make_case(category="out_of_scope")
    for by, at, how in [("", consent_at, "llamada"), ("Luisa", None, "llamada"), ("Luisa", consent_at, " ")]:
        with refused("consent_required"):
            lc.refer(case, "RedesYa", by, at, how)
    change = lc.refer(case, "RedesYa", "Luisa (USR)", consent_at, "llamada")
    assert change.updates["status"] == "referred" and change.updates["partner"] == "RedesYa"
    assert change.detail == {"consent_by": "Luisa (USR)", "consent_at": consent_at, "consent_how": "llamada"}


def test_agree_deadline_refuses_the_past_and_keeps_the_old_one() -> None:
    case = make_case(status="in_progress", agent="ana")
    with refused("deadline_in_past"):
        lc.agree_deadline(case, NOW - 60, NOW, "acordado con el USR", 365)
    with refused("deadline_in_past"):
        lc.agree_deadline(case, NOW, NOW, "acordado con el USR", 365)
    new_due = epoch("2026-12-23T17:00")
    with pytest.raises(Refused) as too_far:
        lc.agree_deadline(case, NOW + 366 * 86400, NOW, "acordado con el USR", 365)
    assert too_far.value.code == "deadline_too_far"
    change = lc.agree_deadline(case, new_due, NOW, "acordado con el USR", 365)
    assert change.updates == {"resolution_due": new_due}
    assert change.before == {"resolution_due": case.resolution_due}


def test_verify_only_pending_reporters() -> None:
    change = lc.verify(make_case(verification="pending"), "Luisa")
    assert change.updates == {"verification": "valid"}
    with refused("not_pending_verification"):
        lc.verify(make_case(verification="temporary"), "Luisa")


def test_notify_only_s3() -> None:
    with refused("notify_only_s3"):
        lc.notify(make_case(severity="S2"), NOW, "llamada")
    assert lc.notify(make_case(severity="S3"), NOW, " llamada ").updates == {"notified_at": NOW}


def test_resolve_reopen_close() -> None:
    case = make_case(status="in_progress", agent="ana")
    resolved = replace(case, **lc.resolve(case, NOW, "listo").updates)
    assert resolved.status == "resolved" and resolved.resolved_at == NOW
    reopened = lc.reopen(resolved, "volvió a fallar")
    assert reopened.updates == {"status": "in_progress", "resolved_at": None}
    assert lc.close(resolved, NOW + 60).updates == {"status": "closed", "closed_at": NOW + 60}


def test_taking_your_own_case_again_is_refused_and_changes_nothing() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from jq_console.domain.cases import Case, Refused
    from jq_console.domain.lifecycle import take

    opened = datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("America/Bogota")).timestamp()
    case = Case(
        1,
        "JQ-2026-00001",
        1,
        "Cliente",
        "900000009-0",
        "t",
        "S2",
        "fault",
        "form",
        "subscription",
        2,
        "in_progress",
        "valid",
        "ana",
        opened,
        opened + 3600,
        opened + 7200,
        assigned_at=opened + 60,
    )
    with pytest.raises(Refused) as refused:
        take(case, "ana", opened + 86400)
    assert refused.value.code == "already_yours"


def test_a_case_pending_verification_cannot_be_resolved_closed_or_worked() -> None:
    pending = make_case(status="in_progress", agent="ana", verification="pending")
    moves: tuple[Callable[[], object], ...] = (
        lambda: lc.resolve(pending, NOW, "listo"),
        lambda: lc.close(replace(pending, status="resolved"), NOW),
    )
    for move in moves:
        with refused("pending_verification"):
            move()
    offered = allowed_actions(pending, "ana", "agent")
    assert "verify" in offered and not {"resolve", "close", "log_time"} & set(offered)
    assert "resolve" in allowed_actions(replace(pending, verification="valid"), "ana", "agent")


def test_consent_to_a_referral_cannot_lie_in_the_future() -> None:
    case = make_case(category="out_of_scope")
    with refused("consent_in_future"):
        lc.refer(case, "RedesYa", "Luisa (USR)", NOW + 3600, "llamada", now=NOW)
    assert lc.refer(case, "RedesYa", "Luisa (USR)", NOW - 60, "llamada", now=NOW).updates["status"] == "referred"
