"""Time limits as pure rules (domain/bounds.py): the USR's verification deadline, the automatic
closing of resolved cases, the web form's send-time bounds, billed months, and the policy keys."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from conftest import BOGOTA, epoch
from hypothesis import given, settings
from hypothesis import strategies as st

from jq_console.bootstrap import DEFAULT_POLICY, Runtime
from jq_console.domain.bounds import (
    VERIFICATION_EXPIRED,
    auto_close,
    check_submitted_at,
    close_due,
    expire_verification,
    refuse_before_opening,
    refuse_billed,
    verification_due,
    verification_overdue,
)
from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.cases import Case, Refused
from jq_console.domain.policy import Bounds, PolicyError, parse_policy

BOUNDS = Bounds()


def a_case(**changes: Any) -> Case:
    """An S2 fault opened Mon 2026-12-07 15:00, reported by someone the USR has not vouched for."""
    values: dict[str, Any] = {
        "id": 1,
        "code": "JQ-2026-00001",
        "client_id": 1,
        "client_name": "Cliente",
        "nit": "900123456-8",
        "title": "No factura",
        "severity": "S2",
        "category": "fault",
        "channel": "form",
        "service": "subscription",
        "level": 3,
        "status": "new",
        "verification": "pending",
        "agent": None,
        "opened_at": epoch("2026-12-07T15:00"),
        "assignment_due": epoch("2026-12-14T10:00"),
        "resolution_due": epoch("2026-12-17T15:00"),
    }
    values.update(changes)
    return Case(**values)


def shipped() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))


def test_the_shipped_policy_states_every_bound() -> None:
    bounds = parse_policy(shipped()).bounds
    assert bounds == Bounds(8, "regular", 5, "regular", 72, 10, 24)


def test_a_policy_file_without_the_new_tables_keeps_the_defaults() -> None:
    data = {key: value for key, value in shipped().items() if key not in ("verification", "closure", "intake")}
    data["billing"] = {key: value for key, value in data["billing"].items() if key != "work_before_opening_hours"}
    assert parse_policy(data).bounds == BOUNDS


@pytest.mark.parametrize(
    ("table", "key", "value", "code"),
    [
        ("verification", "deadline_business_hours", 0, "policy.limit_range"),
        ("verification", "deadline_business_hours", "8", "policy.expected.int"),
        ("verification", "schedule", "nocturno", "policy.bad_schedule"),
        ("closure", "auto_close_business_days", 1000, "policy.limit_range"),
        ("intake", "max_backdate_hours", -1, "policy.limit_range"),
        ("intake", "clock_tolerance_minutes", 100_000, "policy.limit_range"),
        ("billing", "work_before_opening_hours", -1, "policy.limit_range"),
        ("billing", "work_before_opening_hours", 24 * 32, "policy.limit_range"),
    ],
)
def test_a_bad_bound_is_named_by_its_key(table: str, key: str, value: object, code: str) -> None:
    data = shipped()
    data[table] = {**data[table], key: value}
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    assert caught.value.key == f"{table}.{key}" and caught.value.code == code


def test_verification_is_due_eight_regular_business_hours_after_the_opening(regular: BusinessCalendar) -> None:
    # Mon 15-17 (2 h), Tue 12-08 a holiday, Wed 09-13 (4 h) and 14-16 (2 h)
    assert verification_due(a_case(), regular, BOUNDS) == epoch("2026-12-09T16:00")
    assert not verification_overdue(a_case(), regular, BOUNDS, epoch("2026-12-09T16:00"))
    assert verification_overdue(a_case(), regular, BOUNDS, epoch("2026-12-09T16:01"))
    # a verified, temporary or finished case has no verification deadline
    assert verification_due(a_case(verification="valid"), regular, BOUNDS) is None
    assert verification_due(a_case(verification="temporary"), regular, BOUNDS) is None
    assert verification_due(a_case(status="invalid"), regular, BOUNDS) is None
    four = replace(BOUNDS, verification_hours=4)
    assert verification_due(a_case(), regular, four) == epoch("2026-12-09T11:00")


def test_an_overdue_verification_is_invalidated_with_the_policys_reason(regular: BusinessCalendar) -> None:
    now = epoch("2026-12-10T09:00")
    change = expire_verification(a_case(), regular, BOUNDS, now, "no verificado por el USR")
    assert change.kind == "invalidate"
    assert change.updates == {"status": "invalid", "verification": "invalid", "closed_at": now}
    assert change.note == "no verificado por el USR"
    assert change.after["reason_code"] == VERIFICATION_EXPIRED
    assert change.after["verification_due"] == epoch("2026-12-09T16:00")


@pytest.mark.parametrize(
    ("changes", "now"),
    [
        ({}, "2026-12-09T15:59"),  # not yet due
        ({"verification": "valid"}, "2026-12-10T09:00"),  # verified meanwhile
    ],
)
def test_a_verification_not_overdue_is_left_alone(regular: BusinessCalendar, changes: dict[str, Any], now: str) -> None:
    with pytest.raises(Refused) as caught:
        expire_verification(a_case(**changes), regular, BOUNDS, epoch(now), "x")
    assert caught.value.code == "sweep.not_overdue"


def test_a_case_resolved_five_business_days_ago_closes(regular: BusinessCalendar) -> None:
    resolved = epoch("2026-12-04T10:00")  # a Friday; Tue 12-08 is a holiday
    # Mon 7, Wed 9, Thu 10, Fri 11, Mon 14: the fifth open day, at the same local time
    assert close_due(resolved, regular, 5) == epoch("2026-12-14T10:00")
    case = a_case(status="resolved", verification="valid", agent="ana", resolved_at=resolved)
    with pytest.raises(Refused) as early:
        auto_close(case, regular, BOUNDS, epoch("2026-12-14T10:00"), "x")
    assert early.value.code == "sweep.not_due"
    change = auto_close(case, regular, BOUNDS, epoch("2026-12-14T10:01"), "cerrado automáticamente")
    assert change.kind == "close" and change.updates["status"] == "closed"
    assert change.after["close_due"] == epoch("2026-12-14T10:00")
    reopened = replace(case, status="in_progress", resolved_at=None)
    with pytest.raises(Refused):
        auto_close(reopened, regular, BOUNDS, epoch("2026-12-20T10:00"), "x")


def test_a_resolution_on_a_saturday_counts_from_monday(urgency: BusinessCalendar, regular: BusinessCalendar) -> None:
    saturday = epoch("2026-12-12T11:00")
    assert close_due(saturday, regular, 1) == epoch("2026-12-14T11:00")
    assert close_due(saturday, urgency, 1) == epoch("2026-12-14T11:00")  # Sunday is closed there too


def test_send_time_bounds() -> None:
    now = epoch("2026-12-10T10:00")
    assert check_submitted_at(now - 72 * 3600, now, BOUNDS) == now - 72 * 3600
    assert check_submitted_at(now + 600, now, BOUNDS) == now  # ahead within the tolerance: opens now
    with pytest.raises(Refused) as old:
        check_submitted_at(now - 72 * 3600 - 1, now, BOUNDS, "2026-12-07T09:59:59")
    assert old.value.code == "intake.too_old" and old.value.params == {"value": "2026-12-07T09:59:59", "hours": 72}
    with pytest.raises(Refused) as ahead:
        check_submitted_at(now + 601, now, BOUNDS)
    assert ahead.value.code == "intake.beyond_tolerance" and ahead.value.params["minutes"] == 10
    with pytest.raises(Refused):
        check_submitted_at(epoch("1901-01-01T00:00"), now, BOUNDS)


def test_work_logged_on_a_case_ends_at_most_the_policys_hours_before_its_opening() -> None:
    """A phone case is registered during or after the call it logs: the work may end up to
    `work_before_opening_hours` (24 in the shipped policy) before the opening, counted from the
    opening's minute, as the refusal shows it and as a start is typed. Work over before that was not
    work on the case (a start mistyped by years)."""
    case = a_case(opened_at=epoch("2026-12-07T15:00") + 40)  # opened at 15:00:40
    refuse_before_opening(case, epoch("2026-12-06T14:40"), 20, BOGOTA, BOUNDS)  # ends 24 h before 15:00
    refuse_before_opening(case, epoch("2026-12-07T14:30"), 45, BOGOTA, BOUNDS)
    with pytest.raises(Refused) as caught:
        refuse_before_opening(case, epoch("2026-12-06T14:39"), 20, BOGOTA, BOUNDS)
    assert caught.value.code == "billing.before_opening"
    assert caught.value.params == {
        "code": "JQ-2026-00001",
        "opened": "2026-12-07T15:00",
        "earliest": "2026-12-06T15:00",
        "hours": 24,
    }
    with pytest.raises(Refused):
        refuse_before_opening(case, epoch("2020-01-06T10:00"), 60, BOGOTA, BOUNDS)
    strict = replace(BOUNDS, work_before_opening_hours=0)
    refuse_before_opening(case, epoch("2026-12-07T14:40"), 20, BOGOTA, strict)  # ends at 15:00, the minute shown
    with pytest.raises(Refused):
        refuse_before_opening(case, epoch("2026-12-07T14:39"), 20, BOGOTA, strict)


def test_time_in_a_billed_month_is_refused_by_the_month_it_starts_in() -> None:
    billed = {(2026, 11)}
    refuse_billed(epoch("2026-12-01T00:00"), BOGOTA, billed)  # December is open
    refuse_billed(epoch("2026-10-31T23:55"), BOGOTA, billed)  # starts in October, runs into November
    with pytest.raises(Refused) as caught:
        refuse_billed(epoch("2026-11-30T23:59"), BOGOTA, billed)
    assert caught.value.code == "billing.month_billed" and caught.value.params == {"month": "2026-11"}
    # local month, not UTC: 2026-12-01 02:00 UTC is still November in Bogotá
    with pytest.raises(Refused):
        refuse_billed(epoch("2026-12-01T02:00+00:00"), BOGOTA, billed)


def test_the_runtime_carries_the_bounds(runtime: Runtime) -> None:
    assert runtime.policy.bounds.verification_schedule in runtime.engine.calendars


INSTANTS = st.floats(min_value=epoch("2026-01-01T00:00"), max_value=epoch("2028-12-31T00:00"))


@settings(max_examples=60, deadline=None)
@given(opened=INSTANTS, later=st.floats(min_value=0, max_value=40 * 86400))
def test_overdue_exactly_after_the_deadline_and_the_sweep_agrees(
    regular: BusinessCalendar, opened: float, later: float
) -> None:
    """For any opening and any moment after it: overdue iff strictly past the deadline, which is
    8 business hours away; the system's invalidation is refused exactly when not overdue."""
    case = a_case(opened_at=opened)
    due = verification_due(case, regular, BOUNDS)
    assert due is not None and due > opened
    assert regular.seconds_between(opened, due) == pytest.approx(8 * 3600)
    now = opened + later
    overdue = verification_overdue(case, regular, BOUNDS, now)
    assert overdue == (now > due)
    if overdue:
        assert expire_verification(case, regular, BOUNDS, now, "x").updates["status"] == "invalid"
    else:
        with pytest.raises(Refused):
            expire_verification(case, regular, BOUNDS, now, "x")


@settings(max_examples=60, deadline=None)
@given(resolved=INSTANTS, days=st.integers(min_value=1, max_value=20))
def test_the_closing_day_is_the_nth_open_day_after_the_resolution(
    regular: BusinessCalendar, resolved: float, days: int
) -> None:
    due = close_due(resolved, regular, days)
    first, last = datetime.fromtimestamp(resolved, BOGOTA), datetime.fromtimestamp(due, BOGOTA)
    assert (last.hour, last.minute) == (first.hour, first.minute) or last.utcoffset() != first.utcoffset()
    between = [first.date() + timedelta(days=n) for n in range(1, (last.date() - first.date()).days + 1)]
    assert sum(1 for day in between if regular.open_intervals(day)) == days
    assert regular.open_intervals(last.date())
