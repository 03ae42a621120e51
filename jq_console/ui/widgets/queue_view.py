"""The live queue: one line per open case, drawn through Textual's line API.

Countdowns are computed while a line is drawn, so a clock tick costs only the visible lines whose
marks or countdowns may read otherwise (`_timed`), and refreshes only the characters of a countdown
that moved ("38h 12m" to "38h 11m", or "12m 05s" to "12m 04s" in a deadline's last hour, rewrites one
cell on the terminal, not the line nor the column); nothing is rebuilt. The rest of a visible line is
kept per case version, client name, cursor and countdowns, for as long as the width holds; the rank
is drawn before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case, ReadsAs
from jq_console.domain.sla import ClockState
from jq_console.i18n import label, short_datetime, t
from jq_console.presentation.clocks import (
    STYLES,
    Clock,
    assignment_clock,
    clock_text,
    held_until,
    resolution_clock,
)
from jq_console.presentation.held_clocks import still_holds
from jq_console.presentation.verification import queue_marks, queue_marks_hold
from jq_console.ui.list_keys import list_keys
from jq_console.ui.support import SameInstant, changed_span, one_line
from jq_console.ui.widgets.queue_rows import QueueRows


@dataclass(frozen=True)
class Column:
    key: str
    width: int  # 0 = takes what is left
    right: bool = False


# Which columns fit: wider terminals get service, wall-clock deadlines and titles.
_NARROW = ("rank", "code", "mark", "sev", "status", "agent", "client", "a_left", "r_left")
_MEDIUM = (
    "rank",
    "code",
    "mark",
    "sev",
    "service",
    "status",
    "agent",
    "client",
    "a_left",
    "a_due",
    "r_left",
    "r_due",
)
_WIDE = _MEDIUM + ("title",)
_WIDTHS = {
    "rank": 4,
    "code": 13,
    "mark": 2,  # presentation.verification.queue_marks: verification overdue, client behind on payments
    "sev": 2,
    "service": 5,
    "status": 9,
    "agent": 9,
    "client": 0,
    "a_left": 10,
    "a_due": 16,
    "r_left": 10,
    "r_due": 16,
    "title": 0,
}
_CLOCK_COLUMNS = ("a_left", "r_left")
_TIMED_COLUMNS = ("mark", *_CLOCK_COLUMNS)  # drawn again as time passes, with no case changed
_HEADER_STYLE = Style(bold=True, underline=True)
_BASE = Style()
_CURSOR = Style(bgcolor="#1f4e79", color="white")
_MARK = Style(color="yellow", bold=True)
_CURSOR_BLURRED = Style(bgcolor="#3a3a3a")


_LISTED_STATUSES = (
    "new",
    "assigned",
    "in_progress",
    "waiting",
    "resolved",
    "closed",
    "invalid",
    "rejected",
    "referred",
)


def fitted_widths() -> dict[str, int]:
    """Each fixed column at least as wide as its header and, for the status, its longest name, in
    the language of this moment: no header or status is ever cut ("In progre")."""
    widths = dict(_WIDTHS)
    for key, width in _WIDTHS.items():
        if width:
            widths[key] = max(width, len(t(f"ui.col.{key}")))
    widths["status"] = max(widths["status"], *(len(label("status", status)) for status in _LISTED_STATUSES))
    return widths


def layout(width: int) -> tuple[Column, ...]:
    keys = _WIDE if width >= 150 else _MEDIUM if width >= 118 else _NARROW
    widths = fitted_widths()
    fixed = sum(widths[key] for key in keys) + len(keys) - 1
    flexible = [key for key in keys if _WIDTHS[key] == 0]
    spare = max(8, width - fixed)
    shares = {key: spare // len(flexible) for key in flexible}
    if "title" in shares:  # the client name needs less room than the title
        shares["client"] = min(28, spare // 3)
        shares["title"] = spare - shares["client"]
    return tuple(Column(key, widths[key] or shares[key], key in ("rank", "a_left", "r_left")) for key in keys)


def rank_text(rank: int, width: int) -> str:
    """A rank in `width` cells: whole when it fits, else in thousands ("12k"); never cut, which showed
    rank 10,000 as "0000" in a 4-cell column (the exact rank is in the selected case's lines)."""
    whole = str(rank)
    if len(whole) <= width:
        return whole
    thousands = f"{rank // 1000}k"
    return thousands if len(thousands) <= width else "…"


def marked_rank_text(rank: int, width: int) -> str:
    """A marked case's rank: a dot before it, then a space if there is room ("● 3", "●123")."""
    text = rank_text(rank, width - 1)
    return f"● {text}" if len(text) + 2 <= width else f"●{text}"


_Shown = tuple[str, ClockState | None]  # marks or a countdown as drawn: text fitted to its column, state
# What a visible line shows: the case's code, the case (None: not read yet), rank, cursor, mark.
_Line = tuple[str, Case | None, int, bool, bool]


@dataclass(frozen=True)
class _Held:
    """A line's marks and countdowns as computed for `case` under policy version `policy` at
    `since`, which read alike until `until` for that very case: a case read again may differ in
    more than its version (its client's payments, the "$" mark, are the client's, not the case's)."""

    case: Case
    policy: int | None
    since: float
    until: float
    shown: tuple[_Shown, ...]


def _moved(old: _Shown, new: _Shown, width: int) -> tuple[int, int] | None:
    """(first cell, number of cells) of marks or a countdown that changed between two ticks; None
    when they did not. A new state is a new colour for the whole cell; new words of the same length
    in ASCII (one cell each) rewrite only from the first character that differs to the last."""
    if old == new:
        return None
    (old_text, old_state), (new_text, new_state) = old, new
    span = changed_span(old_text, new_text) if old_state == new_state else None
    return span or (0, width)


class QueueView(Widget, can_focus=True):
    """Rows of cases, a cursor that stays on its case across reloads, and live clocks. `rank_of` gives a
    case's place in the whole queue by its code (filters hide lines, they do not renumber them). A line
    whose case is not read yet shows its rank and code; the screen reads the cases around what is
    shown (`Shown`)."""

    BINDINGS = list_keys("queue")

    @dataclass
    class Highlighted(Message):
        code: str | None

    @dataclass
    class Opened(Message):
        code: str

    @dataclass
    class Shown(Message):
        """Another stretch of the rows is on screen (scrolled, resized): the screen reads its cases."""

    def __init__(self, runtime: Runtime, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.runtime = runtime
        self.rows = QueueRows([], {}, {})
        self.rank_of: Callable[[str], int] = lambda code: 0
        self.cursor = 0
        self.top = 0
        self._current_code: str | None = None
        self._columns: tuple[Column, ...] = layout(80)
        self.now: Callable[[], float] = runtime.now
        self.marked: frozenset[str] = frozenset()  # cases marked (space) for a move on several
        # What each screen line's marks and countdowns were last drawn with, and for which case (see
        # `tick`); the instant a line is to be drawn at, set by the tick that refreshed part of it.
        self._drawn: dict[int, tuple[str, tuple[_Shown, ...]]] = {}
        self._draw_at: dict[int, float] = {}
        self._ticked = SameInstant()
        self._templates: dict[tuple[ReadsAs, Style], list[Segment | None]] = {}  # see `_template`
        self._rests: dict[tuple[ReadsAs, Style, tuple[_Shown, ...], int], Strip] = {}  # see `_rest`
        self._timed_of: dict[str, _Held] = {}  # by case code, see `_timed`
        # Which case, rank, cursor and mark each visible line shows (see `_refresh_changed_lines`).
        self._lines: tuple[tuple[int, int, int], list[_Line | None]] | None = None

    # -- data --------------------------------------------------------------------------------
    @property
    def current(self) -> Case | None:
        """The case under the cursor, once read (None on an empty queue, or for a moment after a jump)."""
        return self.rows.case_at(self.cursor) if 0 <= self.cursor < len(self.rows) else None

    @property
    def current_code(self) -> str | None:
        return self.rows.code_at(self.cursor) if 0 <= self.cursor < len(self.rows) else None

    def on_screen(self) -> range:
        """The indexes of the rows on screen."""
        return range(self.top, min(self.top + self.page_rows, len(self.rows)))

    def set_rows(self, rows: QueueRows, rank_of: Callable[[str], int]) -> None:
        """Replace the rows, keeping the cursor on the same case when it is still there."""
        keep = self._current_code  # not self.current: the model may have changed the list in place
        self.rows = rows
        self.rank_of = rank_of
        index = rows.index_of_code(keep) if keep else None
        self._move_to(index if index is not None else min(self.cursor, max(0, len(rows) - 1)), announce=True)

    # -- drawing -------------------------------------------------------------------------------
    @property
    def page_rows(self) -> int:
        return max(1, self.size.height - 1)

    def on_resize(self) -> None:
        self._columns = layout(self.size.width)
        self._templates.clear()
        self._rests.clear()
        self._timed_of.clear()  # fitted to the old widths
        self._move_to(self.cursor, announce=False)

    def _timed_cells(self) -> list[tuple[int, Column]]:
        """Where each column that moves with time alone starts on a line (the marks, the two
        countdowns), and the column."""
        cells, x = [], 0
        for column in self._columns:
            if column.key in _TIMED_COLUMNS:
                cells.append((x, column))
            x += column.width + 1
        return cells

    def _timed(self, case: Case, now: float) -> tuple[_Shown, ...]:
        """A line's marks and countdowns at `now`, as drawn: text fitted to its column, and state.
        Kept while none of them can read or look otherwise (`held_until`, `queue_marks_hold`): far
        from its deadlines a line's countdowns change once a minute, and a paused or met one never,
        so a second of the clock computes again only the lines near a deadline or whose minute ran
        out, not every visible one. Kept for the very case read (see `_Held`) under the policy version
        in force (a case with no version of its own is measured by it)."""
        policy = self.runtime.version
        held = self._timed_of.get(case.code)
        if (
            held is not None
            and held.case is case
            and held.policy == policy
            and still_holds(held.since, held.until, now)
        ):
            return held.shown
        engine = self.runtime.of_case(case).engine
        clocks = dict(zip(_CLOCK_COLUMNS, self._clocks(case, now), strict=True))
        until = queue_marks_hold(self.runtime, case, now)
        for clock in clocks.values():
            until = min(until, held_until(engine, case, clock, now))
        shown: list[_Shown] = []
        for column in self._columns:
            if column.key == "mark":
                shown.append((self._fit(queue_marks(self.runtime, case, now), column), None))
            elif column.key in clocks:
                clock = clocks[column.key]
                shown.append((self._fit(clock_text(clock), column), clock.state))
        timed = tuple(shown)
        self._timed_of[case.code] = _Held(case, policy, now, until, timed)
        return timed

    def _forget_hidden_timings(self, visible: list[Case | None]) -> None:
        """Only the visible lines' timings are kept (a few pages' worth: the lines drawn while
        scrolling between two ticks), not those of every case the queue ever showed."""
        if len(self._timed_of) > 4 * max(self.page_rows, 64):
            timed_of = self._timed_of
            self._timed_of = {case.code: timed_of[case.code] for case in visible if case and case.code in timed_of}

    def tick(self) -> None:
        """One second passed: refresh the characters of the visible marks and countdowns that would
        show something new (a frozen or paused clock draws nothing: idle means idle), compared with
        what each line was last drawn with, and draw those lines at this same instant: only the
        refreshed characters reach the terminal, so a line drawn a moment later could mix the
        digits of two seconds. The same instant over the same cases is not even computed."""
        now = self.now()
        visible = [self.rows.case_at(index) for index in self.on_screen()]
        if self._ticked.seen(now, visible):
            return
        self._forget_hidden_timings(visible)
        cells = self._timed_cells()
        regions = []
        for y, case in enumerate(visible, start=1):
            if case is None:  # not read yet: drawn whole once it is
                continue
            drawn = self._drawn.get(y)
            if drawn is None or drawn[0] != case.code:  # not drawn yet, or another case: the line
                regions.append(Region(0, y, self.size.width, 1))
                self._draw_at[y] = now
                continue
            timed = self._timed(case, now)
            if timed is drawn[1]:  # held since the line was drawn: nothing on it can have moved
                continue
            moved = False
            for (x, column), old, new in zip(cells, drawn[1], timed, strict=True):
                span = _moved(old, new, column.width)
                if span is not None:
                    regions.append(Region(x + span[0], y, span[1], 1))
                    moved = True
            if moved:
                self._draw_at[y] = now
        if regions:  # one call: each refresh clears the widget's caches and wakes its message loop
            self.refresh(*regions)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._header(width)
        index = self.top + y - 1
        if index >= len(self.rows):
            self._drawn.pop(y, None)
            return Strip.blank(width)
        code = self.rows.code_at(index)
        case = self.rows.case_of(code)
        base = (_CURSOR if self.has_focus else _CURSOR_BLURRED) if index == self.cursor else _BASE
        if case is None:
            self._drawn.pop(y, None)
            return self._unread_line(code, width, base)
        at = self._draw_at.get(y)
        strip, timed = self._line(case, width, base, self.now() if at is None else at)
        self._drawn[y] = (case.code, timed)
        return strip

    def _unread_line(self, code: str, width: int, base: Style) -> Strip:
        """The line of a case not read yet: its rank and code, the rest blank until it is."""
        rank, code_column = self._columns[0], self._columns[1]
        head = [Segment(self._fit(rank_text(self.rank_of(code), rank.width), rank), base), Segment(" ", base)]
        return Strip([*head, Segment(self._fit(code, code_column), base)]).crop_extend(0, width, base)

    def _header(self, width: int) -> Strip:
        segments = []
        for column in self._columns:
            text = t(f"ui.col.{column.key}")
            segments.append(Segment(self._fit(text, column), _HEADER_STYLE))
            segments.append(Segment(" "))
        return Strip(segments).crop_extend(0, width, None)

    @staticmethod
    def _fit(text: str, column: Column) -> str:
        if column.right:
            text = text[-column.width :] if len(text) > column.width else text
            return " " * (column.width - len(text)) + text
        return set_cell_size(text, column.width)

    def _cell(self, case: Case, key: str) -> str:
        if key == "code":
            return case.code
        if key == "sev":
            return case.severity
        if key == "service":
            return f"N{case.level}" if case.service == "subscription" else t("ui.contractual_short")
        if key == "status":
            return label("status", case.status)
        if key == "agent":
            return one_line(case.agent, "—")
        if key == "client":
            return one_line(case.client_name)
        if key == "title":
            return one_line(case.title)
        if key == "a_due":
            return "" if case.assigned_at else short_datetime(self.runtime.local(case.assignment_due))
        if key == "r_due":
            return "" if case.resolution_due is None else short_datetime(self.runtime.local(case.resolution_due))
        return ""

    def _template(self, case: Case, base: Style) -> list[Segment | None]:
        """A line's segments after its rank, in `base`, with None where it moves with time (marks,
        countdowns): those are drawn again each second on every visible line, the rest once per
        case version (and client: `Case.reads_as`) and cursor."""
        key = (case.reads_as, base)
        cached = self._templates.get(key)
        if cached is not None:
            return cached
        segments: list[Segment | None] = []
        for column in self._columns[1:]:
            if column.key in _TIMED_COLUMNS:
                segments.append(None)
            elif column.key == "sev" and case.severity == "S3":
                segments.append(Segment(self._fit(case.severity, column), base + Style(color="red", bold=True)))
            else:
                segments.append(Segment(self._fit(self._cell(case, column.key), column), base))
            segments.append(Segment(" ", base))
        self._templates[key] = segments
        return segments

    def _rest(self, case: Case, width: int, base: Style, timed: tuple[_Shown, ...]) -> Strip:
        """A line after its rank column at `width`: the template with its marks and countdowns. Kept
        per case version, cursor, what the countdowns show and width: when a case leaves the top of the
        queue every line below shows the case of the line under it, with one rank less, and is
        drawn from what was kept (with the clock frozen, or within the second)."""
        key = (case.reads_as, base, timed, width)
        cached = self._rests.get(key)
        if cached is not None:
            return cached
        segments = list(self._template(case, base))
        moving = iter(timed)
        for index in range(0, len(segments), 2):  # a column's segment, then its spacer
            if segments[index] is None:
                text, state = next(moving)
                style = _MARK if state is None else STYLES[state]
                segments[index] = Segment(text, base + style)
        rest = Strip(cast("list[Segment]", segments)).crop_extend(0, width, base)
        # Only visible lines are drawn: a few pages of them are enough. Every case on the whole queue
        # once kept megabytes of lines never drawn again.
        if len(self._rests) > 4 * max(self.page_rows, 64):
            self._rests.clear()
            self._templates.clear()
        self._rests[key] = rest
        return rest

    def _clocks(self, case: Case, now: float) -> tuple[Clock, Clock]:
        engine = self.runtime.of_case(case).engine  # the policy version the case was opened under
        return assignment_clock(engine, case, now), resolution_clock(engine, case, now)

    def _line(self, case: Case, width: int, base: Style, now: float) -> tuple[Strip, tuple[_Shown, ...]]:
        """The line of `case` at `now`, and its marks and countdowns as drawn (see `tick`): its rank
        (a case marked for a move on several shows a dot), then the rest of the line."""
        timed = self._timed(case, now)
        column = self._columns[0]  # the rank: see `layout`
        rank = self.rank_of(case.code)
        if case.code in self.marked:
            head = Segment(
                self._fit(marked_rank_text(rank, column.width), column), base + Style(bold=True, color="magenta")
            )
        else:
            head = Segment(self._fit(rank_text(rank, column.width), column), base)
        rest_width = width - column.width - 1
        if rest_width <= 0:  # narrower than the rank itself
            return Strip([head]).crop_extend(0, width, base), timed
        rest = self._rest(case, rest_width, base, timed)
        return Strip([head, Segment(" ", base), *rest], width), timed

    # -- cursor ---------------------------------------------------------------------------------
    def _move_to(self, index: int, *, announce: bool = True) -> None:
        previous = self.current_code
        self.cursor = max(0, min(index, len(self.rows) - 1)) if self.rows else 0
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + self.page_rows:
            self.top = self.cursor - self.page_rows + 1
        self.top = max(0, min(self.top, max(0, len(self.rows) - self.page_rows)))
        self._refresh_changed_lines()
        code = self.current_code
        self._current_code = code
        if announce or code != previous:
            self.post_message(self.Highlighted(code))

    def _refresh_changed_lines(self) -> None:
        """Redraw the lines that would show something else: another case or version of it, rank,
        cursor or mark. A case taken elsewhere redraws its own line (and those whose rank moved), not
        the whole queue; a scroll or a new width redraws everything."""
        rows = self.rows
        lines: list[_Line | None] = []
        for index in self.on_screen():
            code = rows.code_at(index)
            lines.append((code, rows.case_of(code), self.rank_of(code), index == self.cursor, code in self.marked))
        lines += [None] * (self.page_rows - len(lines))  # blank lines below a short queue
        frame = (self.top, self.size.width, self.page_rows)
        before, self._lines = self._lines, (frame, lines)
        if before is None or before[0] != frame:
            self._draw_at.clear()
            self.refresh()
            self.post_message(self.Shown())
            return
        width = self.size.width
        changed = []
        for y, (old, new) in enumerate(zip(before[1], lines, strict=True)):
            if old is None or new is None:
                same = old is new
            else:
                same = old[1] is new[1] and old[0] == new[0] and old[2:] == new[2:]
            if not same:
                changed.append(Region(0, y + 1, width, 1))
                self._draw_at.pop(y + 1, None)  # the whole line is written: drawn at the moment it is
        if changed:
            self.refresh(*changed)

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + step, announce=False)

    def action_page(self, step: int) -> None:
        self._move_to(self.cursor + step * self.page_rows, announce=False)

    def action_jump(self, where: int) -> None:
        self._move_to(where if where >= 0 else len(self.rows) - 1, announce=False)

    def action_open(self) -> None:
        code = self.current_code
        if code is not None:
            self.post_message(self.Opened(code))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
