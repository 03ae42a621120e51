"""Referring an out-of-scope case to a partner: only with the client's recorded consent (who, when,
how); the case then leaves the queue as referred, with the partner in its history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import answer_yes_if_asked, settle
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain import lifecycle
from jq_console.domain.cases import Refused
from jq_console.store import cases as case_store
from jq_console.store import directory, moves
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.refer_dialog import ReferDialog

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "refer.sqlite"), cases=200, clock=frozen_clock(NOW))


def out_of_scope(services: Services) -> str:
    codes = [
        c.code for c in case_store.open_cases(services.engine) if c.category == "out_of_scope" and c.status != "waiting"
    ]
    assert codes, "the demo data has open out-of-scope cases"
    return codes[0]


def test_store_refuses_a_referral_without_consent_and_records_one_with_it(services: Services) -> None:
    code = out_of_scope(services)
    partner = directory.partners(services.engine)[0].name
    engine, runtime = services.engine, services.runtime
    for who, when, how in (("", NOW.timestamp(), "llamada"), ("Ana USR", None, "llamada"), ("Ana USR", 1.0, " ")):
        with pytest.raises(Refused) as refusal:
            moves.apply(engine, runtime, code, "ana", lambda c: lifecycle.refer(c, partner, who, when, how))
        assert refusal.value.code == "consent_required"
    assert case_store.get_case(engine, code).status != "referred"  # type: ignore[union-attr]
    in_scope = next(c for c in case_store.open_cases(engine) if c.category == "fault" and c.status != "waiting")
    with pytest.raises(Refused) as refusal:
        moves.apply(
            engine,
            runtime,
            in_scope.code,
            "ana",
            lambda c: lifecycle.refer(c, partner, "Ana", NOW.timestamp(), "llamada"),
        )
    assert refusal.value.code == "refer_only_out_of_scope"
    referred = moves.apply(
        engine, runtime, code, "ana", lambda c: lifecycle.refer(c, partner, "Ana USR", NOW.timestamp(), "llamada")
    )
    assert referred.status == "referred" and referred.partner == partner
    assert code not in {c.code for c in case_store.open_cases(engine)}
    event = case_store.history(engine, referred.id)[-1]
    assert event.kind == "refer" and event.after["partner"] == partner and event.after["consent_by"] == "Ana USR"


async def open_refer_dialog(pilot: Pilot[None], code: str) -> ReferDialog:
    pilot.app.push_screen(CaseScreen(code))
    await settle(pilot)
    await pilot.press("f")
    await answer_yes_if_asked(pilot)  # another agent's case: the console asks first
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ReferDialog)
    return dialog


async def test_referral_without_consent_is_refused_and_keeps_what_was_typed(services: Services) -> None:
    code = out_of_scope(services)
    partner = directory.partners(services.engine)[0].name
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_refer_dialog(pilot, code)
        dialog.query_one("#partner", Select).value = partner
        dialog.query_one("#how", Input).value = "llamada telefónica"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # stays open: who gave consent is missing
        assert str(dialog.query_one("#dialog-error", Static).render()).strip()
        assert dialog.query_one("#how", Input).value == "llamada telefónica"
        await pilot.press("escape")
        await settle(pilot)
    case = case_store.get_case(services.engine, code)
    assert case is not None and case.status != "referred" and case.partner is None
    assert all(event.kind != "refer" for event in case_store.history(services.engine, case.id))


async def test_referral_with_consent_leaves_the_queue_with_the_partner_in_history(services: Services) -> None:
    code = out_of_scope(services)
    partner = directory.partners(services.engine)[-1].name
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_refer_dialog(pilot, code)
        dialog.query_one("#partner", Select).value = partner
        dialog.query_one("#who", Input).value = "Laura Gómez (USR)"
        dialog.query_one("#when", Input).value = "09:40"
        dialog.query_one("#how", Input).value = "llamada telefónica"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.case is not None
        assert screen.case.status == "referred"
        assert screen.case.partner == partner and screen.history[-1].after["partner"] == partner
    case = case_store.get_case(services.engine, code)
    assert case is not None and case.status == "referred" and case.partner == partner
    assert code not in {c.code for c in case_store.open_cases(services.engine)}
    event = case_store.history(services.engine, case.id)[-1]
    assert event.kind == "refer" and event.after["consent_by"] == "Laura Gómez (USR)"
    assert event.after["consent_how"] == "llamada telefónica"
    assert event.after["consent_at"] == datetime(2026, 12, 7, 9, 40, tzinfo=NOW.tzinfo).timestamp()
