"""The case screen's "assign to…": offered to supervisors only, the dialog lists the active agents
with the holder marked and not choosable, the move reaches the store and the history, Escape
changes nothing, and a refused move says why and offers the dialog again with what was typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle
from pilot_support import show_case as show
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain import lifecycle
from jq_console.domain.cases import Case
from jq_console.domain.vocabulary import AgentRole
from jq_console.store import cases as case_store
from jq_console.store import directory, moves
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.assign_dialog import AssignDialog
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.widgets.case_timeline import CaseTimeline

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def admin(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "assign.sqlite"), clock=frozen_clock(NOW))


def as_user(services: Services, login: str, role: AgentRole) -> Services:
    return replace(services, login=login, role=role)


def held_case(services: Services) -> Case:
    for case in case_store.open_cases(services.engine):
        if case.agent is not None and case.status in ("assigned", "in_progress"):
            return case
    raise LookupError("no open case with an agent")


async def open_dialog(app: JQConsoleApp, pilot: Pilot[None]) -> AssignDialog:
    await pilot.press("p")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, AssignDialog)
    return dialog


def pick(dialog: AssignDialog, login: str) -> None:
    agents = dialog.query_one("#agent", OptionList)
    agents.highlighted = agents.get_option_index(login)


def unchanged(services: Services, case: Case) -> bool:
    stored = case_store.get_case(services.engine, case.code)
    return stored is not None and (stored.agent, stored.status, stored.version) == (
        case.agent,
        case.status,
        case.version,
    )


def offered(screen: CaseScreen) -> set[str]:
    return {active.binding.action for active in screen.active_bindings.values()}


async def test_supervisor_reassigns_through_the_dialog(admin: Services) -> None:
    case = held_case(admin)
    target = next(a.login for a in directory.agents(admin.engine) if a.active and a.login != case.agent)
    app = create_app(as_user(admin, "sortiz", "supervisor"), live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show(app, pilot, case.code)
        assert "assign" in offered(screen)
        dialog = await open_dialog(app, pilot)
        agents = dialog.query_one("#agent", OptionList)
        logins = [agents.get_option_at_index(i).id for i in range(agents.option_count)]
        active = sorted(a.login for a in directory.agents(admin.engine) if a.active)
        assert logins == active  # every active agent, once
        pick(dialog, target)
        dialog.query_one("#note", Input).value = "Conoce el módulo de nómina"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        after = case_store.get_case(admin.engine, case.code)
        assert after is not None and after.agent == target and after.version == case.version + 1
        last = case_store.history(admin.engine, case.id)[-1]
        assert (last.kind, last.actor, last.note) == ("assign", "sortiz", "Conoce el módulo de nómina")
        assert (last.before["agent"], last.after["agent"]) == (case.agent, target)
        history = screen.query_one("#case-history", CaseTimeline).shown
        assert f"asignó el caso a {target} (lo tenía {case.agent}) — Conoce el módulo de nómina" in history


async def test_an_agent_is_not_offered_the_move(admin: Services) -> None:
    case = held_case(admin)
    app = create_app(as_user(admin, str(case.agent), "agent"), live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show(app, pilot, case.code)
        assert "assign" not in offered(screen) and "resolve" in offered(screen)
        await pilot.press("p")
        await settle(pilot)
        assert app.screen is screen
        assert unchanged(admin, case)


async def test_the_holder_is_marked_and_cannot_be_chosen(admin: Services) -> None:
    case = held_case(admin)
    app = create_app(as_user(admin, "sortiz", "supervisor"), live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(app, pilot, case.code)
        dialog = await open_dialog(app, pilot)
        agents = dialog.query_one("#agent", OptionList)
        holder = agents.get_option(str(case.agent))
        assert holder.disabled and "← lo tiene" in str(holder.prompt)
        assert agents.highlighted_option is not None and agents.highlighted_option.id != case.agent
        for _ in range(agents.option_count):  # walking the whole list never lands on the holder
            await pilot.press("down")
            assert agents.highlighted_option is not None and agents.highlighted_option.id != case.agent
        pick(dialog, str(case.agent))  # even if forced, it is refused in the dialog
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert f"ya lo tiene {case.agent}" in str(dialog.query_one("#dialog-error").render())
        assert unchanged(admin, case)


async def test_escape_changes_nothing(admin: Services) -> None:
    case = held_case(admin)
    app = create_app(as_user(admin, "sortiz", "supervisor"), live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show(app, pilot, case.code)
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#note", Input).value = "no importa"
        await pilot.press("escape")
        await settle(pilot)
        asked = app.screen
        assert isinstance(asked, ConfirmDialog)  # a typed note is not thrown away unasked
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert unchanged(admin, case)
        assert [e.kind for e in case_store.history(admin.engine, case.id)].count("assign") == 0


async def test_a_stale_copy_is_refused_in_the_dialog_which_keeps_the_choice(admin: Services) -> None:
    case = held_case(admin)
    others = [a.login for a in directory.agents(admin.engine) if a.active and a.login != case.agent]
    elsewhere, wanted = others[0], others[1]
    app = create_app(as_user(admin, "sortiz", "supervisor"), live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show(app, pilot, case.code)
        dialog = await open_dialog(app, pilot)
        moves.apply(
            admin.engine,
            admin.runtime,
            case.code,
            "ana",  # another supervisor, meanwhile
            lambda c: lifecycle.assign(c, elsewhere, NOW.timestamp(), "turno"),
        )
        pick(dialog, wanted)
        dialog.query_one("#note", Input).value = "Lo pidió el cliente"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
        stored = case_store.get_case(admin.engine, case.code)
        assert stored is not None and stored.agent == elsewhere  # the other move stands
        again = app.screen
        assert again is dialog  # still open, the refusal told inside it
        assert screen.case is not None and screen.case.agent == elsewhere  # the screen reloaded
        assert again.query_one("#note", Input).value == "Lo pidió el cliente"
        assert again.query_one("#agent", OptionList).highlighted_option.id == wanted  # type: ignore[union-attr]
        assert again.query_one("#agent", OptionList).get_option(elsewhere).disabled  # the new holder
        assert "cambió" in str(again.query_one("#dialog-error").render())
        await pilot.press("ctrl+s")  # repeating it on the fresh copy goes through
        await settle(pilot)
        final = case_store.get_case(admin.engine, case.code)
        assert final is not None and final.agent == wanted
        assert case_store.history(admin.engine, case.id)[-1].note == "Lo pidió el cliente"


async def test_an_agent_disabled_meanwhile_is_refused_by_the_store(admin: Services) -> None:
    case = held_case(admin)
    target = next(
        a.login for a in directory.agents(admin.engine) if a.active and a.login not in (case.agent, "ana", "sortiz")
    )
    app = create_app(as_user(admin, "sortiz", "supervisor"), live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(app, pilot, case.code)
        dialog = await open_dialog(app, pilot)
        directory.set_agent(admin.engine, target, active=False)
        pick(dialog, target)
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
        assert unchanged(admin, case)
        again = app.screen
        assert again is dialog
        assert f"El agente {target} está deshabilitado" in str(again.query_one("#dialog-error").render())
        logins = [o.id for o in again.query_one("#agent", OptionList).options]
        assert target not in logins  # the list is read again: only active agents
