"""Registering a case received by phone or WhatsApp (or a form case typed in by hand).

The policy's rules run as the agent types (domain.rules.evaluate) and the deadlines that the chosen
severity would give are previewed live. A refused save keeps every field as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static, TextArea

from jq_console.application import corrections, intake
from jq_console.application import mail as desk_mail
from jq_console.domain.rules import Registration, Verdict, evaluate
from jq_console.domain.vocabulary import CATEGORIES, CHANNELS, SCOPES, SERVICES, SEVERITIES, narrow
from jq_console.i18n import label, short_datetime, t
from jq_console.store import directory
from jq_console.store.cases import NewCase
from jq_console.store.directory import ClientInfo, ContactInfo
from jq_console.ui.messages import ActionFailed, CaseRegistered, ClientsLoaded, ContactsLoaded
from jq_console.ui.screens.confirm_dialog import leave_asking
from jq_console.ui.screens.new_contact_dialog import NewContact, NewContactDialog
from jq_console.ui.support import attempt, literal, services_of
from jq_console.ui.widgets.client_picker import ClientPicker
from jq_console.ui.widgets.findings_view import finding_sentence, findings_text
from jq_console.ui.widgets.key_footer import KeyFooter


@dataclass(frozen=True)
class MailPrefill:
    """A case registered from an unclassified e-mail: the form starts filled from it, and saving
    takes the message out of the unclassified list in the same transaction."""

    mail_id: int
    title: str
    description: str
    justification: str


def _select(kind: str, values: tuple[str, ...], value: str, id: str) -> Select[str]:
    return Select([(label(kind, v), v) for v in values], value=value, allow_blank=False, id=id, compact=True)


class RegistrationScreen(Screen[None]):
    CSS_PATH = "registration.tcss"
    holds_typing = True  # the console's letter keys stay away (ui/app.py: NOT_WHILE_TYPING)
    BINDINGS = [
        Binding("ctrl+s", "save", t("ui.key.save"), tooltip=t("ui.tip.save"), id="reg.save"),
        Binding("escape", "back", t("ui.key.cancel_reg"), tooltip=t("ui.tip.cancel_reg"), id="reg.back"),
        Binding(
            "ctrl+n", "new_contact", t("talk.key.new_contact"), tooltip=t("talk.tip.new_contact"), id="reg.new_contact"
        ),
    ]

    def __init__(self, prefill: MailPrefill | None = None) -> None:
        super().__init__()
        self.prefill = prefill
        self.client: ClientInfo | None = None
        self.contacts: list[ContactInfo] = []
        self.added_contact: int | None = None  # a caller just recorded, to choose as the reporter
        self.verdict: Verdict | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("ui.reg.title"), id="reg-title", markup=False)
        with VerticalScroll(id="reg-form"):
            yield Label(t("ui.reg.client"), classes="field-label", markup=False)
            yield ClientPicker(id="client-picker")
            with Horizontal(classes="row"):
                with Vertical(classes="cell"):
                    yield Label(t("ui.reg.reporter"), classes="field-label", markup=False)
                    yield Select([], id="reporter", prompt=t("ui.reg.choose_client_first"), compact=True)
                with Vertical(classes="cell"):
                    yield Label(t("ui.reg.channel"), classes="field-label", markup=False)
                    yield _select("channel", CHANNELS, "email" if self.prefill else "phone", "channel")
            yield Label(t("ui.reg.justification"), classes="field-label", markup=False)
            yield Input(
                self.prefill.justification if self.prefill else "",
                compact=True,
                id="justification",
                placeholder=t("ui.reg.justification_example"),
            )
            with Horizontal(classes="row"):
                with Vertical(classes="cell"):
                    yield Label(t("ui.reg.severity"), classes="field-label", markup=False)
                    yield _select("severity", SEVERITIES, "S2", "severity")
                with Vertical(classes="cell"):
                    yield Label(t("ui.reg.category"), classes="field-label", markup=False)
                    yield _select("category", CATEGORIES, "fault", "category")
                with Vertical(classes="cell"):
                    yield Label(t("ui.reg.scope"), classes="field-label", markup=False)
                    yield _select("scope", SCOPES, "server", "scope")
            yield Static("", id="deadlines", markup=False)
            with Vertical(id="approval", classes="hidden"):
                yield Label(t("ui.reg.approval"), classes="field-label", markup=False)
                yield Input(compact=True, id="approval-by", placeholder=t("ui.reg.approval_by"))
                yield Input(compact=True, id="approval-when", placeholder=t("ui.reg.approval_when"))
                yield Input(compact=True, id="approval-reason", placeholder=t("ui.reg.approval_reason"))
            yield Label(t("ui.reg.case_title"), classes="field-label", markup=False)
            # The policy's limit, so the field stops where the store would refuse.
            limit = services_of(self).runtime.policy.limits.title
            yield Input(self.prefill.title[:limit] if self.prefill else "", compact=True, id="title", max_length=limit)
            yield Label(t("ui.reg.description"), classes="field-label", markup=False)
            yield TextArea(self.prefill.description if self.prefill else "", id="description", compact=True)
        yield Static("", id="findings", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#client-search", Input).focus()
        self.load_clients()
        self.reevaluate()

    @work(thread=True, exclusive=True, group="reg-clients")
    def load_clients(self) -> None:
        clients = attempt(self, lambda: directory.clients(services_of(self).engine))
        if clients is not None:
            self.post_message(ClientsLoaded(clients))

    @work(thread=True, exclusive=True, group="reg-contacts")
    def load_contacts(self, client_id: int) -> None:
        contacts = attempt(self, lambda: directory.contacts_of(services_of(self).engine, client_id))
        if contacts is not None:
            self.post_message(ContactsLoaded(client_id, contacts))

    def on_clients_loaded(self, message: ClientsLoaded) -> None:
        self.query_one(ClientPicker).set_clients(message.clients)

    @on(ClientPicker.Chosen)
    def client_chosen(self, message: ClientPicker.Chosen) -> None:
        self._take_client(message.client)
        self.load_contacts(message.client.id)

    @on(ClientPicker.Cleared)
    def client_cleared(self) -> None:
        self._take_client(None)

    def _take_client(self, client: ClientInfo | None) -> None:
        """The reporter belongs to the client: a new choice (or none) empties it until its contacts are read."""
        self.client = client
        self.contacts = []
        self.added_contact = None
        self.query_one("#reporter", Select).set_options([])
        self.reevaluate()

    def on_contacts_loaded(self, message: ContactsLoaded) -> None:
        if self.client is None or message.client_id != self.client.id:
            return  # an answer for a client no longer chosen
        self.contacts = message.contacts
        reporter = self.query_one("#reporter", Select)
        reporter.set_options([(literal(f"{c.name} ({label('role', c.role)})"), c.id) for c in self.contacts])
        usr = next((c for c in self.contacts if c.role == "usr"), None)
        chosen = next((c for c in self.contacts if c.id == self.added_contact), usr)
        if chosen is not None:
            reporter.value = chosen.id
        self.reevaluate()

    # -- a caller who is not a contact yet ---------------------------------------------------------
    def action_new_contact(self) -> None:
        client = self.client
        if client is None:
            self.notify(t("ui.reg.choose_client_first"), severity="warning")
            return

        def add(new: NewContact) -> None:
            services = services_of(self)
            engine, runtime, login = services.engine, services.runtime, services.login
            caller = corrections.add_caller(engine, runtime, login, client.id, new.name, new.phone, new.email)
            self.added_contact = caller.id  # chosen as the reporter once the contacts are read again
            self.app.call_from_thread(self.notify, t("talk.done.contact", name=caller.name))
            self.app.call_from_thread(self.load_contacts, client.id)

        # Stored from the dialog: a refusal is told there, with what was typed.
        self.app.push_screen(NewContactDialog(client.name, offer_reporter=False).applying(add))

    # -- the rules, as the agent types ---------------------------------------------------------
    def _value(self, selector: str) -> str:
        widget = self.query_one(selector)
        if isinstance(widget, Select):
            value = widget.value
            return str(value) if isinstance(value, (str, int)) else ""
        return widget.value if isinstance(widget, Input) else ""

    def reporter(self) -> ContactInfo | None:
        value = self.query_one("#reporter", Select).value
        return next((c for c in self.contacts if c.id == value), None)

    def registration(self) -> Registration | None:
        client, reporter = self.client, self.reporter()
        if client is None or reporter is None:
            return None
        return Registration(  # the selects offer only the vocabularies' words: narrow never refuses here
            narrow(client.service, SERVICES, "service"),
            client.level,
            client.up_to_date,
            reporter.role,
            narrow(self._value("#channel"), CHANNELS, "channel"),
            narrow(self._value("#severity"), SEVERITIES, "severity"),
            narrow(self._value("#category"), CATEGORIES, "category"),
            self._value("#justification"),
            self._value("#approval-by"),
            self._value("#approval-reason"),
            self._value("#approval-when"),
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def reevaluate(self) -> None:
        services = services_of(self)
        runtime = services.runtime
        chosen = self._value("#severity")
        severity = chosen if chosen in SEVERITIES else "S2"
        assignment, resolution = runtime.engine.deadlines_epoch(severity, runtime.now())
        self.query_one("#deadlines", Static).update(
            t(
                "ui.reg.deadlines",
                assignment=short_datetime(runtime.local(assignment)),
                resolution=short_datetime(runtime.local(resolution)),
            )
        )
        needs_approval = (
            self._value("#category") == runtime.policy.approval_category
            and self.client is not None
            and self.client.service == "contractual"
        )
        self.query_one("#approval").set_class(not needs_approval, "hidden")
        registration = self.registration()
        self.verdict = evaluate(runtime.policy, registration) if registration else None
        self.query_one("#findings", Static).update(findings_text(self.verdict, registration is None))

    # -- saving -----------------------------------------------------------------------------------
    def action_save(self) -> None:
        registration = self.registration()
        title = self._value("#title").strip()
        if registration is None or self.client is None:
            self.notify(t("ui.reg.need_client"), severity="error")
            self.query_one("#client-search" if self.client is None else "#reporter").focus()
            return
        if not title:
            self.notify(t("ui.reg.need_title"), severity="error")
            self.query_one("#title", Input).focus()
            return
        verdict = evaluate(services_of(self).runtime.policy, registration)
        if verdict.blocked:
            blocking = next(f for f in verdict.findings if f.blocks)
            self.notify(finding_sentence(blocking), severity="error", timeout=10)
            return
        justification = registration.justification.strip()
        if not self.query_one("#approval").has_class("hidden"):
            approval = t(
                "ui.reg.approval_note",
                by=registration.approval_by.strip(),
                when=self._value("#approval-when").strip(),
                reason=registration.approval_reason.strip(),
            )
            justification = f"{justification} {approval}".strip()
        reporter = self.reporter()
        new = NewCase(
            self.client.id,
            reporter.id if reporter else None,
            title,
            self.query_one("#description", TextArea).text,
            registration.severity,
            registration.category,
            registration.channel,
            narrow(self._value("#scope"), SCOPES, "scope"),
            justification,
        )
        self.register(new, registration)

    @work(thread=True, exclusive=True, group="reg-save")
    def register(self, new: NewCase, registration: Registration) -> None:
        services = services_of(self)
        prefill = self.prefill
        if prefill is not None:
            case = attempt(
                self,
                lambda: desk_mail.register_from_mail(
                    services.engine, services.runtime, services.login, prefill.mail_id, new, registration
                ),
            )
        else:
            case = attempt(
                self, lambda: intake.register_case(services.engine, services.runtime, services.login, new, registration)
            )
        if case is not None:
            self.post_message(CaseRegistered(case))

    def on_case_registered(self, message: CaseRegistered) -> None:
        from jq_console.ui.screens.case import CaseScreen

        self.notify(t("ui.reg.done", code=message.case.code))
        self.app.switch_screen(CaseScreen(message.case.code))

    def on_action_failed(self, message: ActionFailed) -> None:
        self.notify(message.text, severity="error", timeout=10)

    def _typed(self) -> bool:
        fields = ("#client-search", "#title", "#justification", "#approval-by", "#approval-reason")
        return (
            self.client is not None
            or bool(self.query_one("#description", TextArea).text.strip())
            or any(self._value(selector).strip() for selector in fields)
        )

    def action_back(self) -> None:
        """Leaving throws away what was typed, so it asks first."""
        leave_asking(self, self._typed())
