"""A new case built in memory, with its deadlines from the runtime's policy: the tests of the pieces
that rank and watch open cases (the queue's model, the dashboard's board) start from these."""

from __future__ import annotations

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.domain.vocabulary import Service, Severity, Verification


def new_case(
    runtime: Runtime,
    number: int,
    severity: Severity,
    opened_at: float,
    *,
    service: Service = "subscription",
    level: int | None = 2,
    verification: Verification = "valid",
) -> Case:
    """Case `number` (code JQ-2026-0000n), a fault reported by form, new and unassigned."""
    assignment, resolution = runtime.engine.deadlines_epoch(severity, opened_at)
    return Case(
        number,
        f"JQ-2026-{number:05d}",
        1,
        "Cliente",
        "900123456-8",
        "t",
        severity,
        "fault",
        "form",
        service,
        level,
        "new",
        verification,
        None,
        opened_at,
        assignment,
        resolution,
    )
