"""The home screen: every open case in priority order with live countdowns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input

from jq_console.application import cases
from jq_console.domain.cases import Case
from jq_console.i18n import short_datetime, t
from jq_console.presentation.presenters import rank_reason
from jq_console.store import queue_sync
from jq_console.ui.key_hints import binding_of, key_hint
from jq_console.ui.messages import ActionDone, ActionFailed
from jq_console.ui.screens.queue_marks import MARK_ACTIONS, MarkedCases
from jq_console.ui.support import SteadyStatic, attempt, one_line, services_of
from jq_console.ui.view_models.queue_model import Filtered
from jq_console.ui.widgets.agents_panel import AgentsPanel
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.queue_filters import QueueFilter
from jq_console.ui.widgets.queue_view import QueueView
from jq_console.ui.widgets.schedule_status import ScheduleStatus

PANEL_MIN_WIDTH = 120
# Left off the footer below PANEL_MIN_WIDTH (the help and the palette list them).
NARROW_HIDDEN = frozenset({"u", "S", "L", "X", "b"})


class QueueScreen(MarkedCases):
    CSS_PATH = "queue.tcss"
    BINDINGS = [
        Binding("n", "register", t("ui.key.register"), tooltip=t("ui.tip.register"), id="queue.register"),
        Binding("t", "take", t("ui.key.take"), tooltip=t("ui.tip.take"), id="queue.take"),
        Binding("m", "toggle_mine", t("ui.key.mine"), tooltip=t("ui.tip.mine"), id="queue.mine"),
        Binding(
            "u", "toggle_unassigned", t("ui.key.unassigned"), tooltip=t("ui.tip.unassigned"), id="queue.unassigned"
        ),
        Binding("S", "cycle_severity", t("ui.key.severity"), tooltip=t("ui.tip.severity"), id="queue.severity"),
        Binding("L", "toggle_client", t("ui.key.client"), tooltip=t("ui.tip.client"), id="queue.client"),
        Binding("slash", "search", t("ui.key.search"), tooltip=t("ui.tip.search"), id="queue.search"),
        Binding("X", "clear_filters", t("ui.key.clear"), tooltip=t("ui.tip.clear"), id="queue.clear"),
        Binding("h", "past_work", t("finder.key"), tooltip=t("finder.tip"), id="queue.past_work"),
        # Off the footer (full already); in the palette and the help like every other action.
        Binding(
            "M", "mail_inbox", t("ui.inbox.title"), tooltip=t("ui.inbox.tip.open"), id="queue.mail_inbox", show=False
        ),
        # Supervisors' keys for several cases: named in the status line once a case is marked (the
        # footer is full at 160 columns), in the help and in the README.
        Binding(
            "space",
            "toggle_mark",
            t("live.key.select"),
            tooltip=t("live.tip.select"),
            key_display="␣",
            show=False,
            id="queue.mark",
        ),
        Binding(
            "R",
            "reassign_marked",
            t("live.key.reassign"),
            tooltip=t("live.tip.reassign"),
            show=False,
            id="queue.reassign",
        ),
        Binding(
            "escape",
            "end_search",
            t("ui.key.end_search"),
            tooltip=t("ui.tip.end_search"),
            show=False,
            id="queue.end_search",
        ),
    ]

    @dataclass
    class FilterRead(Message):
        """The keys of the open cases `filter` keeps, read when the queue had changed `changes` times."""

        filter: QueueFilter
        keys: list[bytes]
        changes: int

    def __init__(self, *, live: bool = True) -> None:
        super().__init__(live=live)
        self.filter = QueueFilter()
        self._takeable: bool | None = None
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        runtime = services_of(self).runtime
        yield ScheduleStatus(runtime, id="schedules")
        with Horizontal(id="queue-body"):
            with Vertical(id="queue-main"):
                yield QueueView(runtime, id="queue")
                back = key_hint(self, binding_of(self.BINDINGS, "queue.end_search"))
                yield Input(placeholder=t("ui.search_placeholder", key=back), id="search", classes="hidden")
                yield SteadyStatic("", id="selected", markup=False, steady_width=True)
                yield SteadyStatic("", id="status-line", markup=False, steady_width=True)
            yield Vertical(id="agents-slot")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._mount_agents_panel()
        self.query_one(QueueView).focus()
        self.start_watching()
        if self.live:
            self.set_interval(1.0, self.tick)

    def action_past_work(self) -> None:
        """Every case, not only the open ones: by status group, date range and words."""
        from jq_console.ui.screens.case_finder import CaseFinderScreen

        self.app.push_screen(CaseFinderScreen())

    def _mount_agents_panel(self) -> None:
        """The agents/availability panel shows only on terminals wide enough to keep every queue
        column as well (an 80-column one keeps the queue)."""
        slot = self.query_one("#agents-slot")
        self.agents_panel = AgentsPanel()
        slot.mount(self.agents_panel)
        slot.display = self.size.width >= PANEL_MIN_WIDTH
        self._fit_footer(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#agents-slot").display = event.size.width >= PANEL_MIN_WIDTH
        self._fit_footer(event.size.width)

    def _fit_footer(self, width: int) -> None:
        """Below the agents panel's width the footer drops its padding and the palette's label, as
        the case screen's does, and the filter keys other than "mine" and billing's: an 80-column
        terminal then shows every key it lists whole. The others still work and are in the help
        (`?`) and the command palette (Ctrl+P)."""
        footer = self.query_one(KeyFooter)
        narrow = width < PANEL_MIN_WIDTH
        footer.compact = narrow
        footer.show_command_palette = not narrow
        hidden = NARROW_HIDDEN if narrow else frozenset()
        if footer.hidden != hidden:
            footer.hidden = hidden
            footer.refresh(recompose=True)

    # -- live refresh ----------------------------------------------------------------------------
    def tick(self) -> None:
        self.query_one(ScheduleStatus).tick()
        self.query_one(QueueView).tick()
        passed = self.breaches.tick(services_of(self).runtime.now(), self.model.keys)
        if passed:  # read as they stand now: the watch decides which broke a deadline
            self.read_cases(passed, passed=True)

    def _show(self) -> None:
        view = self.query_one(QueueView)
        view.set_rows(self.model.rows(), self.model.rank_of)
        self._read_shown(view)
        self._follow_client_name()
        self._update_status()

    @on(QueueView.Shown)
    def shown_moved(self) -> None:
        self._read_shown(self.query_one(QueueView))

    def _read_shown(self, view: QueueView) -> None:
        """When a line on screen or a page either side has no case held, read those of three pages
        either side: a change that moves the lines by one then finds them held, and reads nothing.
        Past the model's window, forget the cases held beyond them (but the marked ones)."""
        page = view.page_rows
        around = view.rows.keys(view.top - 3 * page, view.top + 4 * page)
        if self.model.missing(view.rows.keys(view.top - page, view.top + 2 * page)):
            self.read_cases(self.model.missing(around))
        self.model.keep_only(around, self.marked)

    def _follow_client_name(self) -> None:
        """The client filter's label says the client's name as its cases read now (renamed meanwhile)."""
        client = self.filter.client_id
        if client is None:
            return
        name = next((case.client_name for case in self.model.cases.values() if case.client_id == client), None)
        if name is not None and name != self.filter.client_name:
            self.filter = replace(self.filter, client_name=name)

    # -- selection ---------------------------------------------------------------------------------
    @on(QueueView.Highlighted)
    def show_selected(self, message: QueueView.Highlighted) -> None:
        self._update_selected()
        case = self.query_one(QueueView).current
        takeable = case is not None and case.agent is None
        if takeable != self._takeable:  # re-drawing the footer costs ~30 ms: only when it changes
            self._takeable = takeable
            self.refresh_bindings()

    def _update_selected(self) -> None:
        view = self.query_one(QueueView)
        case = view.current
        if case is None:
            self._set_text("#selected", t("ui.queue_empty_filtered" if self.filter.active else "ui.queue_empty"))
            return
        runtime = services_of(self).runtime
        reason = self.model.reason(case, runtime.now())
        deadlines = [t("ui.due_assignment", due=short_datetime(runtime.local(case.assignment_due)))]
        if case.resolution_due is not None:
            deadlines.append(t("ui.due_resolution", due=short_datetime(runtime.local(case.resolution_due))))
        self._set_text(
            "#selected",
            f"{case.code} · {one_line(case.client_name)} · {one_line(case.title)}\n"
            f"#{reason.rank}: {rank_reason(runtime, reason)}\n" + " · ".join(deadlines),
        )

    def _set_text(self, selector: str, text: str) -> None:
        self.query_one(selector, SteadyStatic).update(text)

    def _update_status(self) -> None:
        view = self.query_one(QueueView)
        shown, total = len(view.rows), len(self.model.keys)
        text = t("ui.queue_count", shown=shown, total=total)
        if self.filter.active:
            clear = key_hint(self, binding_of(self.BINDINGS, "queue.clear"))
            text += "   " + t("ui.filters", filters=self.filter.describe(), key=clear)
        if self.marked:
            reassign = key_hint(self, binding_of(self.BINDINGS, "queue.reassign"))
            unmark = key_hint(self, binding_of(self.BINDINGS, "queue.mark"))
            text += "   " + t("live.marked_keys", count=len(self.marked), reassign=reassign, unmark=unmark)
        self._set_text("#status-line", text)

    @on(QueueView.Opened)
    def open_case(self, message: QueueView.Opened) -> None:
        from jq_console.ui.screens.case import CaseScreen

        self.app.push_screen(CaseScreen(message.code))

    # -- actions -------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MARK_ACTIONS:
            return self.supervising() and (action == "toggle_mark" or bool(self.marked))
        if action == "take":
            case = self.query_one(QueueView).current  # a case not read yet cannot be taken until it is
            services = services_of(self)
            return bool(case and case.agent is None and not services.readonly)
        if action == "register":
            return not services_of(self).readonly
        if action == "toggle_client":
            return self.query_one(QueueView).current is not None or self.filter.client_id is not None
        if action == "end_search":  # Esc leaves a search box that is shown; with none, there is nothing to leave
            return not self.query_one("#search").has_class("hidden")
        return True

    def _set_filter(self, value: QueueFilter) -> None:
        """Show the cases `value` keeps: read from the database (the queue holds only keys of the
        cases it does not show); the whole queue again at once when no filter is left."""
        self.filter = value
        if value.active:
            self.read_filter(value, self.model.changes)
        else:
            self.model.filtered = None
            self._show()
        self.refresh_bindings()

    def _keeps(self, value: QueueFilter) -> Callable[[Case], bool]:
        login = services_of(self).login
        return lambda case: value.keeps(case, login)

    @work(thread=True, group="queue-filter")
    def read_filter(self, value: QueueFilter, changes: int) -> None:
        services = services_of(self)
        policy, keeps = self.model.policy, self._keeps(value)
        keys = attempt(self, lambda: queue_sync.open_keys_where(services.engine, policy, keeps))
        if keys is not None:
            self.post_message(self.FilterRead(value, keys, changes))

    def on_queue_screen_filter_read(self, message: FilterRead) -> None:
        if message.filter != self.filter:  # another filter chosen since: its own read follows
            return
        if message.changes != self.model.changes:  # the queue changed meanwhile: read it again
            self.read_filter(self.filter, self.model.changes)
            return
        self.model.filtered = Filtered(message.keys, self._keeps(self.filter))
        self._show()

    def _reloaded(self) -> None:
        if self.filter.active:
            self.read_filter(self.filter, self.model.changes)

    def action_toggle_mine(self) -> None:
        self._set_filter(replace(self.filter, mine=not self.filter.mine))

    def action_toggle_unassigned(self) -> None:
        self._set_filter(replace(self.filter, unassigned=not self.filter.unassigned))

    def action_cycle_severity(self) -> None:
        self._set_filter(self.filter.next_severity())

    def action_toggle_client(self) -> None:
        case = self.query_one(QueueView).current
        if self.filter.client_id is not None:
            self._set_filter(replace(self.filter, client_id=None, client_name=""))
        elif case is not None:
            self._set_filter(replace(self.filter, client_id=case.client_id, client_name=case.client_name))

    def action_clear_filters(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.add_class("hidden")
        self._set_filter(QueueFilter())  # which refreshes the bindings: Esc has no search to leave now
        self.query_one(QueueView).focus()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.remove_class("hidden")
        search.focus()
        self.refresh_bindings()

    def action_end_search(self) -> None:
        search = self.query_one("#search", Input)
        if not search.value:
            search.add_class("hidden")
        self.query_one(QueueView).focus()
        self.refresh_bindings()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self._set_filter(replace(self.filter, text=event.value))

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.action_end_search()

    def action_register(self) -> None:
        from jq_console.ui.screens.registration import RegistrationScreen

        self.app.push_screen(RegistrationScreen())

    def action_mail_inbox(self) -> None:
        from jq_console.ui.screens.mail_inbox import MailInboxScreen

        self.app.push_screen(MailInboxScreen())

    def action_take(self) -> None:
        case = self.query_one(QueueView).current
        if case is not None:
            self.take(case)

    @work(thread=True, group="queue-action")
    def take(self, seen: Case) -> None:
        services = services_of(self)
        if attempt(self, lambda: cases.take(services.engine, services.runtime, services.login, seen)) is not None:
            self.post_message(ActionDone(seen.code, t("ui.done.take", code=seen.code)))

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(message.text)
        self.poll()

    def on_action_failed(self, message: ActionFailed) -> None:
        self.notify(message.text, severity="error", timeout=10)

    def on_screen_resume(self) -> None:
        self.query_one(QueueView).focus()
        self.poll()
