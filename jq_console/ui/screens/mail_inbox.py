"""The "Entrada sin clasificar": messages the desk's mailbox received that are neither a web form's
notification nor a reply on a case. From here an agent registers a case (the registration form
prefilled: the subject, the text, channel e-mail with its justification) or discards one with a reason."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from jq_console.application import mail as desk_mail
from jq_console.domain.text import plain
from jq_console.i18n import short_datetime, t
from jq_console.store.mail_in import StoredMail
from jq_console.ui.messages import ActionDone, ActionFailed
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.registration import MailPrefill, RegistrationScreen
from jq_console.ui.support import attempt, literal, services_of
from jq_console.ui.widgets.key_footer import KeyFooter


class MailInboxScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", t("ui.key.back"), tooltip=t("ui.tip.back"), id="inbox.back"),
        Binding("n", "register", t("ui.inbox.register"), tooltip=t("ui.inbox.tip.register"), id="inbox.register"),
        Binding("delete", "discard", t("ui.inbox.discard"), tooltip=t("ui.inbox.tip.discard"), id="inbox.discard"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[StoredMail] = []

    def compose(self) -> ComposeResult:
        yield Static(t("ui.inbox.title"), id="inbox-title", markup=False)
        table: DataTable[str] = DataTable(id="inbox", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="inbox-preview", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(t("ui.inbox.column.when"), t("ui.inbox.column.from"), t("ui.inbox.column.subject"))
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="inbox-load")
    def load(self) -> None:
        items = attempt(self, lambda: desk_mail.unclassified(services_of(self).engine))
        if items is not None:
            self.app.call_from_thread(self._show, items)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Registering and discarding need a message: dimmed in the footer while the inbox is empty."""
        if action in ("register", "discard") and not self.items:
            return None
        return True

    def _show(self, items: list[StoredMail]) -> None:
        self.items = items
        self.refresh_bindings()
        runtime = services_of(self).runtime
        table = self.query_one(DataTable)
        table.clear()
        for item in items:
            table.add_row(
                literal(short_datetime(runtime.local(item.received_at))),
                literal(plain(item.sender) or "-"),
                literal(plain(item.subject)[:80]),
                key=str(item.id),
            )
        self.query_one("#inbox-preview", Static).update(literal(t("ui.inbox.empty")) if not items else "")

    def current(self) -> StoredMail | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row < 0 or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def on_data_table_row_highlighted(self) -> None:
        item = self.current()
        if item is not None:
            self.query_one("#inbox-preview", Static).update(literal(plain(item.body, multiline=True)[:1500]))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_register(self) -> None:
        item = self.current()
        if item is None:
            return
        prefill = MailPrefill(
            mail_id=item.id,
            title=plain(item.subject)[:200],
            description=plain(item.body, multiline=True),
            justification=t("ui.inbox.justification", sender=plain(item.sender) or "-"),
        )
        self.app.push_screen(RegistrationScreen(prefill))

    def action_discard(self) -> None:
        item = self.current()
        if item is None:
            return

        def discard(reason: str) -> None:
            services = services_of(self)
            desk_mail.discard(services.engine, services.runtime, services.login, item.id, reason)
            self.post_message(ActionDone("", t("ui.inbox.discarded")))

        # Stored from the dialog: a refusal is told there, with the reason typed.
        self.app.push_screen(ReasonDialog(t("ui.inbox.discard"), t("ui.inbox.reason")).applying(discard))

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(message.text)
        self.load()

    def on_action_failed(self, message: ActionFailed) -> None:
        self.notify(message.text, severity="error", timeout=10)
