"""What the tests of kept clocks share: a desk of demo cases on a hand-set clock, and the seconds that
try a kept clock hardest (the end of a working day, a night, a jump back)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jq_console.application.services import Services
from jq_console.domain.cases import Case
from jq_console.store.cases import open_cases
from jq_console.ui.app import demo_services

BOGOTA = ZoneInfo("America/Bogota")
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA).timestamp()
MONDAY_EVENING = datetime(2026, 12, 7, 16, 50, tzinfo=BOGOTA).timestamp()  # the regular schedule ends at 17:00


def desk(tmp_path: Path, at: float, cases: int = 400) -> tuple[Services, list[Case]]:
    """Seeded demo cases, the clock standing at `at`; and the open ones."""
    services = demo_services(str(tmp_path / "desk.sqlite"), cases=cases, seed=7, clock=lambda: at)
    return services, open_cases(services.engine, services.runtime.policy)


def seconds_from(start: float, count: int) -> list[float]:
    """`count` seconds from `start`, a fraction of a second off the deadlines' whole seconds."""
    return [start + 0.37 + second for second in range(count)]


def evening_night_and_back() -> list[float]:
    """Each second from 16:50 to 17:10, then the night, a jump back, and two minutes more."""
    instants = seconds_from(MONDAY_EVENING, 20 * 60)
    instants += [instants[-1] + 0.5, instants[-1] + 14 * 3600, instants[-1] + 14 * 3600 - 30]
    return instants + [instants[-1] + second for second in range(1, 120)]
