"""One case: its deadlines at a glance (ticking) or its outcome, every field, the SLA clocks with
the explanation of each deadline (and the policy version that measures them), the time logged, the
full history, the client beside it, and only the moves the policy allows now (all of them in one
menu on Enter; each on its own key too).
Everything shown is read by one loader (`application.case_view`); the widgets only show it."""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from jq_console.application.case_view import CaseReading, load_case_view
from jq_console.domain.breaches import Breach
from jq_console.domain.cases import Case, allowed_actions
from jq_console.i18n import label, short_datetime, t
from jq_console.presentation.deadline_text import explanation, policy_of_case
from jq_console.presentation.verification import verification_text
from jq_console.store import directory
from jq_console.store.cases import Event
from jq_console.store.studies import Study
from jq_console.store.time_entries import Entry
from jq_console.ui.key_hints import key_hint
from jq_console.ui.messages import ActionDone, ActionFailed, CaseLoaded, PartnersLoaded
from jq_console.ui.screens.case_live import LiveCase
from jq_console.ui.screens.case_moves import MOVES
from jq_console.ui.screens.case_talk import TALK_ACTIONS, TALK_BINDINGS, CaseTalk
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.screens.corrective import ask_corrective_action, breach_lines, corrective_offered
from jq_console.ui.screens.moves_menu import MenuEntry, MovesMenu
from jq_console.ui.support import attempt, failure_text, literal, one_line, services_of
from jq_console.ui.view_models.case_model import CaseView, case_view
from jq_console.ui.widgets.case_pulse import CasePulse, is_finished
from jq_console.ui.widgets.case_timeline import CaseTimeline
from jq_console.ui.widgets.client_panel import ClientPanel
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.mail_timeline import MailTimeline
from jq_console.ui.widgets.work_timer import WorkTimer, running_timer, timer_binding

# From this width the client shows beside the case; narrower, F2 shows it in the case's place.
CLIENT_BESIDE_WIDTH = 140


def _binding(key: str, action: str) -> Binding:
    """A move's key: it works on the screen and is listed in the moves menu (Enter), not in the
    footer, which would cut some of them off."""
    return Binding(key, action, t(f"ui.key.{action}"), tooltip=t(f"ui.tip.{action}"), id=f"case.{action}", show=False)


class CaseScreen(CaseTalk, LiveCase):
    CSS_PATH = "case.tcss"
    BINDINGS = [
        # Back to where the case was opened from: the queue, past work, the dashboard or another case.
        Binding("escape", "back", t("ui.key.back"), tooltip=t("keymap.case.tip_back"), id="case.back"),
        Binding("enter", "moves", t("live.key.moves"), tooltip=t("live.tip.moves"), id="case.moves"),
        _binding("t", "take"),
        _binding("i", "start"),
        _binding("w", "wait"),
        _binding("r", "resume"),
        _binding("l", "log_time"),
        _binding("d", "agree"),
        _binding("s", "resolve"),
        _binding("c", "close"),
        _binding("o", "reopen"),
        _binding("x", "invalidate"),
        _binding("j", "reject"),
        _binding("v", "verify"),
        _binding("f", "refer"),
        _binding("3", "notify_s3"),
        _binding("k", "reclassify"),
        _binding("y", "recategorize"),
        _binding("e", "case_study"),
        _binding("p", "assign"),
        Binding("a", "corrective", t("corrective.key"), tooltip=t("corrective.tip"), id="case.corrective", show=False),
        timer_binding(),
        Binding("f2", "client", t("live.key.client"), tooltip=t("live.tip.client"), id="case.client"),
        # In the moves menu (Enter) with the others: the footer would cut them off.
        *(replace(binding, show=False) for binding in TALK_BINDINGS),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.case: Case | None = None
        self.history: list[Event] = []
        self.entries: list[Entry] = []
        self.partners: list[directory.PartnerInfo] = []
        self.breaches: list[Breach] = []  # the recorded ones (the view adds those the clocks show)
        self.study: Study | None = None
        self._view: CaseReading | None = None
        self._own_move = False
        self._client_shown = False

    def compose(self) -> ComposeResult:
        runtime = services_of(self).runtime
        yield Static(self.code, id="case-title", markup=False)
        yield CasePulse(runtime, id="case-pulse")
        if not services_of(self).readonly:  # a case opened from the dashboard takes no time
            yield WorkTimer(self.code, id="case-timer")
        with Horizontal(id="case-main"):
            with VerticalScroll(id="case-body"):
                yield Static(t("ui.loading"), id="case-fields", markup=False)
                yield Static("", id="case-clocks", classes="section", markup=False)
                yield Static("", id="case-breaches", classes="section", markup=False)
                yield Static("", id="case-time", classes="section", markup=False)
                yield CaseTimeline(id="case-history", classes="section")
                yield MailTimeline(id="case-mail", classes="section")
            yield ClientPanel(id="case-client")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#case-body").focus()
        self._place_client(self.size.width)
        self.load()
        self.start_live()
        if getattr(self.app, "live", True):
            self.set_interval(1.0, self.tick)

    def on_resize(self, event: events.Resize) -> None:
        self._place_client(event.size.width)

    def _place_client(self, width: int) -> None:
        """Beside the case on a wide terminal; on a narrow one, in the case's place while F2 holds it
        (and a compact footer, so none of its keys is cut off)."""
        footer = self.query_one(KeyFooter)
        footer.compact = width < CLIENT_BESIDE_WIDTH
        footer.show_command_palette = width >= CLIENT_BESIDE_WIDTH
        if self._view is not None:
            self.call_after_refresh(self.query_one(ClientPanel).show, self._view.client)
        beside = width >= CLIENT_BESIDE_WIDTH
        self.query_one("#case-client").display = beside or self._client_shown
        self.query_one("#case-body").display = beside or not self._client_shown
        self.query_one("#case-client").set_class(not beside, "-alone")

    def tick(self) -> None:
        """The deadlines at the top count down (the day-by-day account below is redrawn on change)."""
        self.query_one(CasePulse).tick()

    @work(thread=True, exclusive=True, group="case-load")
    def load(self) -> None:
        services = services_of(self)
        try:
            view = load_case_view(services, self.code)
        except Exception as error:  # noqa: BLE001 - told once, not as a failed action: that would reload, and loop
            self.post_message(CaseLoaded(None, self.code, error=failure_text(error)))
            return
        if view is None:
            self.post_message(CaseLoaded(None, self.code))
            return
        self._view = view
        self.post_message(
            CaseLoaded(view.case, self.code, view.history, view.entries, breaches=view.breaches, look=view.look)
        )
        if view.case.category == "out_of_scope" and view.case.is_open:
            partners = attempt(self, lambda: directory.partners(services.engine))
            if partners is not None:
                self.post_message(PartnersLoaded(partners))

    def on_case_loaded(self, message: CaseLoaded) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
            if self.case is None:  # nothing to show yet: say why where the case would be
                self.query_one("#case-fields", Static).update(Text(message.error))
            return
        if message.case is None:
            self.query_one("#case-fields", Static).update(Text(t("case_not_found", code=one_line(message.code))))
            return
        first = self.case is None
        self.case, self.history, self.entries = message.case, message.history, message.entries
        self.breaches = message.breaches
        view = self._view
        self.study = view.study if view is not None and view.case.code == message.case.code else None
        own, self._own_move = self._own_move, False
        changed = self.note_shown(message.case, message.look, message.history, first, own)
        self.show()
        if changed:
            self.query_one(CasePulse).tell_change(changed)
        if view is not None:
            self.query_one(ClientPanel).show(view.client)
        self.refresh_bindings()

    def on_partners_loaded(self, message: PartnersLoaded) -> None:
        self.partners = message.partners

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(message.text)
        self._own_move = True
        if message.case is not None:  # the next move starts from the stored copy, not the one before
            self.case = message.case
            self.refresh_bindings()
        self.load()
        if self.offer_timer:
            self.offer_timer = False
            self._offer_timer(message.code)

    def _offer_timer(self, code: str) -> None:
        """Starting work offers the timer, unless one already runs."""
        if running_timer(self.app) is not None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.query_one(WorkTimer).start()

        offer = t("live.timer.offer", code=code, key=key_hint(self, timer_binding()))
        self.app.push_screen(ConfirmDialog(t("live.timer.offer_title"), offer), answered)

    def on_action_failed(self, message: ActionFailed) -> None:
        self.notify(message.text, severity="error", timeout=10)
        self.offer_timer = False
        self.load()

    def reload_case(self) -> None:
        self.load()

    # -- what is shown --------------------------------------------------------------------------
    def show(self) -> None:
        case = self.case
        assert case is not None
        runtime = services_of(self).runtime
        self.query_one("#case-title", Static).update(
            f"{case.code} · {label('severity', case.severity)} · {label('status', case.status)} · "
            + one_line(case.title)
        )
        self.query_one(CasePulse).show(case, self.history, self.study)
        self.query_one("#case-fields", Static).update(self._fields(case))
        clocks = Text()
        clocks.append(t("ui.case.clocks"), style="bold underline")  # the heading only, not what follows
        # The version that measures these clocks: the case's own, which may not be the one in force.
        clocks.append(" · " + policy_of_case(runtime, case.policy_version) + "\n", style="dim")
        if not is_finished(case):  # a finished case shows its outcome at the top, never a countdown
            clocks.append_text(explanation(runtime, case, self.history, runtime.now()))
        self.query_one("#case-clocks", Static).update(clocks)
        self.query_one("#case-clocks").display = not is_finished(case)
        breaches = self.query_one("#case-breaches", Static)
        shown = self.view()
        breaches.display = shown is not None and bool(shown.breaches)
        if shown is not None:
            breaches.update(breach_lines(runtime, shown))
        self.query_one("#case-time", Static).update(self._time_entries())
        self.query_one(CaseTimeline).show(case.id, self.history)
        self.query_one(MailTimeline).show_case(case.id)

    def _fields(self, case: Case) -> Group:
        runtime = services_of(self).runtime

        def when(epoch: float | None) -> str:
            return short_datetime(runtime.local(epoch)) if epoch is not None else "—"

        service = label("service", case.service) + (f" N{case.level}" if case.level else "")
        # the client's payment state beside its service, where the agent looks for the client's terms
        service += " · " + t("bounds.payments.ok" if case.client_up_to_date else "bounds.payments.behind")
        rows = [
            ("ui.field.client", f"{one_line(case.client_name)} (NIT {case.nit})"),
            ("ui.field.service", service),
            (
                "ui.field.reporter",
                f"{one_line(case.reporter_name)} ({label('role', case.reporter_role)})" if case.reporter_name else "—",
            ),
            ("ui.field.verification", verification_text(runtime, case)),
            ("ui.field.channel", label("channel", case.channel)),
            ("ui.field.justification", one_line(case.justification, "—")),
            ("ui.field.category", label("category", case.category)),
            ("ui.field.scope", label("scope", case.scope)),
            ("ui.field.agent", one_line(case.agent, "—")),
            ("ui.field.opened", when(case.opened_at)),
            ("ui.field.assigned", when(case.assigned_at)),
            ("ui.field.resolved", when(case.resolved_at)),
            ("ui.field.closed", when(case.closed_at)),
            ("ui.field.notified", when(case.notified_at) if case.severity == "S3" else "—"),
            ("ui.field.partner", one_line(case.partner, "—")),
            ("ui.field.version", str(case.version)),
        ]
        wide = self.query_one("#case-body").size.width >= 110
        table = Table.grid(padding=(0, 2))
        labels = max(cell_len(t(key)) for key in ("ui.field.description", *(key for key, _ in rows)))
        for _ in range(2 if wide else 1):
            table.add_column(style="bold", no_wrap=True, min_width=labels)
            table.add_column(overflow="fold")  # a word longer than the column folds, never cut with "…"
        step = 2 if wide else 1
        for index in range(0, len(rows), step):
            cells: list[Text] = []
            for key, value in rows[index : index + step]:
                cells.extend((Text(t(key)), Text(value)))  # Text, not str: a str cell would be read as markup
            table.add_row(*cells)
        # The description in a grid of its own, across the whole width (not in a quarter of it).
        description = Table.grid(padding=(0, 2))
        description.add_column(style="bold", no_wrap=True, min_width=labels)
        description.add_column(overflow="fold", ratio=1)
        description.add_row(Text(t("ui.field.description")), literal(case.description, multiline=True, empty="—"))
        return Group(table, description)

    def _time_entries(self) -> Text:
        runtime = services_of(self).runtime
        text = Text()
        text.append(t("ui.case.time", minutes=sum(e.minutes for e in self.entries)) + "\n", style="bold underline")
        for entry in self.entries:
            text.append(
                f"  {short_datetime(runtime.local(entry.started_at))}  {one_line(entry.agent):<10} "
                f"{entry.minutes:>4} min  {one_line(entry.note)}\n"
            )
        return text

    def view(self) -> CaseView | None:
        """The case's clocks and breaches as shown now (the same as `case show --json`)."""
        if self.case is None:
            return None
        runtime = services_of(self).runtime
        return case_view(runtime.of_case(self.case).engine, self.case, self.breaches, runtime.now())

    # -- which moves are offered ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MOVES:
            services = services_of(self)
            if self.case is None or services.readonly:
                return False
            if action == "refer" and self.case.category != "out_of_scope":
                return False  # the policy refers only out-of-scope cases
            return MOVES[action] in allowed_actions(self.case, services.login, services.role)
        if action == "timer":
            return not services_of(self).readonly
        if action == "case_study":
            return self.case is not None and self.case.category == "feature_request"
        if action in TALK_ACTIONS:
            return self.talk_allowed()
        if action == "corrective":
            return corrective_offered(self.view(), services_of(self))
        return True

    def action_moves(self) -> None:
        """Every action offered now, with its key, in one menu."""
        case = self.case
        if case is None:
            return
        entries: list[MenuEntry] = []
        for active in self.active_bindings.values():
            binding = active.binding
            menu = (*MOVES, *TALK_ACTIONS, "timeline_filter", "corrective", "case_study", "timer")
            if not active.enabled or binding.action not in menu:
                continue
            if any(entry.action == binding.action for entry in entries):
                continue
            entries.append(
                MenuEntry(binding.action, binding.key, self.app.get_key_display(binding), binding.description)
            )

        def chosen(action: str | None) -> None:
            if action:
                self.call_later(self.run_action, action)

        self.app.push_screen(MovesMenu(case.code, entries), chosen)

    def action_client(self) -> None:
        """Narrow terminal: the client in the case's place and back; wide: into the client's cases."""
        if self.size.width >= CLIENT_BESIDE_WIDTH:
            panel = self.query_one("#client-cases")
            (self.query_one("#case-body") if panel.has_focus else panel).focus()
            return
        self._client_shown = not self._client_shown
        self._place_client(self.size.width)
        self.query_one("#client-cases" if self._client_shown else "#case-body").focus()

    @on(ClientPanel.CaseChosen)
    def open_client_case(self, message: ClientPanel.CaseChosen) -> None:
        self.app.push_screen(CaseScreen(message.code))

    def action_timer(self) -> None:
        self.query_one(WorkTimer).action_toggle_timer()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_corrective(self) -> None:
        ask_corrective_action(self)

    def action_case_study(self) -> None:
        from jq_console.ui.screens.case_study import CaseStudyScreen  # imported when first opened

        self.app.push_screen(CaseStudyScreen(self.code))
