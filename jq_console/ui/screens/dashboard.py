"""The supervisors' dashboard: open cases by severity and status, the cases at risk or breached
with live countdowns, who is free and how loaded, this month's SLA compliance, and the breaches
still waiting for a corrective action. It only reads; supervisors act from the console."""

from __future__ import annotations

import calendar
import time

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Sparkline, Static

from jq_console.application.oversight import load_snapshot
from jq_console.application.policy import newest_version
from jq_console.application.services import Services
from jq_console.domain.cases import OPEN_STATUSES, Case
from jq_console.domain.oversight import breaches, breaches_per_day, by_severity_and_status, compliance
from jq_console.domain.policy import SEVERITIES
from jq_console.i18n import label, language, short_datetime, t
from jq_console.i18n.catalog import MONTH_NAMES
from jq_console.presentation.clocks import STYLES, clock_text
from jq_console.store.changes import ChangeWatcher
from jq_console.store.oversight import Snapshot
from jq_console.store.readonly import reads_immutable
from jq_console.ui.messages import PolicyApplied
from jq_console.ui.support import failure_text, services_of
from jq_console.ui.widgets.agents_panel import AgentsPanel
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.plain_table import PlainTable
from jq_console.ui.widgets.sla_summary import BAR_WIDTH, pending_clock, risky_cases, tally_cells

POLL_SECONDS = 2.0
RELOAD_ANYWAY_SECONDS = 60.0  # clocks cross into "at risk" with time alone
# On a large, busy database a reload can take a second; between two, wait at least this many
# times as long, so a dashboard left open never keeps a core of the office server busy.
LOAD_COST_FACTOR = 4.0
MAX_ROWS = 300


# (heading key, width) per table; fixed widths keep the live columns from jumping (None: `_fixed_width`).
_COLUMNS: dict[str, tuple[tuple[str, int | None], ...]] = {
    "#by-status": (("col.sev", None), *((f"status.{s}", None) for s in OPEN_STATUSES), ("total", None)),
    "#compliance": (("col.sev", None), ("kind.assignment", None), ("", None), ("kind.resolution", None), ("", None)),
    # The countdown right after the code, so it stays on screen in an 80-column terminal.
    "#risk": (
        ("col.case", 13),
        ("col.left", 10),
        ("col.state", 10),
        ("col.sev", 3),
        ("col.clock", 10),
        ("col.agent", 10),
        ("col.client", 20),
    ),
    "#awaiting": (
        ("col.case", 13),
        ("col.breach", 22),
        ("col.sev", 3),
        ("col.agent", 10),
        ("col.opened", 16),
        ("col.client", 20),
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
    """The width a column of the counts and compliance tables needs for the longest thing it can
    hold, set once: a DataTable column that widens after it was first drawn left its header drawn
    at the old width, out of line with the rows."""
    if key == "col.sev":  # the counts name each severity, the compliance table shows its code
        names = [label("severity", code) for code in SEVERITIES] if table_id == "#by-status" else list(SEVERITIES)
        samples = [*names, t("dashboard.total")]
    elif key.startswith("kind."):
        samples = [t("dashboard.no_data"), "999/999 100%"]
    elif key == "":
        samples = ["█" * BAR_WIDTH]
    else:
        samples = ["99999"]  # a count
    return max(cell_len(text) for text in [_heading(key), *samples])


class DashboardScreen(Screen[None]):
    CSS_PATH = "dashboard.tcss"
    BINDINGS = [
        Binding("r", "reload", t("dashboard.refresh"), tooltip=t("dashboard.refresh_tip"), id="dashboard.reload"),
        Binding("q", "app.quit", t("dashboard.quit"), tooltip=t("dashboard.quit_tip"), id="dashboard.quit"),
    ]

    class Loaded(Message):
        def __init__(self, snapshot: Snapshot | None, risky: list[Case] | None = None, error: str = "") -> None:
            super().__init__()
            self.snapshot = snapshot
            self.risky = risky or []
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self._snapshot: Snapshot | None = None
        self._risky: list[Case] = []  # found at each load; the 1-second tick redraws only these
        self._watcher: ChangeWatcher | None = None
        self._watching_immutable = False
        self._loaded_at = 0.0
        self._load_cost = 0.0  # seconds the last reload took in its worker
        self._policy_seen: int | None = None  # the policy version followed; None: no record to follow

    @property
    def services(self) -> Services:
        return services_of(self)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dash-body"):
            with VerticalScroll(id="dash-left"):
                yield Static(t("dashboard.open_by"), classes="dash-title")
                yield PlainTable(id="by-status", cursor_type="none", show_cursor=False)
                yield Static("", id="compliance-title", classes="dash-title")
                yield PlainTable(id="compliance", cursor_type="none", show_cursor=False)
                yield Static("", id="breach-days-label")
                yield Sparkline([0], id="breach-days")
                yield AgentsPanel(id="agents")
            with Vertical(id="dash-right"):
                yield Static(t("dashboard.risk"), classes="dash-title")
                yield Static(t("dashboard.none_at_risk"), id="risk-empty", classes="dash-empty hidden")
                yield PlainTable(id="risk", cursor_type="row", zebra_stripes=True)
                yield Static(t("dashboard.awaiting", count=0), id="awaiting-title", classes="dash-title")
                yield Static(t("dashboard.none_awaiting"), id="awaiting-empty", classes="dash-empty hidden")
                yield PlainTable(id="awaiting", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dash-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._policy_seen = self.services.runtime.version
        for table_id, columns in _COLUMNS.items():
            table = self.query_one(table_id, DataTable)
            for key, width in columns:
                table.add_column(_heading(key), width=width if width is not None else _fixed_width(table_id, key))
        self.action_reload()
        if getattr(self.app, "live", True):
            self.set_interval(POLL_SECONDS, self.poll)
            self.set_interval(1.0, self.tick)

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()

    # -- loading ---------------------------------------------------------------------------------
    def action_reload(self) -> None:
        self.load(force=True)

    def poll(self) -> None:
        self.load(force=False)

    @work(thread=True, exclusive=True, group="dashboard")
    def load(self, force: bool) -> None:
        services = self.services
        try:
            immutable = reads_immutable(services.engine)
            if self._watcher is None or immutable != self._watching_immutable:
                # An immutable connection never sees commits: watch again once writers come or go.
                if self._watcher is not None:
                    self._watcher.close()
                self._watcher, self._watching_immutable, force = ChangeWatcher(services.engine), immutable, True
            since = time.monotonic() - self._loaded_at
            if not force and since < LOAD_COST_FACTOR * self._load_cost:
                return  # checked before the watcher, so a change seen now is still pending next time
            if not (self._watcher.changed() or force or since > RELOAD_ANYWAY_SECONDS or immutable):
                return
            self._notice_policy()
            began = time.monotonic()
            snap = load_snapshot(services, MAX_ROWS)
            risky = risky_cases(services, snap.open_cases, MAX_ROWS)
            self._load_cost = time.monotonic() - began
            self.post_message(self.Loaded(snap, risky))
        except Exception as error:  # noqa: BLE001 - shown on the status line as a sentence; the next poll tries again
            self.post_message(self.Loaded(None, error=failure_text(error)))

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
            self.notify(t("ui.policy_version", number=message.number), timeout=10)

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        status = self.query_one("#dash-status", Static)
        if message.snapshot is None:
            status.update(message.error)
            return
        self._snapshot, self._risky = message.snapshot, message.risky
        self._loaded_at = time.monotonic()
        self.show_counts(message.snapshot)
        self.show_compliance(message.snapshot)
        self.show_risk()
        self.show_awaiting(message.snapshot)
        moment = self.services.runtime.local(self.services.runtime.now())
        status.update(t("dashboard.updated", time=short_datetime(moment)))

    def tick(self) -> None:
        self.show_risk()

    # -- drawing ---------------------------------------------------------------------------------
    def show_counts(self, snap: Snapshot) -> None:
        counts = by_severity_and_status(snap.open_cases)
        table = self.query_one("#by-status", DataTable)
        table.clear()
        for severity in reversed(SEVERITIES):
            row = [counts.get((severity, status), 0) for status in OPEN_STATUSES]
            table.add_row(label("severity", severity), *map(str, row), str(sum(row)))
        totals = [sum(counts.get((s, status), 0) for s in SEVERITIES) for status in OPEN_STATUSES]
        table.add_row(
            Text(t("dashboard.total"), style="bold"),
            *(Text(str(n), style="bold") for n in totals),
            Text(str(sum(totals)), style="bold"),
        )

    def show_compliance(self, snap: Snapshot) -> None:
        runtime = self.services.runtime
        now = runtime.now()
        local = runtime.local(now)
        result = compliance(snap.month_cases, now)
        self.query_one("#compliance-title", Static).update(
            t("dashboard.compliance", month=f"{MONTH_NAMES[language()][local.month - 1]} {local.year}")
        )
        table = self.query_one("#compliance", DataTable)
        table.clear()
        for severity in reversed(SEVERITIES):
            table.add_row(
                severity, *tally_cells(result.assignment[severity]), *tally_cells(result.resolution[severity])
            )
        table.add_row(
            Text(t("dashboard.total"), style="bold"),
            *tally_cells(result.total("assignment")),
            *tally_cells(result.total("resolution")),
        )
        days = calendar.monthrange(local.year, local.month)[1]
        series = breaches_per_day(snap.month_cases, now, lambda epoch: runtime.local(epoch).day, local.day)
        self.query_one("#breach-days", Sparkline).data = series or [0]
        self.query_one("#breach-days-label", Static).update(
            t("dashboard.breach_days", total=sum(series), days=local.day, month_days=days)
        )

    def show_risk(self) -> None:
        runtime = self.services.runtime
        now = runtime.now()
        rows = [(case, pending_clock(runtime.of_case(case).engine, case, now)) for case in self._risky]
        table = self.query_one("#risk", DataTable)
        cursor = table.cursor_row
        table.clear()
        for case, clock in rows:
            style = STYLES[clock.state]
            table.add_row(
                case.code,
                Text(clock_text(clock), style=style),
                Text(label("clock", clock.state.value), style=style),
                case.severity,
                label("kind", clock.kind),
                case.agent or t("dashboard.unassigned"),
                case.client_name,
                key=case.code,
            )
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self.query_one("#risk-empty").set_class(bool(rows), "hidden")

    def show_awaiting(self, snap: Snapshot) -> None:
        runtime = self.services.runtime
        now = runtime.now()
        table = self.query_one("#awaiting", DataTable)
        table.clear()
        self.query_one("#awaiting-title", Static).update(t("dashboard.awaiting", count=snap.awaiting_total))
        for case in snap.awaiting_action[:MAX_ROWS]:
            kinds = ", ".join(label("kind", kind) for kind in breaches(case, now))
            table.add_row(
                case.code,
                kinds,
                case.severity,
                case.agent or t("dashboard.unassigned"),
                short_datetime(runtime.local(case.opened_at)),
                case.client_name,
                key=case.code,
            )
        self.query_one("#awaiting-empty").set_class(bool(snap.awaiting_action), "hidden")
