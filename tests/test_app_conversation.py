"""Pilot flows of finding any case and talking about it: `g` opens a resolved case by its code (or a
pick list when several match), the palette finds cases, past work lists cases by status, a call is
added to a case's conversation, a title is corrected, and the timeline is filtered."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, settle_until
from textual.widgets import Input, OptionList, Select, TextArea

from jq_console.application import finder
from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain.cases import Case
from jq_console.store import cases as case_store
from jq_console.store.conversation import entries_of
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.case_finder import CaseFinderScreen
from jq_console.ui.screens.conversation_dialog import ConversationDialog
from jq_console.ui.screens.edit_case_dialog import EditCaseDialog
from jq_console.ui.screens.go_to_dialog import GoToDialog
from jq_console.ui.widgets.case_timeline import CaseTimeline

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "talk.sqlite"), clock=frozen_clock(NOW))


def a_resolved_case(services: Services) -> Case:
    return finder.find(services.engine, "", "resolved").cases[0]


async def on_case(app: JQConsoleApp, pilot: object, code: str) -> CaseScreen:
    await settle_until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.case is not None, code)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, CaseScreen) and screen.case is not None and screen.case.code == code
    return screen


async def test_g_opens_a_resolved_case_by_part_of_its_code(services: Services) -> None:
    resolved = a_resolved_case(services)
    year, number = resolved.code.split("-")[1:]
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle_until(pilot, lambda: isinstance(app.screen, GoToDialog), "the go-to dialog")
        app.screen.query_one("#goto-query", Input).value = f"{year}-{int(number)}"  # 2026-10
        await pilot.press("enter")
        screen = await on_case(app, pilot, resolved.code)
        assert screen.case is not None and screen.case.status == "resolved"


async def test_g_with_words_gives_a_pick_list_and_enter_opens_the_chosen(services: Services) -> None:
    expected = finder.go_to(services.engine, "medellin").cases
    assert len(expected) > 1
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle_until(pilot, lambda: isinstance(app.screen, GoToDialog), "the go-to dialog")
        await pilot.press(*"medellin", "enter")
        dialog = app.screen
        await settle_until(pilot, lambda: dialog.query_one("#goto-pick", OptionList).option_count > 0, "a pick list")
        assert dialog.query_one("#goto-pick", OptionList).option_count == len(expected)
        await pilot.press("down", "enter")
        await on_case(app, pilot, expected[1].code)


async def test_g_with_nothing_found_says_so_and_stays(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle_until(pilot, lambda: isinstance(app.screen, GoToDialog), "the go-to dialog")
        await pilot.press(*"zzqx", "enter")
        await settle(pilot)
        assert isinstance(app.screen, GoToDialog)
        assert "zzqx" in str(app.screen.query_one("#dialog-error").render())


async def test_past_work_lists_resolved_cases_and_opens_one(services: Services) -> None:
    resolved = finder.find(services.engine, "", "resolved").cases
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle_until(pilot, lambda: isinstance(app.screen, CaseFinderScreen), "past work")
        finder_screen = app.screen
        assert isinstance(finder_screen, CaseFinderScreen)
        await settle_until(pilot, lambda: bool(finder_screen.cases), "the first page")
        assert [c.code for c in finder_screen.cases] == [c.code for c in resolved]
        finder_screen.query_one("#finder-group", Select).value = "open"
        await settle_until(pilot, lambda: all(c.is_open for c in finder_screen.cases), "the open cases")
        assert finder_screen.cases
        finder_screen.query_one("#finder-list", OptionList).focus()
        first = finder_screen.cases[0].code
        await pilot.press("enter")
        await on_case(app, pilot, first)


async def test_a_call_is_added_to_the_conversation_and_shown_in_the_timeline(services: Services) -> None:
    case = a_resolved_case(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open_case(case.code)
        screen = await on_case(app, pilot, case.code)
        await pilot.press("N")
        await settle_until(pilot, lambda: isinstance(app.screen, ConversationDialog), "the conversation dialog")
        dialog = app.screen
        dialog.query_one("#kind", Select).value = "call"
        await settle(pilot)
        dialog.query_one("#direction", Select).value = "in"
        dialog.query_one("#contact", Input).value = "ana@cliente.co"
        dialog.query_one("#text", TextArea).text = "Volvió a fallar\nla impresora"
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: bool(entries_of(services.engine, case.id)), "the call stored")
        entry = entries_of(services.engine, case.id)[0]
        assert (entry.kind, entry.direction, entry.contact, entry.text) == (
            "call",
            "in",
            "ana@cliente.co",
            "Volvió a fallar\nla impresora",
        )
        timeline = screen.query_one(CaseTimeline)
        await settle_until(pilot, lambda: bool(timeline.entries), "the timeline read the conversation")
        shown = timeline.shown
        assert "Llamada entrante" in shown and "Volvió a fallar" in shown
        await pilot.press("F")  # conversation only
        assert timeline.filter == "conversation" and "Volvió a fallar" in timeline.shown
        await pilot.press("F")  # moves only
        assert "Volvió a fallar" not in timeline.shown


async def test_a_title_is_corrected_with_a_reason_and_the_old_value_kept(services: Services) -> None:
    case = a_resolved_case(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open_case(case.code)
        screen = await on_case(app, pilot, case.code)
        await pilot.press("E")
        await settle_until(pilot, lambda: isinstance(app.screen, EditCaseDialog), "the correction dialog")
        dialog = app.screen
        dialog.query_one("#new-title", Input).value = "Título corregido"
        dialog.query_one("#reason", Input).value = "errata del cliente"
        await pilot.press("ctrl+s")
        await settle_until(
            pilot, lambda: screen.case is not None and screen.case.title == "Título corregido", "the title stored"
        )
        stored = case_store.get_case(services.engine, case.code)
        assert stored is not None and stored.title == "Título corregido"
        last = case_store.history(services.engine, case.id)[-1]
        assert last.kind == "edit" and last.before == {"title": case.title} and last.note == "errata del cliente"
        assert "Título corregido" in screen.query_one(CaseTimeline).shown


async def test_a_correction_without_reason_keeps_the_dialog_open(services: Services) -> None:
    case = a_resolved_case(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open_case(case.code)
        await on_case(app, pilot, case.code)
        await pilot.press("E")
        await settle_until(pilot, lambda: isinstance(app.screen, EditCaseDialog), "the correction dialog")
        app.screen.query_one("#new-title", Input).value = "Otro"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditCaseDialog) and app.screen.query_one("#new-title", Input).value == "Otro"


async def test_the_palette_finds_a_case_by_code(services: Services) -> None:
    resolved = a_resolved_case(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*resolved.code[-5:])

        def listed() -> bool:
            options = app.screen.query("CommandList")
            return bool(options) and resolved.code in " ".join(
                str(option.prompt)
                for option in options.first()._options  # type: ignore[attr-defined]
            )

        await settle_until(pilot, listed, "the case in the palette")
        await pilot.press("enter")
        await on_case(app, pilot, resolved.code)


async def test_an_unknown_caller_becomes_a_contact_and_the_reporter_from_the_registration_form(
    services: Services,
) -> None:
    from jq_console.store import directory
    from jq_console.ui.screens.new_contact_dialog import NewContactDialog
    from jq_console.ui.screens.registration import RegistrationScreen

    client = next(c for c in directory.clients(services.engine) if c.service == "subscription" and c.up_to_date)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        form.query_one("#client-search", Input).value = client.name
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, NewContactDialog), "the new-contact dialog")
        dialog = app.screen
        dialog.query_one("#name", Input).value = "Pedro Bodega"
        dialog.query_one("#phone", Input).value = "310 555 1234"
        await pilot.press("ctrl+s")

        def chosen() -> bool:
            reporter = form.reporter()
            return reporter is not None and reporter.name == "Pedro Bodega"

        await settle_until(pilot, chosen, "the caller chosen as the reporter")
        reporter = form.reporter()
        assert reporter is not None and reporter.role == "other" and reporter.phone == "3105551234"
        assert "pendiente de verificación del USR" in str(form.query_one("#findings").render())


async def test_a_new_caller_becomes_the_reporter_of_an_open_case(services: Services) -> None:
    from jq_console.ui.screens.new_contact_dialog import NewContactDialog

    case = next(c for c in case_store.open_cases(services.engine) if c.verification == "valid")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open_case(case.code)
        screen = await on_case(app, pilot, case.code)
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, NewContactDialog), "the new-contact dialog")
        dialog = app.screen
        dialog.query_one("#name", Input).value = "Lucía Caja"
        dialog.query_one("#email", Input).value = "lucia@cliente.co"
        dialog.query_one("#as-reporter").value = True  # type: ignore[attr-defined]
        dialog.query_one("#reason", Input).value = "la que llamó fue Lucía"
        await pilot.press("ctrl+s")
        await settle_until(
            pilot, lambda: screen.case is not None and screen.case.reporter_name == "Lucía Caja", "the new reporter"
        )
        assert screen.case is not None and screen.case.verification == "pending"


async def test_the_editor_key_says_what_is_missing(
    services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without $EDITOR the dialog says to set it; with one, a console that cannot be suspended (the
    headless test driver) says so instead; the text typed stays either way."""
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    case = a_resolved_case(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open_case(case.code)
        await on_case(app, pilot, case.code)
        await pilot.press("N")
        await settle_until(pilot, lambda: isinstance(app.screen, ConversationDialog), "the conversation dialog")
        dialog = app.screen
        dialog.query_one("#text", TextArea).text = "borrador"
        await pilot.press("ctrl+g")
        assert "$EDITOR" in str(dialog.query_one("#dialog-error").render())
        editor = tmp_path / "editor.sh"
        editor.write_text('#!/bin/sh\nprintf "desde el editor" > "$1"\n', encoding="utf-8")
        editor.chmod(0o700)
        monkeypatch.setenv("EDITOR", str(editor))
        await pilot.press("ctrl+g")
        await settle(pilot)
        error = str(dialog.query_one("#dialog-error").render())
        text = dialog.query_one("#text", TextArea).text
        assert ("suspender" in error and text == "borrador") or text == "desde el editor", (error, text)
