"""The console's e-mail: the unclassified inbox (register a case from a message, or discard one with
a reason) and the case screen's mail section with each message's delivery state."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TextArea

from jq_console.application import mail as desk_mail
from jq_console.application import mail_in
from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.store import directory
from jq_console.store import mail_in as inbox
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.mail_inbox import MailInboxScreen
from jq_console.ui.screens.registration import RegistrationScreen
from jq_console.ui.widgets.mail_timeline import MailTimeline

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


def raw(subject: str, body: str, number: int) -> bytes:
    return (
        f"From: Pedro <pedro@cliente.test>\r\nTo: soporte@jq.test\r\nSubject: {subject}\r\n"
        f"Message-ID: <m{number}@cliente.test>\r\n\r\n{body}\r\n"
    ).encode()


async def on_inbox(pilot: Pilot[None]) -> MailInboxScreen:
    """The unclassified inbox, opened from the queue with its key."""
    await settle(pilot)
    await pilot.press("M")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MailInboxScreen)
    return screen


@pytest.fixture
def services(tmp_path: Path) -> Services:
    services = demo_services(str(tmp_path / "mail.sqlite"), clock=frozen_clock(NOW))
    for number, (subject, body) in enumerate(
        [("La impresora no imprime", "Desde ayer no imprime facturas."), ("Oferta", "Compre ya")]
    ):
        outcome = mail_in.take_in(services.engine, services.runtime, services.login, raw(subject, body, number))
        assert outcome == "unclassified"
    return services


async def test_an_empty_inbox_dims_registering_and_discarding_until_a_message_comes(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "empty.sqlite"), clock=frozen_clock(NOW))
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_inbox(pilot)
        assert not screen.items
        enabled = {active.binding.action: active.enabled for active in screen.active_bindings.values()}
        assert enabled["register"] is False and enabled["discard"] is False and enabled["back"] is True
        outcome = mail_in.take_in(services.engine, services.runtime, services.login, raw("Ayuda", "No abre", 9))
        assert outcome == "unclassified"
        screen.load()
        await settle(pilot)
        enabled = {active.binding.action: active.enabled for active in screen.active_bindings.values()}
        assert enabled["register"] is True and enabled["discard"] is True


async def test_an_agent_discards_one_message_and_registers_a_case_from_another(services: Services) -> None:
    client = next(c for c in directory.clients(services.engine) if c.service == "subscription" and c.up_to_date)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_inbox(pilot)
        assert screen.query_one(DataTable).row_count == 2
        await pilot.press("down", "delete")
        await settle(pilot)
        app.screen.query_one("#reason", Input).value = "Publicidad"
        await pilot.press("enter")
        await settle(pilot)
        assert [m.subject for m in desk_mail.unclassified(services.engine)] == ["La impresora no imprime"]
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 1
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        assert form.query_one("#title", Input).value == "La impresora no imprime"
        assert form.query_one("#channel", Select).value == "email"
        assert "pedro@cliente.test" in form.query_one("#justification", Input).value
        assert "no imprime facturas" in form.query_one("#description", TextArea).text
        form.query_one("#client-search", Input).value = client.name
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        case_screen = app.screen
        assert isinstance(case_screen, CaseScreen) and case_screen.case is not None
        assert case_screen.case.channel == "email"
        assert desk_mail.unclassified(services.engine) == []
        stored = inbox.of_case(services.engine, case_screen.case.id)
        assert [(m.state, m.subject) for m in stored] == [("registered", "La impresora no imprime")]
        await settle(pilot)
        timeline = case_screen.query_one(MailTimeline)
        assert timeline.has_class("-has-mail")
        states = [line.state for line in timeline.lines]
        assert "in" in states and "pending" in states  # the client's message, and our notice not yet sent
        assert any(case_screen.case.code in line.text and "pendiente" in line.text for line in timeline.lines)


async def test_a_case_without_mail_shows_no_mail_section(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        await settle(pilot)
        assert not screen.query_one(MailTimeline).has_class("-has-mail")
