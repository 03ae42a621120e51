"""The supervisors' dashboard: open cases by severity and status, the cases at risk or breached
with live countdowns (least time left first), and for the month chosen (this month by default, `p`
and `n` move it), from the monthly report: compliance per severity with its 12-month trend, the
breaches by day of their deadline, and the month per agent and the clients with breaches. Enter
opens a case, read-only. It only reads; supervisors act from the console."""

from __future__ import annotations

import math
import threading
import time

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from jq_console.application.oversight import UNVERIFIED_ROWS, DashboardReads, MonthView, this_month
from jq_console.application.policy import newest_version
from jq_console.application.services import Services
from jq_console.domain.cases import OPEN_STATUSES, Case
from jq_console.domain.month_figures import Month, Row
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.watch import Board
from jq_console.i18n import label, language, short_datetime, t
from jq_console.i18n.catalog import MONTH_NAMES
from jq_console.presentation.clocks import Clock, held_until
from jq_console.presentation.trend import trend_bar
from jq_console.store.changes import ChangeWatcher
from jq_console.store.oversight import Snapshot
from jq_console.store.presence import presence_of
from jq_console.store.readonly import reads_immutable
from jq_console.ui.messages import PolicyApplied
from jq_console.ui.support import SteadyStatic, failure_text, one_line, services_of
from jq_console.ui.view_models.awaiting_rows import AwaitingRows
from jq_console.ui.view_models.risk_rows import RiskRows
from jq_console.ui.widgets.case_list import CaseList
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.plain_table import PlainTable
from jq_console.ui.widgets.plain_table import Row as TableRow
from jq_console.ui.widgets.sla_summary import BAR_WIDTH, pending_clock, tally_cells

POLL_SECONDS = 2.0
RELOAD_ANYWAY_SECONDS = 60.0  # of the clock of record: figures change with time alone (a frozen clock: never)
# On a large, busy database a reload can take a second; between two, wait at least this many
# times as long, so a dashboard left open never keeps a core of the office server busy.
LOAD_COST_FACTOR = 4.0
# While cases keep changing, the month's figures (a dozen aggregate queries, most of a reload's
# cost) are counted again at most this often, or less often when a count takes long
# (`application.oversight.COUNT_COST_FACTOR`); the live lists follow every change.
MONTH_SETTLE_SECONDS = 5.0
MAX_ROWS = 300
WIDE = 120  # from this many columns the dashboard has two panes; below, one that scrolls
DAY_BAR = 8  # cells of the longest bar of the breaches per day
CASE_TABLES = ("risk", "awaiting")  # lists of cases (`CaseList`): Enter opens one
FLEXIBLE = "col.client"  # the column that takes the width left over

# (heading key, width, dropped when narrow) per table. Fixed widths keep the live columns from
# jumping (None: `_fixed_width`); a width never goes below its heading's, so no heading is clipped.
_COLUMNS: dict[str, tuple[tuple[str, int | None, bool], ...]] = {
    "by-status": (
        ("col.sev", None, False),
        *((f"status.{s}", None, False) for s in OPEN_STATUSES),
        ("total", None, False),
    ),
    "compliance": (
        ("col.sev", None, False),
        ("kind.assignment", None, False),
        ("", None, False),
        ("kind.resolution", None, False),
        ("", None, False),
    ),
    # The countdown right after the code, so it stays on screen in an 80-column terminal.
    "risk": (
        ("col.case", 13, False),
        ("col.left", 10, False),
        ("col.state", 10, False),
        ("col.sev", 3, False),
        ("col.clock", 10, False),
        ("col.agent", 10, False),
        ("col.client", 20, False),
    ),
    "awaiting": (
        ("col.case", 13, False),
        ("col.breach", 22, False),
        ("col.sev", 3, False),
        ("col.agent", 10, False),
        ("col.opened", 16, True),
        ("col.client", 20, False),
    ),
    "agents-month": (
        ("col.agent", 16, False),
        ("col.availability", None, True),
        ("col.open", 5, False),
        ("col.taken", 5, False),
        ("col.breached", 5, False),
        ("col.compliance", None, False),
    ),
    "clients-month": (
        ("col.client", 20, False),
        ("col.month_cases", 5, False),
        ("col.breaches", 5, False),
        ("col.without_action", 5, False),
    ),
}


def _heading(key: str) -> str:
    if not key:
        return ""
    if key.startswith(("status.", "kind.")):
        kind, _, value = key.partition(".")
        return label(kind, value)
    return t(f"dashboard.{key}")


def _fixed_width(table_id: str, key: str) -> int:
    """The width a column needs for the longest thing it can hold, set once: a DataTable column
    that widens after it was first drawn left its header drawn at the old width, out of line with the rows."""
    if key == "col.sev":  # the counts name each severity, the compliance table shows its code
        names = [label("severity", code) for code in SEVERITIES] if table_id == "by-status" else list(SEVERITIES)
        samples = [*names, t("dashboard.total")]
    elif key.startswith("kind.") or key == "col.compliance":
        samples = [t("dashboard.no_data"), "999/999 100%"]
    elif key == "col.availability":
        samples = [label("availability", state) for state in ("available", "busy", "away")]
    elif key == "":
        samples = ["█" * BAR_WIDTH]
    else:
        samples = ["99999"]  # a count
    return max(cell_len(text) for text in [_heading(key), *samples])


def month_name(month: Month) -> str:
    return f"{MONTH_NAMES[language()][month.month - 1]} {month.year}"


def day_bars(series: list[int], month_days: int) -> Text:
    """One labelled bar per day: the day, a bar as long as its share of the worst day, the count.
    Two columns (1-16 and 17-31), so a month fits in 16 lines of 31 cells."""
    if not series:
        return Text(t("dashboard.no_days"), style="dim")
    worst = max(series) or 1
    half = math.ceil(len(series) / 2) if len(series) > 8 else len(series)

    def cell(index: int) -> Text:
        count = series[index]
        length = math.ceil(DAY_BAR * count / worst) if count else 0
        text = Text(f"{index + 1:>2} ", style="dim")
        text.append("█" * length, style="red" if count else "")
        text.append(" " * (DAY_BAR - length))
        text.append(f" {count:>2}" if count else "  ·", style="bold" if count else "dim")
        return text

    lines = Text()
    for row in range(half):
        lines.append_text(cell(row))
        if row + half < len(series):
            lines.append("   ")
            lines.append_text(cell(row + half))
        lines.append("\n")
    lines.rstrip()
    return lines


def trend_line(series: list[float | None]) -> Text:
    """The months' bars (`presentation.trend`), a month without data dimmed."""
    line = Text()
    for percent in series:
        line.append(trend_bar(percent), style="dim" if percent is None else "")
    return line


def trend_text(series: list[float | None]) -> Text:
    known = [value for value in series if value is not None]
    if not known:
        return Text(t("dashboard.no_data"), style="dim")
    last = series[-1]
    shown = t("dashboard.no_data") if last is None else f"{last:.0f}%"
    return Text(t("dashboard.trend_values", last=shown, low=f"{min(known):.0f}%", high=f"{max(known):.0f}%"))


def tally_text(row: Row) -> Text:
    return tally_cells(row.clocks)[0]


class DashboardScreen(Screen[None]):
    CSS_PATH = "dashboard.tcss"
    # Enter opens the first case at risk at once: Textual's first focusable would be a scrolling
    # pane, a stop that shows nothing.
    AUTO_FOCUS = "#risk"
    BINDINGS = [
        Binding(
            "left_square_bracket",
            "previous_month",
            t("dashboard.key.previous"),
            tooltip=t("dashboard.tip.previous"),
            id="dashboard.previous_month",
        ),
        Binding(
            "right_square_bracket",
            "next_month",
            t("dashboard.key.next"),
            tooltip=t("dashboard.tip.next"),
            id="dashboard.next_month",
        ),
        Binding("H", "this_month", t("dashboard.key.now"), tooltip=t("dashboard.tip.now"), id="dashboard.this_month"),
        Binding("f5", "reload", t("dashboard.refresh"), tooltip=t("dashboard.refresh_tip"), id="dashboard.reload"),
        Binding("q", "app.quit", t("dashboard.quit"), tooltip=t("dashboard.quit_tip"), id="dashboard.quit"),
    ]

    class Loaded(Message):
        def __init__(
            self,
            snapshot: Snapshot | None,
            board: Board | None = None,
            error: str = "",
            view: MonthView | None = None,
        ) -> None:
            super().__init__()
            self.snapshot = snapshot
            self.board = board or Board([], {}, [], 0)
            self.error = error
            self.view = view

        @property
        def partial(self) -> bool:
            """A first load drawn before its slow parts were read (`DashboardReads.complete`)."""
            incomplete = self.snapshot is not None and not self.snapshot.complete
            return incomplete or (self.view is not None and self.view.trend_pending)

    class Settled(Message):
        """A load ended (whether or not it read anything)."""

    def __init__(self, month: Month | None = None) -> None:
        super().__init__()
        self._last: DashboardScreen.Loaded | None = None  # the last figures read, drawn again after a resize
        self._risky: list[Case] = []  # found at each load; the 1-second tick redraws only these
        self._watcher: ChangeWatcher | None = None
        self._watching_immutable = False
        self._loaded_at = 0.0
        self._loaded_clock: float | None = None  # the clock of record at the last load
        self._risk_rows = RiskRows(self._clock_of)  # the at-risk list, second by second
        self._awaiting_rows = AwaitingRows(lambda moment: self.services.runtime.local(moment))
        self._laid_out_for: int | None = None  # the terminal width the layout and columns were made for
        self._load_cost = 0.0  # seconds the last reload took in its worker
        self._policy_seen: int | None = None  # the policy version followed; None: no record to follow
        self._month = month  # None until mounted: this month by the runtime's clock
        self.view: MonthView | None = None
        self._reads: DashboardReads | None = None  # made on the first load: the services come with the app
        self._loading = threading.Lock()  # held while a load runs
        self._forced = False  # a forced load was asked while another ran
        self._to_month = False  # a month was chosen: once drawn, bring its figures into view

    @property
    def services(self) -> Services:
        return services_of(self)

    @property
    def month(self) -> Month:
        if self._month is None:
            self._month = this_month(self.services.runtime, self.services.runtime.now())
        return self._month

    def compose(self) -> ComposeResult:
        yield Header()
        yield SteadyStatic("", id="dash-month", markup=False)
        with ScrollableContainer(id="dash-body"):
            with VerticalScroll(id="dash-left"):
                yield Static(t("dashboard.open_by"), classes="dash-title", markup=False)
                yield PlainTable(id="by-status", cursor_type="none", show_cursor=False)
                yield SteadyStatic("", id="compliance-title", classes="dash-title", markup=False)
                yield PlainTable(id="compliance", cursor_type="none", show_cursor=False)
                yield SteadyStatic(t("dashboard.trend_unread"), id="trend-title", classes="dash-title", markup=False)
                for severity in reversed(SEVERITIES):
                    with Horizontal(classes="trend-row"):
                        yield Static(severity, classes="trend-sev", markup=False)
                        yield SteadyStatic("", id=f"trend-{severity}", classes="trend-line", markup=False)
                        yield SteadyStatic("", id=f"trend-{severity}-text", classes="trend-text", markup=False)
                yield SteadyStatic("", id="breach-days-label", classes="dash-title", markup=False)
                yield SteadyStatic("", id="breach-days", markup=False)
                yield SteadyStatic("", id="unverified-title", classes="dash-title", markup=False)
                yield SteadyStatic("", id="unverified", classes="dash-empty", markup=False)
            with Vertical(id="dash-right"):
                yield Static(t("dashboard.risk"), classes="dash-title", markup=False)
                yield Static(t("dashboard.none_at_risk"), id="risk-empty", classes="dash-empty hidden", markup=False)
                yield CaseList(id="risk")
                yield SteadyStatic(
                    t("dashboard.awaiting", count=0), id="awaiting-title", classes="dash-title", markup=False
                )
                yield Static(
                    t("dashboard.none_awaiting"), id="awaiting-empty", classes="dash-empty hidden", markup=False
                )
                yield CaseList(id="awaiting")
                yield SteadyStatic("", id="agents-title", classes="dash-title", markup=False)
                yield PlainTable(id="agents-month", cursor_type="none", show_cursor=False, zebra_stripes=True)
                yield SteadyStatic("", id="clients-title", classes="dash-title", markup=False)
                yield Static(t("dashboard.no_breaches"), id="clients-empty", classes="dash-empty hidden", markup=False)
                yield PlainTable(id="clients-month", cursor_type="none", show_cursor=False, zebra_stripes=True)
        yield SteadyStatic("", id="dash-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._policy_seen = self.services.runtime.version
        self._lay_out(self.app.size.width)
        self.action_reload()
        if getattr(self.app, "live", True):
            self.set_interval(POLL_SECONDS, self.poll)
            self.set_interval(1.0, self.tick)

    def on_resize(self) -> None:
        """A terminal made wider or narrower (a window resized, an SSH client moved to another
        screen) gets the layout and the columns of its new width, and the figures last read drawn
        again in them: a resize changes nothing in the database, so nothing is read again."""
        width = self.app.size.width
        if width == self._laid_out_for:
            return
        self._lay_out(width)
        last = self._last
        if last is not None and last.snapshot is not None and last.view is not None:
            # Once the new columns are laid out, as the figures of a load arrive.
            self.call_after_refresh(self._draw, last.snapshot, last.board, last.view)

    def _lay_out(self, width: int) -> None:
        """Two panes from WIDE columns, else one that scrolls with the cases at risk first; every
        table's columns for that width (an optional column dropped when narrow)."""
        self._laid_out_for = width
        narrow = width < WIDE
        self.set_class(narrow, "narrow")
        body, left, right = (self.query_one(f"#{id}") for id in ("dash-body", "dash-left", "dash-right"))
        if narrow:  # one pane: the cases at risk come first, on the first screenful
            body.move_child(right, before=left)
        else:
            body.move_child(left, before=right)
        # The room a right-hand table has: the whole width less the pane's scrollbar when narrow,
        # else the right pane (3/5, less its border); less the table's own vertical scrollbar.
        room = (width - 2 if narrow else width * 3 // 5 - 1) - 2
        for table_id, columns in _COLUMNS.items():
            selector = f"#{table_id}"
            table = (
                self.query_one(selector, CaseList) if table_id in CASE_TABLES else self.query_one(selector, PlainTable)
            )
            table.clear(columns=True)
            kept = [(key, width) for key, width, optional in columns if not (optional and narrow)]
            widths = {
                key: max(cell_len(_heading(key)), width if width is not None else _fixed_width(table_id, key))
                for key, width in kept
            }
            if FLEXIBLE in widths:  # padding: one cell each side of every column
                used = sum(w for key, w in widths.items() if key != FLEXIBLE) + 2 * len(widths)
                widths[FLEXIBLE] = max(cell_len(_heading(FLEXIBLE)), min(40, room - used))
            for key, _ in kept:
                table.add_column(_heading(key), width=widths[key], key=key or None)
        self._risk_rows.forget()  # the emptied risk table is drawn again whole

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()

    # -- the month shown -------------------------------------------------------------------------
    def _current(self) -> Month:
        return this_month(self.services.runtime, self.services.runtime.now())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown greyed out in the footer, so the keys are always where the eye expects them.
        if action == "next_month":
            return True if self.month < self._current() else None
        if action == "this_month":
            return True if self.month != self._current() else None
        return True

    def show_month(self, month: Month) -> None:
        self._month = month
        self._to_month = True
        self.refresh_bindings()
        self.load(force=True)

    def action_previous_month(self) -> None:
        self.show_month(self.month.shifted(-1))

    def action_next_month(self) -> None:
        if self.month < self._current():
            self.show_month(self.month.shifted(1))

    def action_this_month(self) -> None:
        self.show_month(self._current())

    # -- opening a case --------------------------------------------------------------------------
    def on_case_list_opened(self, event: CaseList.Opened) -> None:
        from jq_console.ui.screens.case import CaseScreen

        self.app.push_screen(CaseScreen(event.key))

    # -- loading ---------------------------------------------------------------------------------
    def action_reload(self) -> None:
        self.load(force=True)

    def poll(self) -> None:
        self.load(force=False)

    def load(self, force: bool) -> None:
        """Start a load unless one is running (the first included): one loader per dashboard, so a
        slow read is never joined by another beside it. A forced load asked meanwhile (a key, a
        month chosen) is not lost: the next poll makes it."""
        if not self._loading.acquire(blocking=False):
            self._forced = self._forced or force
            return
        force, self._forced = force or self._forced, False
        self._load(force)

    @work(thread=True, group="dashboard")
    def _load(self, force: bool) -> None:
        try:
            loaded = self._read(force)
            if loaded is not None:
                self.post_message(loaded)  # drawn now; what a first load left out follows
                if loaded.partial:
                    self.post_message(self._complete(loaded))
        finally:
            self._loading.release()
        # Posted once the lock is free, so that its handler may start a load asked for meanwhile.
        self.post_message(self.Settled())

    def _complete(self, loaded: Loaded) -> Loaded:
        """The second half of a first load: the late cases and the trend (`DashboardReads.complete`)."""
        try:
            if self._reads is None or loaded.snapshot is None or loaded.view is None:
                return loaded
            snap, view = self._reads.complete(loaded.view)
            return self.Loaded(snap, self._reads.board, view=view)
        except Exception as error:  # noqa: BLE001 - shown on the status line as a sentence; the next load tries again
            return self.Loaded(None, error=failure_text(error))

    def _read(self, force: bool) -> Loaded | None:
        services = self.services
        month = self.month
        try:
            immutable = reads_immutable(services.engine)
            if self._watcher is None or immutable != self._watching_immutable:
                # An immutable connection never sees commits: watch again once writers come or go.
                if self._watcher is not None:
                    self._watcher.close()
                self._watcher, self._watching_immutable, force = ChangeWatcher(services.engine), immutable, True
            since = time.monotonic() - self._loaded_at
            if not force and since < LOAD_COST_FACTOR * self._load_cost:
                return None  # checked before the watcher, so a change seen now is still pending next time
            # Idle means idle: nothing changed in the database and the clock did not move on, nothing is read.
            clock = services.runtime.now()
            moved = self._loaded_clock is None or clock - self._loaded_clock > RELOAD_ANYWAY_SECONDS
            held_back = self._reads is not None and self._reads.month_due(month)
            if not (self._watcher.changed() or force or moved or immutable or held_back):
                return None
            self._loaded_clock = clock
            self._notice_policy()
            began = time.monotonic()
            if self._reads is None:
                self._reads = DashboardReads(services, MAX_ROWS, settle=MONTH_SETTLE_SECONDS)
            snap, view = self._reads.load(month, whole=False, fresh=force)
            self._load_cost = time.monotonic() - began
            return self.Loaded(snap, self._reads.board, view=view)
        except Exception as error:  # noqa: BLE001 - shown on the status line as a sentence; the next poll tries again
            return self.Loaded(None, error=failure_text(error))

    def _notice_policy(self) -> None:
        """In the loading thread: post `PolicyApplied` once per newer version in force."""
        if self._policy_seen is None:
            return
        number = newest_version(self.services.engine)
        if number is not None and number != self._policy_seen:
            self._policy_seen = number
            self.post_message(PolicyApplied(number))

    def on_policy_applied(self, message: PolicyApplied) -> None:
        if self.services.runtime.follow(message.number):
            self._awaiting_rows.forget()  # its opening dates in the new version's time zone
            self._risk_rows.forget()  # its clocks measured by the new version, though kept until later
            self.notify(t("ui.policy_version", number=message.number), timeout=10)

    def on_dashboard_screen_settled(self, message: Settled) -> None:
        if self._forced:  # asked while the load ran: read again, now
            self.load(force=True)

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        status = self.query_one("#dash-status", Static)
        if message.snapshot is None or message.view is None:
            status.update(message.error)
            return
        if message.view.figures.month != self.month:
            return  # read for a month since left; the load for the new one follows
        self._last, self._risky, self.view = message, message.board.risky, message.view
        self._loaded_at = time.monotonic()
        self._draw(message.snapshot, message.board, message.view)
        moment = self.services.runtime.local(self.services.runtime.now())
        status.update(t("dashboard.updated", time=short_datetime(moment)))
        if self._to_month and self.has_class("narrow"):  # one pane: the month's figures are below the cases
            self.query_one("#dash-left").scroll_visible(top=True, animate=False)
        self._to_month = False

    def _draw(self, snapshot: Snapshot, board: Board, view: MonthView) -> None:
        self.show_counts(board)
        self.show_month_view(view)
        self.show_people(snapshot, view)
        self.show_risk()
        self.show_awaiting(snapshot)
        self.show_unverified(board)

    def tick(self) -> None:
        self.show_risk()

    def _clock_of(self, case: Case, now: float) -> tuple[Clock, float]:
        engine = self.services.runtime.of_case(case).engine
        clock = pending_clock(engine, case, now)
        return clock, held_until(engine, case, clock, now)

    # -- drawing ---------------------------------------------------------------------------------
    def show_counts(self, board: Board) -> None:
        counts = board.counts
        rows: list[TableRow] = []
        for severity in reversed(SEVERITIES):
            row = [counts.get((severity, status), 0) for status in OPEN_STATUSES]
            rows.append((severity, (label("severity", severity), *map(str, row), str(sum(row)))))
        totals = [sum(counts.get((s, status), 0) for s in SEVERITIES) for status in OPEN_STATUSES]
        total = (
            Text(t("dashboard.total"), style="bold"),
            *(Text(str(n), style="bold") for n in totals),
            Text(str(sum(totals)), style="bold"),
        )
        self.query_one("#by-status", PlainTable).show_rows([*rows, ("total", total)])

    def show_month_view(self, view: MonthView) -> None:
        figures = view.figures
        name = month_name(figures.month)
        current = figures.month == self._current()
        self.query_one("#dash-month", Static).update(
            Text(t("dashboard.month_now" if current else "dashboard.month_past", month=name), style="bold")
        )
        self.query_one("#compliance-title", Static).update(t("dashboard.compliance", month=name))
        result = figures.compliance
        rows: list[TableRow] = [
            (severity, (severity, *tally_cells(result.assignment[severity]), *tally_cells(result.resolution[severity])))
            for severity in reversed(SEVERITIES)
        ]
        total = (
            Text(t("dashboard.total"), style="bold"),
            *tally_cells(result.total("assignment")),
            *tally_cells(result.total("resolution")),
        )
        self.query_one("#compliance", PlainTable).show_rows([*rows, ("total", total)])
        first = figures.month.shifted(1 - len(next(iter(view.trend.values()))))
        self.query_one("#trend-title", Static).update(t("dashboard.trend", first=month_name(first), last=name))
        for code, series in view.trend.items():
            self.query_one(f"#trend-{code}", Static).update(trend_line(series))
            self.query_one(f"#trend-{code}-text", Static).update(trend_text(series))
        self.query_one("#breach-days-label", Static).update(
            t("dashboard.breach_days_of", total=sum(figures.per_day), days=view.days, month_days=view.month_days)
        )
        self.query_one("#breach-days", Static).update(day_bars(figures.per_day, view.month_days))

    def show_people(self, snap: Snapshot, view: MonthView) -> None:
        name = month_name(view.figures.month)
        self.query_one("#agents-title", Static).update(t("dashboard.agents_month", month=name))
        self.query_one("#clients-title", Static).update(t("dashboard.clients_month", month=name))
        runtime = self.services.runtime
        people = presence_of(snap.agents, snap.load, runtime.now(), runtime.policy.away_after_minutes)
        month_rows = {row.name: row for row in view.figures.agents}
        table = self.query_one("#agents-month", PlainTable)
        logins = [person.login for person in people]
        shown = "col.availability" in table.columns  # dropped below 120 columns
        rows: list[TableRow] = []
        for person in people:
            row = month_rows.get(person.login)
            availability = [label("availability", person.availability)] if shown else []
            cells = (
                person.name,
                *availability,
                str(person.open_cases),
                str(row.cases if row else 0),
                str(row.breached if row else 0),
                tally_text(row) if row else Text(t("dashboard.no_data"), style="dim"),
            )
            rows.append((person.login, cells))
        for row in view.figures.agents:  # agents no longer in the directory still had their month
            if row.name not in logins:
                blank = [""] if shown else []
                rows.append((row.name, (row.name, *blank, "", str(row.cases), str(row.breached), tally_text(row))))
        table.show_rows(rows)
        clients: list[TableRow] = []
        for client in view.figures.clients[:MAX_ROWS]:  # one row per name (month_figures groups by it)
            waiting = Text(str(client.without_action), style="red" if client.without_action else "")
            clients.append((client.name, (one_line(client.name), str(client.cases), str(client.breaches), waiting)))
        self.query_one("#clients-month", PlainTable).show_rows(clients)
        self.query_one("#clients-empty").set_class(bool(view.figures.clients), "hidden")

    def show_unverified(self, board: Board) -> None:
        """Cases pending the USR's verification past the policy's deadline: `jq-console sweep`
        invalidates them; until it runs, the supervisor sees how many and which."""
        runtime = self.services.runtime
        total = board.unverified_total
        self.query_one("#unverified-title", Static).update(t("bounds.dashboard.unverified", count=total))
        lines = [
            t(
                "bounds.dashboard.unverified_line",
                code=case.code,
                client=one_line(case.client_name)[:24],
                when=short_datetime(runtime.local(due)),
            )
            for case, due in board.unverified[:UNVERIFIED_ROWS]
        ]
        if total > UNVERIFIED_ROWS:
            lines.append(t("bounds.dashboard.unverified_more", count=total - UNVERIFIED_ROWS))
        self.query_one("#unverified", Static).update("\n".join(lines) or t("bounds.dashboard.none_unverified"))

    def show_risk(self) -> None:
        rows = self._risk_rows.at(self._risky, self.services.runtime.now())
        if rows is None:
            return
        self.query_one("#risk", CaseList).show_rows(rows)
        self.query_one("#risk-empty").set_class(bool(rows), "hidden")

    def show_awaiting(self, snap: Snapshot) -> None:
        table = self.query_one("#awaiting", CaseList)
        self.query_one("#awaiting-title", Static).update(t("dashboard.awaiting", count=snap.awaiting_total))
        rows = self._awaiting_rows.of(snap.awaiting_action[:MAX_ROWS], snap.breaches_of, "col.opened" in table.columns)
        table.show_rows(rows)  # a case that left the list takes its row with it; the rest stay drawn
        self.query_one("#awaiting-empty").set_class(bool(snap.awaiting_action), "hidden")
