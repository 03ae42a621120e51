"""Time limits on cases and on the record: the USR's verification deadline, the automatic closing of
resolved cases, how far a web-form send time may stray, and months already billed.

Pure: the calendar, the time zone and the clock are passed in (docs/policy.md, "The record").
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta, tzinfo

from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.cases import Case, Change, Refused, require
from jq_console.domain.open_case import Clocked
from jq_console.domain.policy import Bounds

# What `sweep` writes as the reason of an expired verification: a catalogue key, told in the
# language of whoever reads the history; the stored note is that sentence in the sweep's language.
VERIFICATION_EXPIRED = "sweep.reason.unverified"
AUTO_CLOSED = "sweep.reason.auto_closed"


def refuse_before_opening(case: Case, started_at: float, minutes: int, tz: tzinfo, bounds: Bounds) -> None:
    """Refuse new work on `case` that ended more than `bounds.work_before_opening_hours` before the
    case was opened (docs/policy.md, "Billing"): a phone case is registered during or after the call
    it logs, but work over long before the case existed was not work on it, and would be billed in a
    month the case never lived in. Counted from the opening's minute, as the refusal shows it and as
    a start is typed."""
    opened = case.opened_at - case.opened_at % 60
    earliest = opened - bounds.work_before_opening_hours * 3600
    if started_at + minutes * 60 < earliest:
        raise Refused(
            "billing.before_opening",
            code=case.code,
            opened=f"{datetime.fromtimestamp(opened, tz):%Y-%m-%dT%H:%M}",
            earliest=f"{datetime.fromtimestamp(earliest, tz):%Y-%m-%dT%H:%M}",
            hours=bounds.work_before_opening_hours,
        )


def verification_due(case: Clocked, calendar: BusinessCalendar, bounds: Bounds) -> float | None:
    """When an open case pending the USR's verification becomes overdue: `verification_hours` of the
    schedule's business time after the opening. None for any other case."""
    if case.verification != "pending" or not case.is_open:
        return None
    return calendar.add_seconds(case.opened_at, bounds.verification_hours * 3600)


def verification_overdue(case: Case, calendar: BusinessCalendar, bounds: Bounds, now: float) -> bool:
    due = verification_due(case, calendar, bounds)
    return due is not None and now > due


def expire_verification(case: Case, calendar: BusinessCalendar, bounds: Bounds, now: float, reason: str) -> Change:
    """The system's invalidation of a case the USR did not verify in time; refused (so a sweep racing
    with a verification leaves the case alone) unless it is still pending and overdue."""
    require(case, "invalidate")
    due = verification_due(case, calendar, bounds)
    if due is None or now <= due:
        raise Refused("sweep.not_overdue", code=case.code)
    return Change(
        "invalidate",
        {"status": "invalid", "verification": "invalid", "closed_at": now},
        reason,
        before={"status": case.status, "verification": case.verification},
        detail={"reason_code": VERIFICATION_EXPIRED, "verification_due": due},
    )


def close_due(resolved_at: float, calendar: BusinessCalendar, days: int) -> float:
    """The same local time on the `days`-th open day of the calendar after the day of resolution."""
    moment = datetime.fromtimestamp(resolved_at, calendar.tz)
    day = moment.date()
    counted = 0
    for _ in range(days * 7 + 400):  # a schedule open at least one day a week; holidays add a few
        day += timedelta(days=1)
        if calendar.open_intervals(day):
            counted += 1
            if counted == days:
                local = datetime(
                    day.year, day.month, day.day, moment.hour, moment.minute, moment.second, tzinfo=calendar.tz
                )
                return local.timestamp()
    raise ValueError("the schedule does not open in the coming year")


def auto_close(case: Case, calendar: BusinessCalendar, bounds: Bounds, now: float, reason: str) -> Change:
    """The system's closing of a case resolved more than `auto_close_days` business days ago."""
    require(case, "close")
    if case.resolved_at is None:
        raise Refused("sweep.not_due", code=case.code)
    due = close_due(case.resolved_at, calendar, bounds.auto_close_days)
    if now <= due:
        raise Refused("sweep.not_due", code=case.code)
    return Change(
        "close",
        {"status": "closed", "closed_at": now},
        reason,
        before={"status": case.status},
        detail={"reason_code": AUTO_CLOSED, "close_due": due},
    )


def check_submitted_at(submitted: float, now: float, bounds: Bounds, shown: str = "") -> float:
    """The instant a web-form case opens: the client's send time, or now when it is ahead of our clock
    by no more than the tolerance. `Refused` when it is older than the policy allows or further ahead."""
    if submitted < now - bounds.max_backdate_hours * 3600:
        raise Refused("intake.too_old", value=shown, hours=bounds.max_backdate_hours)
    if submitted > now + bounds.clock_tolerance_minutes * 60:
        raise Refused("intake.beyond_tolerance", value=shown, minutes=bounds.clock_tolerance_minutes)
    return min(submitted, now)


def month_of(epoch: float, tz: tzinfo) -> tuple[int, int]:
    local = datetime.fromtimestamp(epoch, tz)
    return local.year, local.month


def month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def refuse_billed(started_at: float, tz: tzinfo, billed: Collection[tuple[int, int]]) -> None:
    """Time belongs to the month it started in (domain.billing); once that month is billed, no entry
    or correction may land in it."""
    year, month = month_of(started_at, tz)
    if (year, month) in billed:
        raise Refused("billing.month_billed", month=month_text(year, month))
