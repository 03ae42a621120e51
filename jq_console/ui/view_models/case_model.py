"""What the case screen shows of a case's SLA record: both clocks (state, due instant, time left,
when met) and every breach with its corrective action. `jq-console case show --json` prints the
same things (presentation.case_record); a property test holds the two together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jq_console.domain.breaches import Breach, awaiting, of_case
from jq_console.domain.cases import Case
from jq_console.domain.sla import SlaEngine
from jq_console.presentation.clocks import Clock, assignment_clock, resolution_clock


@dataclass(frozen=True)
class ClockView:
    kind: str
    state: str
    due: float | None
    met_at: float | None
    left: float | None


@dataclass(frozen=True)
class CaseView:
    code: str
    clocks: tuple[ClockView, ClockView]
    breaches: tuple[Breach, ...]  # oldest first, recorded or shown by the clocks

    @property
    def awaiting_action(self) -> tuple[Breach, ...]:
        return tuple(awaiting(self.breaches))


def _view(clock: Clock, met_at: float | None) -> ClockView:
    return ClockView(clock.kind, clock.state.value, clock.due, met_at, clock.left)


def case_view(engine: SlaEngine, case: Case, recorded: Iterable[Breach], now: float) -> CaseView:
    return CaseView(
        case.code,
        (
            _view(assignment_clock(engine, case, now), case.assigned_at),
            _view(resolution_clock(engine, case, now), case.resolved_at),
        ),
        tuple(of_case(case, recorded, now)),
    )
