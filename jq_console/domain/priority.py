"""The queue's order (docs/policy.md, "Queue priority") and the reason for each rank.

The key does not depend on the current time: a breached deadline is simply an earlier one, so
sorting by the pending deadline already puts breached cases first and the order only changes
when a case changes, never on a clock tick.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jq_console.domain.cases import SEVERITY_RANK, Case
from jq_console.domain.policy import Policy


def priority_key(policy: Policy, case: Case) -> tuple[int, int, float, float, str]:
    due = case.pending_due
    return (
        SEVERITY_RANK[case.severity],
        policy.service_rank(case.service, case.level),
        math.inf if due is None else due,
        case.opened_at,
        case.code,
    )


@dataclass(frozen=True)
class RankReason:
    rank: int
    severity: str
    service: str
    level: int | None
    pending_kind: str | None
    pending_due: float | None
    breached: bool


def rank_cases(policy: Policy, cases: list[Case], now: float) -> list[tuple[Case, RankReason]]:
    ordered = sorted(cases, key=lambda case: priority_key(policy, case))
    return [
        (
            case,
            RankReason(
                index + 1,
                case.severity,
                case.service,
                case.level,
                case.pending_kind,
                case.pending_due,
                case.pending_due is not None and case.pending_due < now,
            ),
        )
        for index, case in enumerate(ordered)
    ]
