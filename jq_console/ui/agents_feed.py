"""When a console reads its office's directory again for the agents panel.

The panel's counts (each agent's open cases, the unassigned urgencies) come from the open cases the
queue already holds (`QueueModel`); only the directory (names, roles, availability, last seen) is
read, at a beat of the console's pulse (`ui.database_pulse`) when the database changed, when a read
was asked for (the agent chose another availability), or when someone's silence turns them away. A
busy database is read for it at most every READ_EVERY_BEATS beats.

Before, every console read the whole board (three queries) for its panel at every other changed beat."""

from __future__ import annotations

from jq_console.domain.presence import next_silence
from jq_console.store.directory import AgentInfo

READ_EVERY_BEATS = 2  # ~2 s with the pulse's beat of about a second


class AgentsFeed:
    def __init__(self) -> None:
        # Reads asked (on the screen's thread) and answered (on the pulse's): counted rather than a
        # flag, so an ask made while a beat decides is not cleared by it unanswered.
        self._asks, self._answered = 1, 0  # the first beat reads
        self._pending = False  # a change not read yet: it came sooner than READ_EVERY_BEATS after the last read
        self._beats = READ_EVERY_BEATS  # beats since the last read
        self.next_silence: float | None = None

    def ask(self) -> None:
        """Read at the next beat (from the screen's thread, or the pulse's after a failed read)."""
        self._asks += 1

    def due(self, changed: bool, now: float) -> bool:
        """At one beat: whether the directory is read now. A change within READ_EVERY_BEATS of the
        last read waits for a later beat, and is not forgotten."""
        silence = self.next_silence is not None and now >= self.next_silence
        asks = self._asks
        asked, self._answered = asks != self._answered, asks
        self._beats += 1
        pending = self._pending or changed
        if asked or silence or (pending and self._beats >= READ_EVERY_BEATS):
            self._pending, self._beats = False, 0
            return True
        self._pending = pending
        return False

    def read(self, infos: list[AgentInfo], now: float, away_after_minutes: int) -> None:
        """The directory just read: the next moment someone turns away by silence alone."""
        self.next_silence = next_silence([info.last_seen for info in infos if info.active], now, away_after_minutes)
