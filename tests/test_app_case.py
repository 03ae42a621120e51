"""The case screen: only the moves the policy allows are offered, each dialog's move reaches the
store and the history, deadlines are explained, and a stale copy is refused with a sentence."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import answer_yes_if_asked, settle
from pilot_support import show_case as show
from textual.widgets import Input, Select

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain import lifecycle
from jq_console.domain.cases import Case
from jq_console.store import cases as case_store
from jq_console.store import moves, time_entries
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case import CaseScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "case.sqlite"), clock=frozen_clock(NOW))


def open_case(services: Services, **wanted: object) -> Case:
    for case in case_store.open_cases(services.engine):
        if all(getattr(case, key) == value for key, value in wanted.items()):
            return case
    raise LookupError(wanted)


def offered(screen: CaseScreen) -> set[str]:
    return {active.binding.action for active in screen.active_bindings.values()}


async def test_only_allowed_moves_are_offered(services: Services) -> None:
    new = open_case(services, status="new", severity="S3")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show(app, pilot, new.code)
        moves = offered(screen)
        assert {"take", "reclassify", "invalidate", "reject", "agree"} <= moves
        assert not {"resolve", "resume", "close", "reopen", "start", "wait"} & moves
        assert ("refer" in moves) == (new.category == "out_of_scope")
        await pilot.press("s")  # resolve is not offered: the key does nothing
        await settle(pilot)
        assert case_store.get_case(services.engine, new.code).status == "new"  # type: ignore[union-attr]


async def test_deadline_explanation_names_holiday_and_adds_up(services: Services) -> None:
    case = open_case(services, status="new", severity="S3")
    app = create_app(services, live=False)
    async with app.run_test(size=(140, 60)) as pilot:
        screen = await show(app, pilot, case.code)
        text = str(screen.query_one("#case-clocks").render())
        assert "Inmaculada" in text  # Tue 8 Dec 2026 is a holiday inside the S3 resolution window
        assert "Total contado: 1 h 00 min de 1 h 00 min" in text
        assert "Total contado: 24 h 00 min de 24 h 00 min" in text


async def test_reclassify_agree_log_time_and_notify_reach_store_and_history(services: Services) -> None:
    case = open_case(services, status="new", severity="S3", notified_at=None)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show(app, pilot, case.code)
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#when", Input).value = "09:45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert case_store.get_case(services.engine, case.code).notified_at == NOW.timestamp() - 900  # type: ignore

        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one("#duration", Input).value = "hora y media"
        app.screen.query_one("#note", Input).value = "Revisión remota"
        await pilot.press("ctrl+s")
        await settle(pilot)  # the parser's sentence, and nothing typed is lost
        assert "duración inválida" in str(app.screen.query_one("#dialog-error").render())
        assert app.screen.query_one("#note", Input).value == "Revisión remota"
        app.screen.query_one("#duration", Input).value = "1h30m"
        app.screen.query_one("#note", Input).value = "Revisión remota"
        await pilot.press("ctrl+s")
        await settle(pilot)
        logged = time_entries.entries_of(services.engine, case.id)[-1]
        assert (logged.minutes, logged.started_at) == (90, NOW.timestamp() - 90 * 60)  # no start: ended now

        await pilot.press("k")
        await pilot.pause()
        app.screen.query_one("#severity", Select).value = "S2"
        await pilot.pause()
        assert str(app.screen.query_one("#preview").render()) == ""  # why it changes is asked first
        app.screen.query_one("#reason", Input).value = "Solo afecta a dos usuarios"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Por qué cambia" in str(app.screen.query_one("#dialog-error").render())  # refused, nothing lost
        assert app.screen.query_one("#reason", Input).value == "Solo afecta a dos usuarios"
        app.screen.query_one("#kind", Select).value = "misclassified"
        await pilot.pause()
        assert "asignación vence" in str(app.screen.query_one("#preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = case_store.get_case(services.engine, case.code)
        assert after is not None and after.severity == "S2"
        assert (after.assignment_due, after.resolution_due) == services.runtime.engine.deadlines_epoch(
            "S2", case.opened_at
        )

        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one("#when", Input).value = "el 15 de enero"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "fecha inválida" in str(app.screen.query_one("#dialog-error").render())
        app.screen.query_one("#when", Input).value = "2027-01-15T17:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Falta" in str(app.screen.query_one("#dialog-error").render())  # no reason: stays open
        assert app.screen.query_one("#when", Input).value == "2027-01-15T17:00"
        app.screen.query_one("#reason", Input).value = "Acordado con el USR por correo"
        await pilot.press("ctrl+s")
        await settle(pilot)
        agreed = case_store.get_case(services.engine, case.code)
        assert agreed is not None
        assert agreed.resolution_due == datetime(2027, 1, 15, 17, 0, tzinfo=NOW.tzinfo).timestamp()
        events = case_store.history(services.engine, case.id)
        kinds = [e.kind for e in events]
        assert kinds[-4:] == ["notify", "log_time", "reclassify", "agree_deadline"]
        reclass = events[-2]
        assert reclass.before["severity"] == "S3" and reclass.before["resolution_due"] == case.resolution_due
        clocks = str(screen.query_one("#case-clocks").render())
        assert "Reclasificado de S3 a S2" in clocks and "Plazo acordado con el cliente" in clocks


async def test_refer_needs_consent_and_records_it(services: Services) -> None:
    case = open_case(services, category="out_of_scope")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(app, pilot, case.code)
        await pilot.press("f")
        await answer_yes_if_asked(pilot)
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#partner", Select).value = "RedesPro S.A.S."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Falta" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#who", Input).value = "Gerente, Sra. Pérez"
        dialog.query_one("#how", Input).value = "llamada telefónica"
        await pilot.press("ctrl+s")
        await settle(pilot)
        referred = case_store.get_case(services.engine, case.code)
        assert referred is not None and referred.status == "referred" and referred.partner == "RedesPro S.A.S."
        last = case_store.history(services.engine, case.id)[-1]
        assert last.kind == "refer" and last.after["consent_by"] == "Gerente, Sra. Pérez"
        assert last.after["consent_how"] == "llamada telefónica"


async def test_a_case_changed_elsewhere_is_refused_with_a_sentence(services: Services) -> None:
    case = open_case(services, status="new")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show(app, pilot, case.code)
        moves.apply(
            services.engine,
            services.runtime,
            case.code,
            "cmejia",
            lambda c: lifecycle.take(c, "cmejia", NOW.timestamp()),
        )
        await pilot.press("t")
        await settle(pilot)
        texts = [n.message for n in app._notifications]
        assert any("Otro agente cambió el caso" in text for text in texts)
        assert case_store.get_case(services.engine, case.code).agent == "cmejia"  # type: ignore[union-attr]
        assert screen.case is not None and screen.case.agent == "cmejia"  # reloaded
        assert "take" not in offered(screen)


async def test_work_logged_with_its_start_and_never_ending_after_now(services: Services) -> None:
    case = open_case(services, status="in_progress")
    app = create_app(services, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await show(app, pilot, case.code)
        await pilot.press("l")
        await answer_yes_if_asked(pilot)
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#duration", Input).value = "1h"
        dialog.query_one("#when", Input).value = "09:30"  # would end at 10:30, after now (10:00)
        dialog.query_one("#note", Input).value = "Migración de datos"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no puede terminar después de ahora" in str(dialog.query_one("#dialog-error").render())
        assert dialog.query_one("#note", Input).value == "Migración de datos"
        assert time_entries.entries_of(services.engine, case.id) == []
        opened = datetime.fromtimestamp(case.opened_at, NOW.tzinfo).replace(second=0, microsecond=0)
        assert opened + timedelta(hours=2) < NOW  # an earlier day's work fits between its opening and now
        dialog.query_one("#when", Input).value = f"{opened - timedelta(days=2):%Y-%m-%dT%H:%M}"  # long before the case
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"El caso {case.code} se abrió el" in str(dialog.query_one("#dialog-error").render())
        assert time_entries.entries_of(services.engine, case.id) == []
        started = opened + timedelta(minutes=1)
        dialog.query_one("#when", Input).value = f"{started:%Y-%m-%dT%H:%M}"  # earlier work, logged today
        await pilot.press("ctrl+s")
        await settle(pilot)
        entries = time_entries.entries_of(services.engine, case.id)
        assert [(e.minutes, e.started_at, e.note) for e in entries] == [(60, started.timestamp(), "Migración de datos")]


async def test_a_case_that_cannot_be_read_is_told_once_without_retrying_in_a_loop(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jq_console.store.errors import StoreError

    case = open_case(services, status="new")
    app = create_app(services, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show(app, pilot, case.code)
        reads = []

        def unavailable(_engine: object, code: str) -> None:
            reads.append(code)
            raise StoreError("err.store.busy")

        monkeypatch.setattr(case_store, "get_case", unavailable)
        await pilot.press("t")  # the move is stored; the reload that follows cannot read the case
        for _ in range(5):
            await settle(pilot)
        texts = [n.message for n in app._notifications]
        assert len(reads) == 1
        assert texts.count("la base de datos está ocupada; intente de nuevo en unos segundos") == 1
        # The screen holds the case as stored by the take, though it could not read it back.
        assert screen.case is not None and (screen.case.code, screen.case.status) == (case.code, "assigned")
        assert screen.case.agent == services.login and screen.case.version == case.version + 1


@pytest.mark.parametrize("key", ["l", "ctrl+n"])
async def test_a_key_the_moves_menu_shows_chooses_its_move_there(services: Services, key: str) -> None:
    """The menu lists each move beside its key ("l  Log time"); pressing that key in the menu did
    nothing, only arrows and Enter did."""
    from jq_console.ui.screens.log_time_dialog import LogTimeDialog
    from jq_console.ui.screens.moves_menu import MovesMenu
    from jq_console.ui.screens.new_contact_dialog import NewContactDialog

    case = open_case(services, status="in_progress")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(app, pilot, case.code)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MovesMenu)
        await pilot.press(key)
        await answer_yes_if_asked(pilot)  # a move on another agent's case asks first
        await settle(pilot)
        assert isinstance(app.screen, {"l": LogTimeDialog, "ctrl+n": NewContactDialog}[key])
