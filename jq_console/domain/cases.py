"""Support cases: their fields, their statuses and which moves each status allows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, make_dataclass
from typing import Any

from jq_console.domain.coded import CodedError

# The vocabularies are defined in domain/vocabulary.py; re-exported here, where most code looks.
from jq_console.domain.vocabulary import CATEGORIES as CATEGORIES
from jq_console.domain.vocabulary import CHANNELS as CHANNELS
from jq_console.domain.vocabulary import OPEN_STATUSES as OPEN_STATUSES
from jq_console.domain.vocabulary import SCOPES as SCOPES
from jq_console.domain.vocabulary import STATUSES as STATUSES
from jq_console.domain.vocabulary import VERIFICATIONS as VERIFICATIONS
from jq_console.domain.vocabulary import (
    Category,
    Channel,
    ClockKind,
    Scope,
    Service,
    Severity,
    Status,
    Verification,
)


class Refused(CodedError):
    """A move the policy does not allow. `code` names a message in the catalogue; `params` fill it."""


ReadsAs = tuple[str, int, str, bool]  # see `Case.reads_as`


class StatusFacts:
    """What a case's status says of it, for every shape of a case (a `Case`, the board's
    `domain.open_case.OpenCase`): one rule for which statuses are open and which one pauses."""

    __slots__ = ()
    status: Status

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status == "waiting"


@dataclass(frozen=True, slots=True)
class Case(StatusFacts):
    id: int
    code: str
    client_id: int
    client_name: str
    nit: str
    title: str
    severity: Severity
    category: Category
    channel: Channel
    service: Service  # "subscription" or "contractual", as it was when the case was opened
    level: int | None
    status: Status
    verification: Verification
    agent: str | None
    opened_at: float
    assignment_due: float
    resolution_due: float | None  # None while the resolution clock is paused
    resolution_left: float | None = None  # the time the paused clock still had
    assigned_at: float | None = None
    resolved_at: float | None = None
    closed_at: float | None = None
    notified_at: float | None = None
    scope: Scope = "server"
    justification: str = ""
    description: str = ""
    reporter_id: int | None = None
    reporter_name: str = ""
    reporter_role: str = ""
    partner: str | None = None
    version: int = 1
    policy_version: int = 1  # the policy version of record the case was opened under, which measures its clocks
    # The client's payment state as read with the case (not copied at opening): the policy marks a
    # client behind on payments wherever its cases appear.
    client_up_to_date: bool = True
    # Which run of each clock the deadlines belong to: a breach is (case, clock, run); a move that
    # gives a broken clock a future deadline starts its next run (domain/breaches.py).
    assignment_run: int = 1
    resolution_run: int = 1

    @property
    def pending_kind(self) -> ClockKind | None:
        """Which deadline the case is racing: assignment while nobody has it, else resolution."""
        if not self.is_open:
            return None
        return "assignment" if self.agent is None else "resolution"

    @property
    def pending_due(self) -> float | None:
        kind = self.pending_kind
        if kind == "assignment":
            return self.assignment_due
        return self.resolution_due if kind else None

    @property
    def reads_as(self) -> ReadsAs:
        """What a line drawn from this case depends on, time aside: its code and version, and its
        client's name and payments, which an edit of the client changes without a new version."""
        return (self.code, self.version, self.client_name, self.client_up_to_date)


# Case's fields and slots, unfrozen: what `case_of` builds a case in.
_CaseDraft = make_dataclass(
    "_CaseDraft", [(each.name, each.type) for each in fields(Case)], bases=(StatusFacts,), slots=True
)
CASE_FIELDS: tuple[str, ...] = tuple(each.name for each in fields(Case))


def case_of(values: Sequence[Any]) -> Case:
    """`Case(*values)` (every field, in `CASE_FIELDS` order), for a store that reads thousands of
    cases at once. A frozen dataclass sets each field through `object.__setattr__`, about ten times
    what a plain slot store costs: at 10,000 open cases that was 35 ms of a dashboard's or a
    console's first load. The values go into an unfrozen twin with the same slots, which then
    becomes a Case, frozen from then on (Python allows the change of class because the two lay
    their objects out alike); equal by test to `Case(*values)`."""
    draft: Case = _CaseDraft(*values)
    draft.__class__ = Case
    return draft


@dataclass(frozen=True)
class Change:
    """What a move does to a case: the new field values and the history line it leaves."""

    kind: str
    updates: dict[str, Any]
    note: str = ""
    before: dict[str, Any] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def after(self) -> dict[str, Any]:
        return {**self.updates, **self.detail}


# Which action each status offers; the screens show only these, the store enforces them.
_ACTIONS: dict[str, tuple[str, ...]] = {
    "new": (
        "take",
        "assign",
        "verify",
        "notify",
        "agree_deadline",
        "reclassify",
        "log_time",
        "refer",
        "invalidate",
        "reject",
    ),
    "assigned": (
        "take",
        "assign",
        "start",
        "wait",
        "resolve",
        "verify",
        "notify",
        "agree_deadline",
        "reclassify",
        "log_time",
        "refer",
        "invalidate",
        "reject",
    ),
    "in_progress": (
        "take",
        "assign",
        "wait",
        "resolve",
        "verify",
        "notify",
        "agree_deadline",
        "reclassify",
        "log_time",
        "refer",
        "invalidate",
        "reject",
    ),
    "waiting": ("resume", "verify", "log_time", "invalidate", "reject"),
    "resolved": ("close", "reopen", "log_time"),
    "closed": (),
    "invalid": (),
    "rejected": (),
    "referred": (),
}


def allowed_actions(case: Case, agent: str | None, role: str) -> tuple[str, ...]:
    actions = _ACTIONS[case.status]
    result = []
    for action in actions:
        if action == "take" and case.agent is not None:
            continue  # a taken case changes hands only through a supervisor's "assign"
        if action == "assign" and role not in ("supervisor", "admin"):
            continue
        if action == "verify" and case.verification != "pending":
            continue
        if action in NEEDS_VERIFIED and case.verification == "pending":
            continue
        if action == "notify" and (case.severity != "S3" or case.notified_at is not None):
            continue
        result.append(action)
    return tuple(result)


# Work on a case reported by someone the USR has not yet vouched for waits for the USR's word.
NEEDS_VERIFIED = ("resolve", "close", "log_time")


def require(case: Case, action: str) -> None:
    if action not in _ACTIONS[case.status]:
        raise Refused("action_not_allowed", action=action, status=case.status)
    if action in NEEDS_VERIFIED and case.verification == "pending":
        raise Refused("pending_verification", action=action)
