"""Case studies of feature requests: the three outcomes, the quote line by line, releases and the
clients to notify, the text quote, and the case-study screen driven through Pilot."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, show_study
from pypdf import PdfReader
from sqlalchemy import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioButton

from jq_console.application import work as work_log
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime, frozen_clock
from jq_console.cli import main
from jq_console.cli.arguments import INTEGERS
from jq_console.domain.cases import Refused
from jq_console.domain.parsing import InputError
from jq_console.domain.quotes import QuoteLine, parse_estimate
from jq_console.domain.studies import StudyRef, check_release, clients_to_notify
from jq_console.presentation.billing_text import quote_text
from jq_console.presentation.pdf_document import SANS, Document
from jq_console.presentation.quote_pdf import text_to_pdf
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.store import studies as study_store
from jq_console.ui.app import create_app, demo_services

NOW = datetime(2027, 2, 3, 10, 0, tzinfo=ZoneInfo("America/Bogota"))  # quotes use 2027's rate


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "studies.sqlite"), cases=200, clock=frozen_clock(NOW))


def feature_cases(services: Services, service: str = "subscription") -> list[str]:
    return [
        c.code
        for c in case_store.open_cases(services.engine)
        if c.category == "feature_request" and c.service == service
    ]


def test_estimates_may_exceed_a_day() -> None:
    assert [parse_estimate(x) for x in ("40", "6h", "6h30m", "45m", "1:30")] == [2400, 360, 390, 45, 90]
    for bad in ("", "x", "0", "6 horas"):
        with pytest.raises(InputError):
            parse_estimate(bad)


def test_custom_development_quote_uses_the_years_rate_and_the_level_discount(services: Services) -> None:
    code = feature_cases(services)[0]
    case = case_store.get_case(services.engine, code)
    assert case is not None and case.level is not None
    study = study_store.save_study(
        services.engine,
        services.runtime,
        code,
        "ana",
        "custom_development",
        "",
        "Entrega en 4 semanas",
        [QuoteLine("Análisis", 600), QuoteLine("Desarrollo", 2400)],
    )
    quote = study.quote
    assert quote is not None and (quote.year, quote.rate) == (2027, 195000)
    percent = services.runtime.policy.discounts[case.level]
    assert quote.discount_percent == percent
    assert [line.gross for line in quote.lines] == [1950000, 7800000]
    assert [line.discount for line in quote.lines] == [1950000 * percent // 100, 7800000 * percent // 100]
    assert quote.net == 9750000 - 9750000 * percent // 100
    assert study.feature == case.title  # the case title when no feature name is given
    text = quote_text(services.runtime, study)
    assert "$ 1.950.000" in text and "$ 195.000" in text and f"{percent} %" in text
    # Saved quotes keep their figures: reading it back gives the same lines.
    again = study_store.study_of(services.engine, code)
    assert again is not None and again.quote == quote
    history = case_store.history(services.engine, case.id)
    assert history[-1].kind == "study" and history[-1].after["net"] == quote.net


def test_outcomes_require_their_note_and_only_feature_requests_open_studies(services: Services) -> None:
    code = feature_cases(services)[0]
    refusals: tuple[tuple[str, str, list[QuoteLine], str], ...] = (
        ("future_release", " ", [], "study.viability_required"),
        ("rejected", "", [], "study.reason_required"),
        ("custom_development", "", [], "study.quote_empty"),
        ("maybe", "x", [], "study.unknown_outcome"),
    )
    for outcome, note, lines, refusal_code in refusals:
        with pytest.raises(Refused) as refusal:
            study_store.save_study(services.engine, services.runtime, code, "ana", outcome, "", note, lines)
        assert refusal.value.code == refusal_code
    assert study_store.study_of(services.engine, code) is None
    fault = next(c.code for c in case_store.open_cases(services.engine) if c.category == "fault")
    with pytest.raises(Refused) as refusal:
        study_store.save_study(services.engine, services.runtime, fault, "ana", "rejected", "", "no viable")
    assert refusal.value.code == "study.only_feature_request"
    rejected = study_store.save_study(
        services.engine, services.runtime, code, "ana", "rejected", "", "Contradice la normativa contable"
    )
    assert rejected.outcome == "rejected" and rejected.quote is None and rejected.note.startswith("Contradice")


def test_a_release_lists_each_client_who_asked_once(services: Services) -> None:
    codes = feature_cases(services)[:3]
    assert len(codes) == 3
    for code in codes:
        study_store.save_study(
            services.engine, services.runtime, code, "ana", "future_release", "", "Viable para la versión 6.0"
        )
    assert {ref.case_code for ref in study_store.pending_future_studies(services.engine)} >= set(codes)
    notices = study_store.record_release(services.engine, services.runtime, "6.0", codes, "ana")
    clients = {case_store.get_case(services.engine, code).client_name for code in codes}  # type: ignore[union-attr]
    assert {notice.client_name for notice in notices} == clients
    assert sorted(c for notice in notices for c in notice.cases) == sorted(codes)
    assert all(notice.contact_name for notice in notices)  # the USR to tell
    with pytest.raises(Refused) as refusal:
        study_store.record_release(services.engine, services.runtime, "6.1", codes[:1], "ana")
    assert refusal.value.code == "release.already_shipped"
    with pytest.raises(Refused) as refusal:
        study_store.save_study(services.engine, services.runtime, codes[0], "ana", "rejected", "", "x")
    assert refusal.value.code == "study.already_shipped"


def test_a_long_quote_becomes_a_multi_page_pdf() -> None:
    lines = [f"Línea {n} ñandú ¿(x)? \\ €" for n in range(150)]
    reader = PdfReader(io.BytesIO(text_to_pdf("\n".join(lines), "Cotización")), strict=True)
    assert len(reader.pages) == 3 and reader.metadata is not None and reader.metadata.title == "Cotización"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Línea 0 ñandú ¿(x)? \\ €" in text and "Línea 149" in text


def test_a_name_typed_decomposed_prints_with_its_accents() -> None:
    decomposed = "Ferreteri\u0301a Medelli\u0301n N\u0303andu\u0301"  # as some keyboards and pastes send it
    composed = "Ferretería Medellín Ñandú"
    reader = PdfReader(io.BytesIO(text_to_pdf(f"Cliente: {decomposed}", "Cotización")), strict=True)
    assert f"Cliente: {composed}" in reader.pages[0].extract_text()
    assert Document("Informe").text_of(decomposed, SANS) == composed  # the report's font too


def test_release_rules_as_pure_functions() -> None:
    def ref(code: str, client: int, outcome: str = "future_release", release: str | None = None) -> StudyRef:
        return StudyRef(
            1, code, outcome, f"f{code}", client, f"C{client}", "1-1", "USR", "u@x.co", "3000000000", release
        )

    with pytest.raises(Refused):
        check_release(" ", [ref("A", 1)])
    with pytest.raises(Refused):
        check_release("5", [ref("A", 1, "custom_development")])
    notices = clients_to_notify([ref("A", 1), ref("B", 1), ref("C", 2)])
    assert [(n.client_name, n.cases) for n in notices] == [("C1", ("A", "B")), ("C2", ("C",))]


def test_cli_decides_exports_the_quote_and_records_a_release(
    services: Services,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SUDO_USER", raising=False)
    monkeypatch.setenv("JQ_CONSOLE_AGENT", services.login)  # the CLI's writing commands need a registered agent
    db = str(services.engine.url).removeprefix("sqlite:///")
    custom, future = feature_cases(services)[:2]
    base = ["--db", db, "--now", "2027-02-03T10:00"]
    assert (
        main(
            [
                "study",
                "decide",
                custom,
                "--outcome",
                "custom_development",
                "--line",
                "Análisis=6h",
                "--line",
                "Desarrollo=40",
                *base,
            ]
        )
        == 0
    )
    out = tmp_path / "quote.txt"
    assert main(["study", "quote", custom, "--out", str(out), *base]) == 0
    assert "COTIZACIÓN" in out.read_text(encoding="utf-8") and custom in out.read_text(encoding="utf-8")
    pdf = tmp_path / "quote.pdf"
    assert main(["study", "quote", custom, "--out", str(pdf), *base]) == 0
    reader = PdfReader(pdf, strict=True)
    assert "COTIZACIÓN" in reader.pages[0].extract_text() and "$ 1.170.000" in reader.pages[0].extract_text()
    assert main(["study", "decide", future, "--outcome", "future_release", *base]) == 1  # viability note missing
    assert main(["study", "decide", future, "--outcome", "future_release", "--note", "Viable", *base]) == 0
    capsys.readouterr()
    assert main(["release", "record", "6.2", "--cases", future, *base]) == 0
    printed = capsys.readouterr().out
    client = case_store.get_case(services.engine, future).client_name  # type: ignore[union-attr]
    assert "6.2" in printed and client in printed and future in printed


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press(*["space" if ch == " " else ch for ch in text])
    await pilot.press("enter")
    await settle(pilot)


async def test_case_study_screen_builds_saves_and_exports_a_quote(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "..")  # not the current folder: the export folder the app was given
    code = feature_cases(services)[0]
    app = create_app(services, live=False, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_study(app, pilot, code)
        assert screen.case is not None
        await type_into(pilot, "#line-text", "Análisis")
        await pilot.press("6", "h", "enter")
        await settle(pilot)
        await type_into(pilot, "#line-text", "Desarrollo")
        await pilot.press("x", "enter")  # bad hours: refused, nothing typed is lost
        await settle(pilot)
        assert screen.query_one("#line-text", Input).value == "Desarrollo" and len(screen.lines) == 1
        screen.query_one("#line-time", Input).value = "12h30m"
        await pilot.press("enter")
        await settle(pilot)
        table = screen.query_one("#study-quote", DataTable)
        assert table.row_count == 2
        assert str(table.get_cell_at(Coordinate(1, 3))).strip() == "$ 2.437.500"  # 12.5 h x $ 195.000
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
    study = study_store.study_of(services.engine, code)
    assert study is not None and study.outcome == "custom_development" and study.quote is not None
    assert [(line.description, line.minutes) for line in study.quote.lines] == [("Análisis", 360), ("Desarrollo", 750)]
    exported = (tmp_path / f"cotizacion-{code}.txt").read_text(encoding="utf-8")
    assert "$ 2.437.500" in exported and "$ 1.170.000" in exported
    pdf_text = PdfReader(tmp_path / f"cotizacion-{code}.pdf", strict=True).pages[0].extract_text()
    assert "$ 2.437.500" in pdf_text and "Análisis" in pdf_text


async def test_case_study_screen_future_release_needs_a_viability_note(services: Services) -> None:
    code = feature_cases(services)[0]
    app = create_app(services, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_study(app, pilot, code)
        screen.query_one("#outcome-future_release", RadioButton).value = True
        await settle(pilot)
        assert not screen.query_one("#study-quote", DataTable).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert study_store.study_of(services.engine, code) is None
        screen.query_one("#study-note", Input).value = "Viable para la versión 6.0"
        await pilot.press("ctrl+s")
        await settle(pilot)
    study = study_store.study_of(services.engine, code)
    assert study is not None and study.outcome == "future_release" and study.note == "Viable para la versión 6.0"


async def test_a_study_saved_again_on_the_screen_keeps_its_notes_lines(services: Services) -> None:
    """The screen fills the note's field without control characters, but with the note's own lines:
    saving the study again unchanged must not join them into one."""
    code = feature_cases(services)[0]
    note = "Viable para la versión 6.0\nrequiere el módulo de inventario"
    work_log.decide_study(services.engine, services.runtime, "ana", code, "future_release", "Inventario", note)
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await show_study(app, pilot, code)
        assert app.screen.query_one("#study-note", Input).value == note
        await pilot.press("ctrl+s")
        await settle(pilot)
    study = study_store.study_of(services.engine, code)
    assert study is not None and study.note == note


def test_a_quote_of_many_hours_at_a_high_rate_is_stored_whole_on_both_engines(store: Engine, runtime: Runtime) -> None:
    """The largest quote a line allows (10,000 hours) at the largest rate an administrator may set
    (1,000,000,000 pesos an hour): 10^13 pesos, past a PostgreSQL INTEGER (2,147,483,647), which
    refused it with a database error; SQLite's integers are 64 bits either way."""
    hourly = INTEGERS["hourly"][1]
    directory.set_rate(store, datetime.fromtimestamp(runtime.now(), runtime.tz).year, hourly)  # the quote's year
    client_id, usr = seed_client(store)
    code = register_case(store, runtime, client_id, usr, "Módulo de nómina", "S1", "feature_request")
    lines = [QuoteLine("Desarrollo", 10_000 * 60), QuoteLine("Pruebas", 10_000 * 60)]
    study = study_store.save_study(store, runtime, code, "tester", "custom_development", "", "", lines)
    assert study.quote is not None and study.quote.rate == hourly
    again = study_store.study_of(store, code)
    assert again is not None and again.quote == study.quote
    assert [line.gross for line in again.quote.lines] == [10_000 * hourly] * 2
    assert again.quote.net == 2 * (10_000 * hourly - 10_000 * hourly * again.quote.discount_percent // 100)
