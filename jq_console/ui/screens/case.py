"""One case: every field, the SLA clocks with the explanation of each deadline, the time logged,
the full history, and only the moves the policy allows now."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from jq_console.domain.breaches import Breach
from jq_console.domain.cases import Case, allowed_actions
from jq_console.i18n import label, short_datetime, t
from jq_console.presentation.deadline_text import explanation
from jq_console.presentation.verification import verification_text
from jq_console.store import cases as case_store
from jq_console.store import directory, time_entries
from jq_console.store.breaches import recorded_of
from jq_console.store.cases import Event
from jq_console.store.time_entries import Entry
from jq_console.ui.messages import ActionDone, ActionFailed, CaseLoaded, PartnersLoaded
from jq_console.ui.screens.case_moves import MOVES
from jq_console.ui.screens.case_talk import TALK_ACTIONS, TALK_BINDINGS, CaseTalk
from jq_console.ui.screens.corrective import ask_corrective_action, breach_lines, corrective_offered
from jq_console.ui.support import attempt, failure_text, literal, one_line, services_of
from jq_console.ui.view_models.case_model import CaseView, case_view
from jq_console.ui.widgets.case_timeline import CaseTimeline
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.mail_timeline import MailTimeline
from jq_console.ui.widgets.work_timer import WorkTimer


def _binding(key: str, action: str) -> Binding:
    return Binding(key, action, t(f"ui.key.{action}"), tooltip=t(f"ui.tip.{action}"), id=f"case.{action}")


class CaseScreen(CaseTalk):
    CSS_PATH = "case.tcss"
    BINDINGS = [
        Binding("escape", "back", t("ui.key.back"), tooltip=t("ui.tip.back"), id="case.back"),
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
        _binding("n", "notify_s3"),
        _binding("k", "reclassify"),
        _binding("y", "recategorize"),
        _binding("e", "case_study"),
        _binding("p", "assign"),
        Binding("a", "corrective", t("corrective.key"), tooltip=t("corrective.tip"), id="case.corrective"),
        Binding("m", "timer", t("timer.toggle"), tooltip=t("timer.tip.toggle"), id="case.timer"),
        *TALK_BINDINGS,
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.case: Case | None = None
        self.history: list[Event] = []
        self.entries: list[Entry] = []
        self.partners: list[directory.PartnerInfo] = []
        self.breaches: list[Breach] = []  # the recorded ones (the view adds those the clocks show)

    def compose(self) -> ComposeResult:
        yield Static(self.code, id="case-title", markup=False)
        yield WorkTimer(self.code, id="case-timer")
        with VerticalScroll(id="case-body"):
            yield Static(t("ui.loading"), id="case-fields")
            yield Static("", id="case-clocks", classes="section")
            yield Static("", id="case-breaches", classes="section")
            yield Static("", id="case-time", classes="section")
            yield CaseTimeline(id="case-history", classes="section")
            yield MailTimeline(id="case-mail", classes="section")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#case-body").focus()
        self.load()

    @work(thread=True, exclusive=True, group="case-load")
    def load(self) -> None:
        services = services_of(self)

        def read() -> CaseLoaded:
            case = case_store.get_case(services.engine, self.code)
            if case is None:
                return CaseLoaded(None, self.code)
            return CaseLoaded(
                case,
                self.code,
                case_store.history(services.engine, case.id),
                time_entries.entries_of(services.engine, case.id),
                breaches=recorded_of(services.engine, case.id),
            )

        try:
            loaded = read()
        except Exception as error:  # noqa: BLE001 - told once, not as a failed action: that would reload, and loop
            self.post_message(CaseLoaded(None, self.code, error=failure_text(error)))
            return
        self.post_message(loaded)
        if loaded.case is not None and loaded.case.category == "out_of_scope" and loaded.case.is_open:
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
        self.case, self.history, self.entries = message.case, message.history, message.entries
        self.breaches = message.breaches
        self.show()
        self.refresh_bindings()
        self.assign_again()

    def on_partners_loaded(self, message: PartnersLoaded) -> None:
        self.partners = message.partners

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(message.text)
        if message.case is not None:  # the next move starts from the stored copy, not the one before
            self.case = message.case
            self.refresh_bindings()
        self.load()

    def on_action_failed(self, message: ActionFailed) -> None:
        self.notify(message.text, severity="error", timeout=10)
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
        self.query_one("#case-fields", Static).update(self._fields(case))
        clocks = Text(t("ui.case.clocks") + "\n", style="bold underline")
        clocks.append_text(explanation(runtime, case, self.history, runtime.now()))
        self.query_one("#case-clocks", Static).update(clocks)
        breaches = self.query_one("#case-breaches", Static)
        view = self.view()
        breaches.display = view is not None and bool(view.breaches)
        if view is not None:
            breaches.update(breach_lines(runtime, view))
        self.query_one("#case-time", Static).update(self._time_entries())
        self.query_one(CaseTimeline).show(case.id, self.history)
        self.query_one(MailTimeline).show_case(case.id)

    def _fields(self, case: Case) -> Table:
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
        wide = self.size.width >= 120
        table = Table.grid(padding=(0, 2))
        for _ in range(2 if wide else 1):
            table.add_column(style="bold", no_wrap=True)
            table.add_column()
        step = 2 if wide else 1
        for index in range(0, len(rows), step):
            cells: list[Text] = []
            for key, value in rows[index : index + step]:
                cells.extend((Text(t(key)), Text(value)))  # Text, not str: a str cell would be read as markup
            table.add_row(*cells)
        table.add_row(Text(t("ui.field.description")), literal(case.description, multiline=True, empty="—"))
        return table

    def _time_entries(self) -> Text:
        runtime = services_of(self).runtime
        text = Text(t("ui.case.time", minutes=sum(e.minutes for e in self.entries)) + "\n", style="bold underline")
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
        if action == "case_study":
            return self.case is not None and self.case.category == "feature_request"
        if action in TALK_ACTIONS:
            return self.talk_allowed()
        if action == "corrective":
            return corrective_offered(self.view(), services_of(self))
        return True

    def action_timer(self) -> None:
        self.query_one(WorkTimer).action_toggle_timer()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_corrective(self) -> None:
        ask_corrective_action(self)

    def action_case_study(self) -> None:
        from jq_console.ui.screens.case_study import CaseStudyScreen  # imported when first opened

        self.app.push_screen(CaseStudyScreen(self.code))
