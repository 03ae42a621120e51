"""How a case's USR verification and its client's payments are told on screen: the verification
state with its deadline (domain.bounds), and the marks a queue line carries."""

from __future__ import annotations

import math

from jq_console.bootstrap import Runtime
from jq_console.domain.bounds import verification_due
from jq_console.domain.cases import Case
from jq_console.i18n import label, short_datetime, t

OVERDUE_MARK = "V"  # pending the USR's verification past the policy's deadline
BEHIND_MARK = "$"  # the client is behind on payments


def verification_deadline(runtime: Runtime, case: Case) -> float | None:
    """Measured, like the case's clocks, by the policy version it was opened under."""
    measure = runtime.of_case(case)
    bounds = measure.policy.bounds
    return verification_due(case, measure.engine.calendars[bounds.verification_schedule], bounds)


def verification_text(runtime: Runtime, case: Case) -> str:
    """'Pendiente de verificación USR · vence lun 7 dic 17:00' (or 'vencida desde …'); else the state."""
    state = label("verification", case.verification)
    due = verification_deadline(runtime, case)
    if due is None:
        return state
    when = short_datetime(runtime.local(due))
    key = "bounds.verification.overdue" if runtime.now() > due else "bounds.verification.due"
    return t(key, state=state, when=when)


def queue_marks(runtime: Runtime, case: Case, now: float) -> str:
    """The marks of a queue line, two characters: verification overdue, client behind on payments."""
    due = verification_deadline(runtime, case)
    overdue = OVERDUE_MARK if due is not None and now > due else " "
    behind = BEHIND_MARK if not case.client_up_to_date else " "
    return overdue + behind


def queue_marks_hold(runtime: Runtime, case: Case, now: float) -> float:
    """The first instant after `now` at which the marks of `case` may read otherwise, the case
    unchanged: its verification's deadline while it is to come (the overdue mark shows once past it)."""
    due = verification_deadline(runtime, case)
    return due if due is not None and now <= due else math.inf
