"""What the dashboard computes for its tables: the clock each open case is racing, which cases
are at risk or breached, and a compliance tally as text and a small bar."""

from __future__ import annotations

from rich.text import Text

from jq_console.application.oversight import open_board
from jq_console.application.services import Services
from jq_console.domain.cases import Case
from jq_console.domain.sla import SlaEngine
from jq_console.domain.tally import ClockTally
from jq_console.i18n import t
from jq_console.presentation.clocks import Clock, assignment_clock, resolution_clock

BAR_WIDTH = 12
WARN_BELOW_PERCENT = 80  # colour only: under it the bar turns red


def pending_clock(engine: SlaEngine, case: Case, now: float) -> Clock:
    """The clock the case is racing now: assignment while nobody has it, else resolution."""
    return (assignment_clock if case.agent is None else resolution_clock)(engine, case, now)


def risky_cases(services: Services, cases: list[Case], limit: int) -> list[Case]:
    """Open cases whose pending clock is at risk or breached, breached first, then the nearest
    deadline; at most `limit`. Computed from scratch (`application.oversight.open_board`); a
    dashboard keeps its board between reloads (`DashboardReads.board`)."""
    return open_board(services.runtime, cases, limit).risky


def tally_cells(tally: ClockTally) -> tuple[Text, Text]:
    """'12/14 86%' and a bar; 'sin datos' when no clock of that kind is decided yet."""
    percent = tally.percent
    if percent is None:
        return Text(t("dashboard.no_data"), style="dim"), Text("")
    colour = "green" if tally.breached == 0 else "yellow" if percent >= WARN_BELOW_PERCENT else "red"
    filled = round(BAR_WIDTH * percent / 100)
    bar = Text("█" * filled, style=colour) + Text("░" * (BAR_WIDTH - filled), style="grey37")
    return Text(f"{tally.met}/{tally.decided} {percent:.0f}%", style=colour), bar
