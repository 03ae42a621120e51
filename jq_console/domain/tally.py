"""How many clocks met their deadline, broke it, or are still racing it in time: one count that the
monthly report (`domain.report`) and the dashboard (`domain.month_figures`, `domain.oversight`) share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class ClockTally:
    met: int = 0
    breached: int = 0
    in_time: int = 0  # still running, deadline not yet passed (a paused clock counts here)

    @property
    def decided(self) -> int:
        return self.met + self.breached

    @property
    def percent(self) -> float | None:
        """Share of decided clocks that were met; None while none is decided."""
        return None if not self.decided else 100.0 * self.met / self.decided

    def add(self, other: ClockTally) -> None:
        self.met += other.met
        self.breached += other.breached
        self.in_time += other.in_time


def summed(tallies: Iterable[ClockTally]) -> ClockTally:
    """A new tally of all of `tallies` together."""
    total = ClockTally()
    for tally in tallies:
        total.add(tally)
    return total
