"""Monthly billing of contractual work: per client, each case's time rounded up to the billing
fraction at the rate of the year the work was done in; subscription work apart and not billed.

The figures come from `store.billing.month_bill`, the same function the CSV export uses, so the
screen and the export agree to the peso."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from jq_console.application import work as work_log
from jq_console.domain.billing import BillLine, MonthBill, UnbilledCase, WorkItem, shift_month
from jq_console.files import export_folder, write_text
from jq_console.i18n import language, pesos, short_datetime, t
from jq_console.i18n.catalog import MONTH_NAMES
from jq_console.presentation.billing_text import hours, write_csv
from jq_console.presentation.columns import shorten
from jq_console.presentation.export_names import bill_csv_name
from jq_console.store import billing as billing_store
from jq_console.store.billed_months import Closing
from jq_console.ui.messages import ActionFailed
from jq_console.ui.screens.entry_correction_dialog import EntryCorrectionDialog
from jq_console.ui.support import attempt, database_files_of, export_dir_of, one_line, services_of
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.plain_table import PlainTable


def _binding(key: str, action: str, label: str, tip: str) -> Binding:
    return Binding(key, action, t(label), tooltip=t(tip), id=f"billing.{action}")


def _right(minutes: int, style: str = "") -> Text:
    return Text(hours(minutes), style=style, justify="right")


# A client's name takes at most this many columns (the longest the demo's clients need): a longer one
# ends in "…" rather than push the figures beside it past the right edge of an 80-column terminal.
CLIENT_WIDTH = 32


class BillingScreen(Screen[None]):
    CSS_PATH = "billing.tcss"
    BINDINGS = [
        _binding("escape", "back", "billing.back", "billing.tip.back"),
        _binding("left_square_bracket,left", "previous_month", "billing.prev", "billing.tip.prev"),
        _binding("right_square_bracket,right", "next_month", "billing.next", "billing.tip.next"),
        _binding("H", "this_month", "billing.this_month", "billing.tip.this_month"),
        _binding("ctrl+o", "export", "billing.export", "billing.tip.export"),
        _binding("f5", "reload", "billing.refresh", "billing.tip.refresh"),
        Binding("O", "correct", t("billing.correct"), tooltip=t("billing.correct_tip"), id="billing.correct"),
        # The app's "b" opens billing; here it goes back instead of stacking another billing screen.
        Binding("b", "back", t("billing.back"), tooltip=t("billing.tip.back"), show=False, id="billing.b_back"),
    ]

    @dataclass
    class Loaded(Message):
        bill: MonthBill
        closing: Closing | None = None  # the month closed for billing: by whom, when

    @dataclass
    class Corrected(Message):
        entry: int
        original: int
        minutes: int

    @dataclass
    class Exported(Message):
        path: str
        lines: int
        amount: int

    def __init__(self, year: int | None = None, month: int | None = None) -> None:
        super().__init__()
        self.year, self.month = year or 0, month or 0
        self.bill: MonthBill | None = None
        self.rows: dict[str, BillLine | UnbilledCase] = {}
        self.shown: BillLine | UnbilledCase | None = None  # the case whose entries are listed
        self.shown_key = ""  # kept across reloads, so a correction does not close the list
        self.closing: Closing | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("billing.title"), id="billing-title", markup=False)
        yield Static(t("billing.loading"), id="billing-month", markup=False)
        yield PlainTable(id="billing-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="billing-subscription", markup=False)
        yield PlainTable(id="billing-unbilled", cursor_type="row")
        yield Static("", id="billing-entries-title", markup=False)
        yield PlainTable(id="billing-entries", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self.year:
            self.year, self.month = billing_store.current_month(services_of(self).runtime)
        table = self.query_one("#billing-table", DataTable)
        for key in ("client", "worked", "billed", "rate", "amount", "year", "nit"):
            table.add_column(t(f"billing.col.{key}"), key=key)
        unbilled = self.query_one("#billing-unbilled", DataTable)
        for key in ("case", "client", "level", "worked"):
            unbilled.add_column(t(f"billing.col.{key}"), key=key)
        entries = self.query_one("#billing-entries", DataTable)
        entries.add_column("#", key="id")  # the number `jq-console log --corrects` takes
        for key in ("start", "agent", "minutes", "note"):
            entries.add_column(t(f"billing.col.{key}"), key=key)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="billing-load")
    def load(self) -> None:
        services = services_of(self)
        year, month = self.year, self.month
        loaded = attempt(
            self,
            lambda: (
                billing_store.month_bill(services.engine, services.runtime, year, month),
                work_log.month_closing(services.engine, year, month),
            ),
        )
        if loaded is not None:
            self.post_message(self.Loaded(*loaded))

    def on_billing_screen_loaded(self, message: Loaded) -> None:
        if (message.bill.year, message.bill.month) != (self.year, self.month):
            return  # an older month's answer arriving after the user moved on
        self.bill = message.bill
        self.closing = message.closing
        self.show(message.bill)

    def on_action_failed(self, message: ActionFailed) -> None:
        self.notify(message.text, severity="error", timeout=10)
        if self.bill is None or (self.bill.year, self.bill.month) != (self.year, self.month):
            # The month could not be billed (e.g. no rate for its year): say so where the figures go.
            self.query_one("#billing-month", Static).update(
                Text(f"{self.month_label()}: {message.text}", style="bold red")
            )
            self.query_one("#billing-table", DataTable).clear()

    def month_label(self) -> str:
        return f"{MONTH_NAMES[language()][self.month - 1]} {self.year}"

    def show(self, bill: MonthBill) -> None:
        runtime = services_of(self).runtime
        fraction = runtime.policy.fraction_minutes
        closing = self.closing
        state = (
            t("billing.state_open")
            if closing is None
            else t(
                "billing.state_closed",
                login=one_line(closing.closed_by),
                when=short_datetime(runtime.local(closing.closed_at)),
            )
        )
        self.query_one("#billing-month", Static).update(
            f"{t('billing.month', month=self.month_label())} · {t('billing.fraction', minutes=fraction)} · {state}"
        )
        table = self.query_one("#billing-table", DataTable)
        table.clear()
        self.rows = {}
        for client in bill.clients:
            table.add_row(
                Text(shorten(one_line(client.client_name), CLIENT_WIDTH), style="bold"),
                _right(client.minutes_worked),
                _right(client.minutes_billed),
                "",
                Text(pesos(client.amount), style="bold", justify="right"),
                "",
                client.nit,
                key=f"client:{client.client_id}",
            )
            for line in client.lines:
                key = f"line:{line.case_code}:{line.year}"
                self.rows[key] = line
                table.add_row(
                    f"  {line.case_code}",
                    _right(line.minutes_worked),
                    _right(line.minutes_billed),
                    Text(pesos(line.rate), justify="right"),
                    Text(pesos(line.amount), justify="right"),
                    str(line.year),
                    "",
                    key=key,
                )
        if not bill.clients:
            table.add_row(t("billing.empty"), "", "", "", "", "", "", key="empty")
        table.add_row(
            Text(t("billing.month_total"), style="bold reverse"),
            _right(bill.minutes_worked, "bold"),
            _right(bill.minutes_billed, "bold"),
            "",
            Text(pesos(bill.amount), style="bold reverse", justify="right"),
            "",
            "",
            key="total",
        )
        self.query_one("#billing-subscription", Static).update(
            t("billing.subscription", hours=hours(bill.subscription_minutes), cases=len(bill.subscription))
        )
        unbilled = self.query_one("#billing-unbilled", DataTable)
        unbilled.clear()
        for case in bill.subscription:
            key = f"sub:{case.case_code}"
            self.rows[key] = case
            unbilled.add_row(
                case.case_code,
                shorten(one_line(case.client_name), CLIENT_WIDTH),
                f"N{case.level}" if case.level else "—",
                _right(case.minutes_worked),
                key=key,
            )
        self.show_entries(self.rows.get(self.shown_key))

    @on(DataTable.RowSelected)
    def drill_down(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "billing-entries":
            return
        self.shown_key = str(event.row_key.value)
        self.show_entries(self.rows.get(self.shown_key))

    def show_entries(self, row: BillLine | UnbilledCase | None) -> None:
        self.shown = row
        title = self.query_one("#billing-entries-title", Static)
        table = self.query_one("#billing-entries", DataTable)
        table.clear()
        if row is None:
            title.update("")
            table.display = False
            return
        table.display = True
        if isinstance(row, BillLine):
            title.update(t("billing.entries_of", case=row.case_code, year=row.year))
        else:
            title.update(t("billing.entries_sub", case=row.case_code))
        runtime = services_of(self).runtime
        for item in row.entries:
            table.add_row(
                str(item.entry_id),
                short_datetime(runtime.local(item.started_at)),
                item.agent,
                Text(str(item.minutes), justify="right"),
                self._note(item),
                key=f"entry:{item.entry_id}",
            )

    @staticmethod
    def _note(item: WorkItem) -> str:
        if item.corrects_id is None:
            return item.note
        return f"{t('billing.correction', entry=item.corrects_id)} · {item.note}"

    def action_correct(self) -> None:
        table = self.query_one("#billing-entries", DataTable)
        if services_of(self).readonly or self.shown is None or not 0 <= table.cursor_row < len(self.shown.entries):
            self.notify(
                t("study.readonly") if services_of(self).readonly else t("billing.pick_entry"), severity="warning"
            )
            return
        item = self.shown.entries[table.cursor_row]
        self.ask_correction(item.case_code, item.corrects_id or item.entry_id, item.minutes)

    def ask_correction(self, code: str, original: int, minutes: int) -> None:
        """The correction is stored from its dialog (a refusal is told there, the text kept)."""

        def correct(value: tuple[int, str]) -> None:
            services = services_of(self)
            engine, runtime, login = services.engine, services.runtime, services.login
            entry = work_log.correct_work(engine, runtime, login, code, original, value[0], value[1])
            self.post_message(self.Corrected(entry.id, original, value[0]))

        self.app.push_screen(EntryCorrectionDialog(code, original, minutes).applying(correct))

    def on_billing_screen_corrected(self, message: Corrected) -> None:
        self.notify(t("billing.corrected", entry=message.entry, minutes=message.minutes, original=message.original))
        self.load()

    def _move(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.query_one("#billing-month", Static).update(t("billing.loading"))
        self.load()

    def action_previous_month(self) -> None:
        self._move(*shift_month(self.year, self.month, -1))

    def action_next_month(self) -> None:
        self._move(*shift_month(self.year, self.month, 1))

    def action_this_month(self) -> None:
        self._move(*billing_store.current_month(services_of(self).runtime))

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        self.export(self.year, self.month, export_dir_of(self))

    @work(thread=True, exclusive=True, group="billing-export")
    def export(self, year: int, month: int, folder: Path) -> None:
        services = services_of(self)

        def save() -> BillingScreen.Exported:
            bill = billing_store.month_bill(services.engine, services.runtime, year, month)
            buffer = io.StringIO(newline="")
            lines = write_csv(bill, buffer)
            target = export_folder(folder) / bill_csv_name(year, month)
            written = write_text(target, buffer.getvalue(), protect=database_files_of(services))
            return self.Exported(str(written), lines, bill.amount)

        exported = attempt(self, save)
        if exported is not None:
            self.post_message(exported)

    def on_billing_screen_exported(self, message: Exported) -> None:
        self.notify(t("billing.exported", path=message.path, lines=message.lines, amount=pesos(message.amount)))
