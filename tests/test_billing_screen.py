"""Billing on real data: the CSV export and the billing screen agree to the peso on demo data,
work across New Year is split by year, and the screen navigates months and drills down."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Static

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.cli import main
from jq_console.i18n import pesos
from jq_console.presentation.billing_text import write_csv
from jq_console.store import billing as billing_store
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.store.time_entries import log_work
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.billing import BillingScreen

TZ = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)


def at(value: str) -> float:
    return datetime.fromisoformat(value).replace(tzinfo=TZ).timestamp()


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    path = tmp_path_factory.mktemp("billing") / "billing.sqlite"
    return demo_services(str(path), cases=400, clock=frozen_clock(NOW))


def csv_rows(services: Services, year: int, month: int) -> list[dict[str, str]]:
    out = io.StringIO()
    write_csv(billing_store.month_bill(services.engine, services.runtime, year, month), out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_demo_months_have_contractual_work_and_every_csv_line_follows_the_rules(services: Services) -> None:
    fraction = services.runtime.policy.fraction_minutes
    checked = 0
    for year, month in ((2026, 9), (2026, 10), (2026, 11)):
        rows = csv_rows(services, year, month)
        for row in rows:
            worked, billed, rate = int(row["minutes_worked"]), int(row["minutes_billed"]), int(row["rate"])
            assert billed % fraction == 0 and worked <= billed < worked + fraction
            assert rate == services.runtime.policy.rates[int(row["year"])]
            assert int(row["amount"]) == (billed * rate * 2 + 60) // 120
            checked += 1
    assert checked >= 10  # the demo really has contractual work to bill


def test_cli_csv_is_the_same_as_the_store_figures(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUDO_USER", raising=False)
    monkeypatch.setenv("JQ_CONSOLE_AGENT", services.login)  # billing is read by registered agents only
    db = str(services.engine.url).removeprefix("sqlite:///")
    target = tmp_path / "nov.csv"
    assert main(["billing", "--db", db, "--month", "2026-11", "--csv", str(target)]) == 0
    with target.open(encoding="utf-8") as handle:
        exported = list(csv.DictReader(handle))
    assert exported == csv_rows(services, 2026, 11)
    assert list(exported[0]) == ["case", "client", "nit", "year", "minutes_worked", "minutes_billed", "rate", "amount"]


def test_new_year_work_is_billed_at_each_years_rate(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "ny.sqlite"), cases=80, clock=frozen_clock(NOW))
    contractual = next(
        c for c in case_store.open_cases(services.engine) if c.service == "contractual" and c.verification != "pending"
    )
    directory.set_rate(services.engine, 2027, 200000)  # the database's rate wins over the policy file's
    log_work(services.engine, contractual.code, "ana", at("2026-12-31T23:30"), 90, "cierre de año", NOW.timestamp())
    lines = [r for r in csv_rows(services, 2026, 12) if r["case"] == contractual.code]
    by_year = {r["year"]: r for r in lines}
    assert (by_year["2026"]["minutes_billed"], by_year["2026"]["rate"]) == ("30", "180000")
    assert (by_year["2027"]["minutes_billed"], by_year["2027"]["rate"], by_year["2027"]["amount"]) == (
        "60",
        "200000",
        "200000",
    )


def cell_text(table: DataTable, row: str, column: str) -> str:  # type: ignore[type-arg]
    return str(table.get_cell(row, column)).strip()


async def test_billing_screen_totals_equal_the_csv_to_the_peso(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("b")  # the console's key for billing
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BillingScreen)
        assert (screen.year, screen.month) == (2026, 12)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert (screen.year, screen.month) == (2026, 11)
        rows = csv_rows(services, 2026, 11)
        table = screen.query_one("#billing-table", DataTable)
        assert cell_text(table, "total", "amount") == pesos(sum(int(r["amount"]) for r in rows))
        for row in rows:
            key = f"line:{row['case']}:{row['year']}"
            assert cell_text(table, key, "amount") == pesos(int(row["amount"]))
            assert cell_text(table, key, "rate") == pesos(int(row["rate"]))
        bill = screen.bill
        assert bill is not None
        for client in bill.clients:
            client_rows = [r for r in rows if r["nit"] == client.nit]
            assert cell_text(table, f"client:{client.client_id}", "amount") == pesos(
                sum(int(r["amount"]) for r in client_rows)
            )
        # Subscription work is shown apart, never in the billed table.
        assert bill.subscription and all(f"line:{c.case_code}:2026" not in screen.rows for c in bill.subscription)
        assert "no se factura" in str(screen.query_one("#billing-subscription", Static).render())

        # Drill down: a case row shows its time entries.
        first = rows[0]
        table.focus()
        table.move_cursor(row=table.get_row_index(f"line:{first['case']}:{first['year']}"))
        await pilot.press("enter")
        await settle(pilot)
        entries = screen.query_one("#billing-entries", DataTable)
        assert entries.display and entries.row_count >= 1
        assert first["case"] in str(screen.query_one("#billing-entries-title", Static).render())

        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert (screen.year, screen.month) == (2027, 1)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BillingScreen)


async def test_billing_screen_exports_the_csv_it_shows(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "..")  # not the current folder: the export folder the app was given
    app = create_app(services, live=False, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2026, 11))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
    with (tmp_path / "facturacion-2026-11.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == csv_rows(services, 2026, 11)


async def test_an_entry_is_corrected_from_the_billing_screen_by_a_new_entry(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "fix.sqlite"), cases=150, clock=frozen_clock(NOW))
    rows = csv_rows(services, 2026, 11)
    target = max(rows, key=lambda r: int(r["minutes_worked"]))
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2026, 11))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BillingScreen)
        table = screen.query_one("#billing-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(f"line:{target['case']}:{target['year']}"))
        await pilot.press("enter")
        await settle(pilot)
        screen.query_one("#billing-entries", DataTable).focus()
        await pilot.press("O")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#minutes", Input).value = "-10m"
        await pilot.press("ctrl+s")  # the reason is missing: refused, nothing stored
        await settle(pilot)
        assert app.screen is dialog
        dialog.query_one("#note", Input).value = "se registró de más"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        worked = cell_text(
            screen.query_one("#billing-table", DataTable), f"line:{target['case']}:{target['year']}", "worked"
        )
        entries = screen.query_one("#billing-entries", DataTable)
        assert entries.display and any(
            "-10" in str(entries.get_cell_at(Coordinate(i, 3))) for i in range(entries.row_count)
        )
    after = {r["case"]: r for r in csv_rows(services, 2026, 11)}[target["case"]]
    assert int(after["minutes_worked"]) == int(target["minutes_worked"]) - 10
    minutes = int(after["minutes_worked"])
    assert worked == f"{minutes // 60}:{minutes % 60:02d}"


async def test_a_month_without_a_rate_says_so_instead_of_billing(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "norate.sqlite"), cases=80, clock=frozen_clock(NOW))
    contractual = next(
        c for c in case_store.open_cases(services.engine) if c.service == "contractual" and c.verification != "pending"
    )
    log_work(services.engine, contractual.code, "ana", at("2031-03-02T10:00"), 30, "futuro", NOW.timestamp())
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2031, 3))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BillingScreen) and screen.bill is None
        assert "tarifa por hora para 2031" in str(screen.query_one("#billing-month", Static).render())
        assert screen.query_one("#billing-table", DataTable).row_count == 0


async def test_a_refused_correction_opens_again_with_the_reason_typed(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "keep.sqlite"), cases=150, clock=frozen_clock(NOW))
    target = max(csv_rows(services, 2026, 11), key=lambda r: int(r["minutes_worked"]))
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2026, 11))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BillingScreen)
        table = screen.query_one("#billing-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(f"line:{target['case']}:{target['year']}"))
        await pilot.press("enter")
        await settle(pilot)
        screen.query_one("#billing-entries", DataTable).focus()
        await pilot.press("O")
        await settle(pilot)
        app.screen.query_one("#minutes", Input).value = "-20h"  # more than the entry had: the store refuses
        app.screen.query_one("#note", Input).value = "el cliente pidió revisar la factura"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert dialog is not screen  # opened again, with what was typed and why
        assert dialog.query_one("#note", Input).value == "el cliente pidió revisar la factura"
        assert dialog.query_one("#minutes", Input).value == "-20h"
        assert "tiempo negativo" in str(dialog.query_one("#dialog-error").render())
    after = {r["case"]: r for r in csv_rows(services, 2026, 11)}[target["case"]]
    assert after["minutes_worked"] == target["minutes_worked"]


@pytest.mark.parametrize("table_id, figure", [("#billing-unbilled", "worked"), ("#billing-table", "amount")])
async def test_a_long_client_name_never_pushes_the_figures_out_of_an_80_column_screen(
    tmp_path: Path, table_id: str, figure: str
) -> None:
    """A client's name of 60 characters widened its column until the subscription table's only
    figure, the time worked, lay past the right edge of an 80-column terminal."""
    services = demo_services(str(tmp_path / "long.sqlite"), cases=200, clock=frozen_clock(NOW))
    for client in directory.clients(services.engine):
        directory.update_client(services.engine, client.nit, name=f"{client.name} y Compañía de Servicios Generales")
    app = create_app(services, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("left_square_bracket")  # November: both kinds of work
        await settle(pilot)
        table = app.screen.query_one(table_id, DataTable)
        assert table.row_count
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        keys = [column.key.value for column in table.ordered_columns]
        assert sum(widths[: keys.index(figure) + 1]) <= 80, list(zip(keys, widths))
    services.engine.dispose()
