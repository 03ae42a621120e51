"""The dashboard's cases at risk or breached as table rows, second by second, at the least cost: the
clocks are kept while their text holds (`presentation.held_clocks`), a row whose clock was not
computed again keeps its words and its cells (the very objects, so the table compares them by
identity), and a second that changes no row gives nothing to draw."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text

from jq_console.domain.cases import Case, ReadsAs
from jq_console.domain.sla import ClockState
from jq_console.i18n import label, t
from jq_console.presentation.clocks import STYLES, Clock, clock_text
from jq_console.presentation.held_clocks import HeldClocks
from jq_console.ui.support import SameInstant
from jq_console.ui.widgets.plain_table import Row

Words = tuple[str, ...]  # what a row reads: code, time left, state, severity, clock, agent, client


def _words(case: Case, clock: Clock) -> Words:
    return (
        case.code,
        clock_text(clock),
        clock.state.value,
        case.severity,
        clock.kind,
        case.agent or "",
        case.client_name,
    )


def _rest(case: Case, clock: Clock) -> tuple[str | Text, ...]:
    """A row after its code and time left: the state (coloured by it), severity, clock, agent, client."""
    return (
        Text(label("clock", clock.state.value), style=STYLES[clock.state]),
        case.severity,
        label("kind", clock.kind),
        case.agent or t("dashboard.unassigned"),
        case.client_name,
    )


class RiskRows:
    def __init__(self, measure: Callable[[Case, float], tuple[Clock, float]]) -> None:
        self._measure = measure
        self.forget()

    def forget(self) -> None:
        """Draw the next rows whole (the table was emptied: a new width)."""
        self._clocks = HeldClocks(self._measure)
        self._ticked = SameInstant()
        self._of: Sequence[Case] | None = None  # the cases the rows were last made for
        self._shown: list[Words] | None = None  # the rows as last drawn
        self._words: dict[str, tuple[Clock, Case, Words]] = {}  # by code: the words of the clock kept
        self._cells: dict[Words, tuple[str | Text, ...]] = {}  # each row's cells, by its words
        self._parts: dict[tuple[ReadsAs, str, ClockState], tuple[str | Text, ...]] = {}  # see `_cells_of`

    def at(self, cases: Sequence[Case], now: float) -> list[Row] | None:
        """The rows of `cases` at `now`, least time left first (the most overdue, then the nearest
        deadline); None when they read as last drawn."""
        # The same instant over the same cases cannot show anything new: not even computed (a frozen
        # clock then costs the 1-second tick nothing).
        if self._ticked.seen(now, cases):
            return None
        rows, computed = self._clocks.at(cases, now)
        if not computed and cases is self._of:
            return None  # no clock computed again over the same cases: every row reads as drawn
        self._of = cases
        words_of, self._words = self._words, {}
        shown: list[Words] = []
        for case, clock in rows:
            kept = words_of.get(case.code)
            words = kept[2] if kept is not None and kept[0] is clock and kept[1] is case else _words(case, clock)
            self._words[case.code] = (clock, case, words)
            shown.append(words)
        if shown == self._shown:
            return None  # no countdown's text and no row changed
        self._shown = shown
        return self._cells_of(shown, rows)

    def _cells_of(self, shown: list[Words], rows: list[tuple[Case, Clock]]) -> list[Row]:
        """The usual tick (the same cases, countdowns moved) keeps the cells of every row that reads
        as before, and of the others all but the time left."""
        before, self._cells = self._cells, {}
        parts, self._parts = self._parts, {}
        table_rows: list[Row] = []
        for words, (case, clock) in zip(shown, rows, strict=True):
            cells = before.get(words)
            if cells is None:  # most often only the countdown moved: the rest of the row is kept
                key = (case.reads_as, clock.kind, clock.state)
                rest = parts.get(key) or _rest(case, clock)
                self._parts[key] = rest
                cells = (case.code, Text(words[1], style=STYLES[clock.state]), *rest)
            self._cells[words] = cells
            table_rows.append((case.code, cells))
        return table_rows
