"""The study of a feature request: choose its outcome; for custom development build the quote line
by line (estimated hours x the year's rate, minus the level's discount) and export it as text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, RadioButton, RadioSet, Static

from jq_console.application import work as work_log
from jq_console.domain.billing import rate_of
from jq_console.domain.cases import Case, Refused
from jq_console.domain.parsing import InputError
from jq_console.domain.quotes import Quote, QuoteLine, parse_estimate, price_quote
from jq_console.domain.studies import OUTCOMES
from jq_console.domain.text import plain
from jq_console.files import export_folder, write_bytes, write_text
from jq_console.i18n import error_text, label, pesos, t
from jq_console.presentation.billing_text import hours, quote_text
from jq_console.presentation.columns import shorten
from jq_console.presentation.export_names import quote_name
from jq_console.presentation.quote_pdf import text_to_pdf
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.store import studies as study_store
from jq_console.ui.key_hints import binding_of, key_hint
from jq_console.ui.messages import ActionFailed
from jq_console.ui.screens.confirm_dialog import leave_asking
from jq_console.ui.support import attempt, database_files_of, export_dir_of, one_line, services_of
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.plain_table import PlainTable


def _binding(key: str, action: str, text: str, tip: str) -> Binding:
    return Binding(key, action, t(text), tooltip=t(tip), id=f"study.{action}")


class CaseStudyScreen(Screen[None]):
    CSS_PATH = "case_study.tcss"
    BINDINGS = [
        _binding("escape", "back", "billing.back", "study.tip.back"),
        _binding("ctrl+l", "add_line", "study.add_line", "study.tip.add_line"),
        _binding("ctrl+r", "remove_line", "study.remove_line", "study.tip.remove_line"),
        _binding("ctrl+s", "save", "study.save", "study.tip.save"),
        _binding("ctrl+o", "export", "study.export", "study.tip.export"),
    ]

    @dataclass
    class Loaded(Message):
        case: Case | None
        study: study_store.Study | None
        year: int
        rate: int | None

    @dataclass
    class Saved(Message):
        study: study_store.Study

    @dataclass
    class Exported(Message):
        path: str

    def __init__(self, case_code: str) -> None:
        super().__init__()
        self.case_code = case_code.strip().upper()
        self.case: Case | None = None
        self.study: study_store.Study | None = None
        self.lines: list[QuoteLine] = []
        self.year = 0
        self.rate: int | None = None
        self._saved: tuple[object, ...] | None = None  # what the form held when loaded or last saved

    def compose(self) -> ComposeResult:
        yield Static(t("study.title", case=self.case_code), id="study-title", markup=False)
        with VerticalScroll(id="study-body"):
            yield Static(t("billing.loading"), id="study-case", markup=False)
            yield Label(t("study.outcome"), classes="field-label", markup=False)
            with RadioSet(id="study-outcome"):
                for index, outcome in enumerate(OUTCOMES):
                    yield RadioButton(label("outcome", outcome), value=index == 0, id=f"outcome-{outcome}")
            yield Label(t("study.feature"), classes="field-label", markup=False)
            yield Input(compact=True, id="study-feature")
            yield Label(t("study.note"), classes="field-label", markup=False)
            yield Input(compact=True, id="study-note")
            with Horizontal(id="study-line-inputs"):
                yield Input(compact=True, id="line-text", placeholder=t("study.line_text"))
                yield Input(compact=True, id="line-time", placeholder=t("study.line_time"))
            yield PlainTable(id="study-quote", cursor_type="row")
            yield Static("", id="study-totals", markup=False)
            yield Static("", id="study-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#study-quote", DataTable)
        names = t("quote.cols").split("|")
        for key, text in zip(("n", "text", "hours", "gross", "discount", "net"), ["#", *names]):
            table.add_column(text, key=key)
        self.query_one("#study-outcome", RadioSet).focus()
        self.load()

    @work(thread=True, exclusive=True, group="study-load")
    def load(self) -> None:
        services = services_of(self)
        runtime = services.runtime
        year = datetime.fromtimestamp(runtime.now(), runtime.tz).year

        def read() -> CaseStudyScreen.Loaded:
            case = case_store.get_case(services.engine, self.case_code)
            study = study_store.study_of(services.engine, self.case_code) if case is not None else None
            try:
                rate: int | None = rate_of(year, directory.rates(services.engine), runtime.policy.rates)
            except Refused:
                rate = None  # said when a quote is priced; the other outcomes need no rate
            return CaseStudyScreen.Loaded(case, study, year, rate)

        loaded = attempt(self, read)
        if loaded is not None:
            self.post_message(loaded)

    def on_case_study_screen_loaded(self, message: Loaded) -> None:
        self.case, self.year, self.rate = message.case, message.year, message.rate
        case = message.case
        if case is None:
            self.query_one("#study-case", Static).update(t("billing.no_case", case=self.case_code))
            return
        level = f" N{case.level}" if case.level else ""
        self.query_one("#study-case", Static).update(
            f"{one_line(case.client_name)} (NIT {case.nit}) · {label('service', case.service)}{level} · "
            f"{label('category', case.category)}\n{one_line(case.title)}"
        )
        if case.category != "feature_request":
            self.show_status(t("study.only_feature_request", case=case.code), error=True)
        self.show_study(message.study)

    def typed(self) -> tuple[object, ...]:
        """Everything the form holds, to tell whether leaving would lose something."""
        values = tuple(self.query_one(f"#{name}", Input).value for name in ("study-feature", "study-note"))
        pending = tuple(self.query_one(f"#{name}", Input).value.strip() for name in ("line-text", "line-time"))
        return (self.outcome(), *values, *pending, tuple(self.lines))

    def show_study(self, study: study_store.Study | None) -> None:
        self.call_after_refresh(self._remember)
        self.study = study
        feature = self.query_one("#study-feature", Input)
        if study is None:
            if not feature.value and self.case is not None:
                feature.value = one_line(self.case.title)
            if self.case is not None and self.case.category == "feature_request":
                self.show_status(t("study.none"))
            self.refresh_quote()
            return
        self.query_one(f"#outcome-{study.outcome}", RadioButton).value = True
        feature.value = one_line(study.feature)
        # Without control characters, with its own lines: a study saved again keeps them.
        self.query_one("#study-note", Input).value = plain(study.note, multiline=True)
        if study.quote is not None:
            self.lines = [QuoteLine(line.description, line.minutes) for line in study.quote.lines]
        status = t("study.saved", outcome=label("outcome", study.outcome))
        if study.release:
            status += " " + t("study.shipped", release=study.release)
        self.show_status(status)
        self.refresh_quote()

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#study-status", Static).update(Text(text, style="bold red" if error else "italic"))

    # -- the quote, line by line --------------------------------------------------------------
    def outcome(self) -> str:
        pressed = self.query_one("#study-outcome", RadioSet).pressed_index
        return OUTCOMES[pressed if pressed >= 0 else 0]

    def priced(self) -> Quote | None:
        if self.case is None or self.rate is None or not self.lines:
            return None
        level = self.case.level if self.case.service == "subscription" else None
        return price_quote(self.lines, self.year, self.rate, level, services_of(self).runtime.policy.discounts)

    def refresh_quote(self) -> None:
        custom = self.outcome() == "custom_development"
        for selector in ("#study-line-inputs", "#study-quote", "#study-totals"):
            self.query_one(selector).display = custom
        table = self.query_one("#study-quote", DataTable)
        table.clear()
        totals = self.query_one("#study-totals", Static)
        quote = self.priced()
        if self.rate is None and custom:
            totals.update(Text(t("billing.rate_missing", year=self.year), style="bold red"))
            return
        if quote is None:
            totals.update(t("study.quote_empty"))
            return
        for index, line in enumerate(quote.lines, start=1):
            # The table keeps the figures in sight on a narrow terminal; the export has the whole text.
            description = shorten(line.description, 20)
            table.add_row(
                str(index),
                description,
                hours(line.minutes),
                Text(pesos(line.gross), justify="right"),
                Text(pesos(line.discount), justify="right"),
                Text(pesos(line.net), justify="right"),
            )
        discount = (
            t("quote.discount", level=quote.level, percent=quote.discount_percent)
            if quote.level
            else t("quote.no_discount")
        )
        totals.update(
            f"{t('quote.rate', year=quote.year, rate=pesos(quote.rate))} · {discount}\n"
            f"{t('quote.total')}: {hours(quote.minutes)} h · {pesos(quote.gross)} - "
            f"{pesos(quote.discount)} = {pesos(quote.net)}"
        )

    @on(RadioSet.Changed)
    def outcome_changed(self) -> None:
        self.refresh_quote()

    @on(Input.Submitted, "#line-text, #line-time")
    def line_submitted(self, event: Input.Submitted) -> None:
        time_input = self.query_one("#line-time", Input)
        if event.input.id == "line-text" and not time_input.value.strip():
            time_input.focus()  # Enter on the description goes on to its hours
            return
        self.action_add_line()

    def action_add_line(self) -> None:
        text_input, time_input = self.query_one("#line-text", Input), self.query_one("#line-time", Input)
        description = text_input.value.strip()
        if not description:
            self.show_status(t("study.line_description"), error=True)
            text_input.focus()
            return
        try:
            minutes = parse_estimate(time_input.value)
        except InputError as error:
            self.show_status(error_text(error), error=True)
            time_input.focus()
            return
        self.lines.append(QuoteLine(description, minutes))
        text_input.value = time_input.value = ""
        text_input.focus()
        self.show_status("")
        self.refresh_quote()

    def action_remove_line(self) -> None:
        table = self.query_one("#study-quote", DataTable)
        if self.lines and 0 <= table.cursor_row < len(self.lines):
            del self.lines[table.cursor_row]
            self.refresh_quote()

    # -- saving and exporting ----------------------------------------------------------------------
    def action_save(self) -> None:
        if services_of(self).readonly:
            self.show_status(t("study.readonly"), error=True)
            return
        outcome = self.outcome()
        lines = list(self.lines) if outcome == "custom_development" else []
        self.save(
            outcome, self.query_one("#study-feature", Input).value, self.query_one("#study-note", Input).value, lines
        )

    @work(thread=True, exclusive=True, group="study-save")
    def save(self, outcome: str, feature: str, note: str, lines: list[QuoteLine]) -> None:
        services = services_of(self)
        study = attempt(
            self,
            lambda: work_log.decide_study(
                services.engine, services.runtime, services.login, self.case_code, outcome, feature, note, lines
            ),
        )
        if study is not None:
            self.post_message(self.Saved(study))

    def on_case_study_screen_saved(self, message: Saved) -> None:
        self.show_study(message.study)
        self.notify(t("study.saved", outcome=label("outcome", message.study.outcome)))

    def on_action_failed(self, message: ActionFailed) -> None:
        self.show_status(message.text, error=True)
        self.notify(message.text, severity="error", timeout=10)

    def action_export(self) -> None:
        study = self.study
        if study is None or study.quote is None:
            self.show_status(
                t("study.export_first", key=key_hint(self, binding_of(self.BINDINGS, "study.save"))), error=True
            )
            return
        self.export(study, export_dir_of(self))

    @work(thread=True, exclusive=True, group="study-export")
    def export(self, study: study_store.Study, folder: Path) -> None:
        """The quote as text and as PDF, side by side, for whichever the client prefers."""
        services = services_of(self)

        def save() -> str:
            text = quote_text(services.runtime, study)
            pdf = text_to_pdf(text, f"{t('quote.heading')} {study.case_code}")
            place, protect = export_folder(folder), database_files_of(services)
            text_path = write_text(place / quote_name(study.case_code, ".txt"), text, protect=protect)
            pdf_path = write_bytes(place / quote_name(study.case_code, ".pdf"), pdf, protect=protect)
            return f"{text_path} · {pdf_path}"

        written = attempt(self, save)
        if written is not None:
            self.post_message(self.Exported(written))

    def on_case_study_screen_exported(self, message: Exported) -> None:
        self.show_status(t("study.exported", path=message.path))
        self.notify(t("study.exported", path=message.path))

    def _remember(self) -> None:
        self._saved = self.typed()

    def action_back(self) -> None:
        """Leaving loses what was typed and not saved, so it asks first."""
        leave_asking(self, self._saved is not None and self.typed() != self._saved)
