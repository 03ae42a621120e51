"""The queue screen: filters, a cursor that stays on its case, live breaches announced once,
taking from the queue, the command palette, and who may open the console at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from office_support import counted_board
from pilot_support import queue_cases, queue_codes, settle
from test_hostile_console import screen_text
from textual.app import App
from textual.pilot import Pilot

from jq_console.application import admin
from jq_console.application.services import Services
from jq_console.cli import main
from jq_console.domain import lifecycle
from jq_console.store import cases as case_store
from jq_console.store import directory, moves, queue_sync
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.messages import QueueChanged
from jq_console.ui.screens.queue import QueueScreen
from jq_console.ui.widgets.queue_view import QueueView

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota")).timestamp()


@pytest.fixture
def clock() -> list[float]:
    return [NOW]


@pytest.fixture
def services(tmp_path: Path, clock: list[float]) -> Services:
    return demo_services(str(tmp_path / "queue.sqlite"), clock=lambda: clock[0])


async def on_queue(app: App[None], pilot: Pilot[None]) -> tuple[QueueScreen, QueueView]:
    """The queue screen and its list, once the console's first load is shown."""
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    return screen, screen.query_one(QueueView)


async def test_filters_narrow_the_queue_and_clear(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        _, view = await on_queue(app, pilot)
        total = len(view.rows)
        assert total == case_store.count_cases(services.engine, open_only=True) > 0
        await pilot.press("u")
        await settle(pilot)
        unassigned = queue_cases(services, view)
        assert unassigned and all(case.agent is None for case in unassigned) and len(unassigned) < total
        await pilot.press("u", "S")
        await settle(pilot)
        urgent = queue_cases(services, view)
        assert urgent and all(case.severity == "S3" for case in urgent) and len(urgent) < total
        await pilot.press("X")
        wanted = view.rows.code_at(3)
        await pilot.press("slash", *wanted[-5:])
        await settle(pilot)
        assert queue_codes(view) == [wanted]
        await pilot.press("escape", "X")
        await pilot.press("L")
        await settle(pilot)
        client = view.current.client_id  # type: ignore[union-attr]
        assert all(case.client_id == client for case in queue_cases(services, view))
        await pilot.press("X")
        assert len(view.rows) == total
        # Ranks are the place in the whole queue, and filtering does not renumber them.
        assert [view.rank_of(code) for code in queue_codes(view)[:3]] == [1, 2, 3]


async def test_a_filter_read_before_a_change_is_read_again_not_shown(services: Services, clock: list[float]) -> None:
    """A filter's cases are read in a thread; a change that reaches the queue meanwhile would be
    missing from them, so such a read is made again instead of shown."""
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, view = await on_queue(app, pilot)
        await pilot.press("u")
        await settle(pilot)
        before = list(view.rows.keys(0, len(view.rows)))
        target = queue_codes(view)[0]
        moves.apply(
            services.engine, services.runtime, target, "cmejia", lambda case: lifecycle.take(case, "cmejia", clock[0])
        )
        screen.poll()
        await settle(pilot)
        assert target not in queue_codes(view)  # moved out of the filter's keys with the change
        late = QueueScreen.FilterRead(screen.filter, before, screen.model.changes - 1)  # read before it
        screen.post_message(late)
        await settle(pilot)
        assert target not in queue_codes(view)
        expected = [
            case.code for case in case_store.open_cases(services.engine, services.runtime.policy) if not case.agent
        ]
        assert queue_codes(view) == expected


async def test_cursor_stays_on_its_case_when_the_queue_reloads(services: Services, clock: list[float]) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, view = await on_queue(app, pilot)
        await pilot.press("down", "down", "down", "down")
        chosen = view.current
        assert chosen is not None
        first = view.rows.case_at(0)
        assert first is not None
        # Another agent takes the first case: it moves, the cursor stays on the chosen case.
        changed = (
            moves.apply(
                services.engine,
                services.runtime,
                first.code,
                "lrestrepo",
                lambda case: lifecycle.take(case, "lrestrepo", clock[0]),
            )
            if first.agent is None
            else replace(first, severity="S1", version=first.version + 1)
        )
        screen.post_message(QueueChanged([changed], []))
        await settle(pilot)
        assert view.current is not None and view.current.code == chosen.code


async def test_take_from_the_queue_and_see_it_in_the_store(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        await pilot.press("u")
        await settle(pilot)
        code = view.current.code  # type: ignore[union-attr]
        await pilot.press("t")
        await settle(pilot)
        assert case_store.get_case(services.engine, code).agent == "ana"  # type: ignore[union-attr]
        assert code not in queue_codes(view)  # no longer unassigned


async def test_an_agent_disabled_while_the_console_is_open_is_refused_and_told_why(services: Services) -> None:
    """The role and the active flag are read by the take's own write, not when the console opened."""
    agent = next(a for a in directory.agents(services.engine) if a.active and a.role == "agent")
    app = create_app(replace(services, login=agent.login, role=agent.role), live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        await pilot.press("u")
        await settle(pilot)
        seen = view.current
        assert seen is not None and seen.agent is None
        admin.set_agent_active(services.engine, services.login, agent.login, False)  # an admin, elsewhere
        await pilot.press("t")
        await settle(pilot)
        texts = [n.message for n in app._notifications]
        assert f"El agente {agent.login} está deshabilitado; hable con un administrador." in texts
        after = case_store.get_case(services.engine, seen.code)
        assert after is not None and (after.agent, after.version) == (None, seen.version)
        assert seen.code in queue_codes(view)  # still waiting for someone


async def test_a_breach_during_the_session_is_announced_once(services: Services, clock: list[float]) -> None:
    app = create_app(services, live=False)
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        upcoming = sorted(
            (c.pending_due, c.code)
            for c in queue_cases(services, screen.query_one(QueueView))
            if c.pending_due is not None and c.pending_due > clock[0]
        )
        due, code = upcoming[0]
        clock[0] = due + 1
        screen.tick()
        await settle(pilot)
        screen.tick()
        await settle(pilot)
        texts = [n.message for n in app._notifications]
        assert sum(code in text for text in texts) == 1
        assert len(bells) >= 1 and code in screen.breaches.announced


async def test_every_footer_action_is_in_the_command_palette(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        names = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Nuevo caso (n)", "Míos (m)", "Buscar (/)", "Ayuda (?)", "Salir (q)"):
            assert expected in names
        await pilot.press("question_mark")
        await pilot.pause()
        assert "COLA" in str(app.screen.query_one("#help-text").render())


def test_a_login_that_is_not_an_agent_is_refused_without_opening(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SUDO_USER", raising=False)
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "intruso")
    code = main(["--db", str(tmp_path / "queue.sqlite")])
    assert code != 0
    err = capsys.readouterr().err
    assert "el usuario intruso no está registrado como agente" in err and "jq-console agent add intruso" in err


async def test_a_change_by_another_console_reaches_the_queue_by_itself(services: Services, clock: list[float]) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, view = await on_queue(app, pilot)
        before = queue_cases(services, view)
        target = next(case for case in before if case.agent is None)
        other = demo_services(str(Path(str(services.engine.url.database))), clock=lambda: clock[0])
        moves.apply(
            other.engine, other.runtime, target.code, "cmejia", lambda case: lifecycle.take(case, "cmejia", clock[0])
        )
        closing = next(
            case for case in before if case.status in ("assigned", "in_progress") and case.code != target.code
        )
        moves.apply(
            other.engine,
            other.runtime,
            closing.code,
            "cmejia",
            lambda case: lifecycle.invalidate(case, clock[0], "Duplicado"),
        )
        screen.poll()
        await settle(pilot)
        shown = queue_codes(view)
        assert closing.code not in shown
        assert len(view.rows) == case_store.count_cases(services.engine, open_only=True)
        # The taken case moved to its new place, and what the queue holds of it is as taken.
        assert shown.index(target.code) + 1 == screen.model.rank_of(target.code)
        assert [case.code for case in case_store.open_cases(services.engine, services.runtime.policy)] == shown
        held = screen.model.cases.get(target.code)
        assert held is None or held.agent == "cmejia"


async def test_a_client_renamed_and_behind_on_payments_shows_on_its_queue_lines(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        screen, view = await on_queue(app, pilot)
        on_screen = [case for index in view.on_screen() if (case := view.rows.case_at(index)) is not None]
        nits = [case.nit for case in on_screen if case.client_up_to_date]
        nit = max(set(nits), key=nits.count)
        codes = {case.code for case in queue_cases(services, view) if case.nit == nit}
        shown = next(y for y, case in enumerate(on_screen) if case.nit == nit)
        view.action_cursor(shown)
        await pilot.press("L")  # the queue narrowed to this client: its name in the status line
        await settle(pilot)
        admin.edit_client(services.engine, "ana", nit, name="Renombrada S.A.S.", up_to_date=False)  # another console
        screen.poll()
        await settle(pilot)
        assert set(queue_codes(view)) == codes
        edited = [case for code, case in screen.model.cases.items() if code in codes]
        assert edited and {(case.client_name, case.client_up_to_date) for case in edited} == {
            ("Renombrada S.A.S.", False)
        }
        queue_side = [line.split("│")[0] for line in screen_text(app).splitlines()]  # not the agents panel
        lines = [line for line in queue_side if line.split()[1:2] and line.split()[1] in codes]  # rank, code, ...
        assert lines and all("Renombrada" in line and " $ " in line for line in lines)
        assert screen.filter.client_name == "Renombrada S.A.S."
        assert "Renombrada S.A.S." in str(screen.query_one("#status-line").render())


async def test_a_long_queue_holds_every_key_and_in_full_only_the_cases_near_the_screen(
    tmp_path: Path, clock: list[float]
) -> None:
    """An office with years of history can have 10,000 cases open: the queue holds each one's key, and
    reads in full the cases it shows (and a page either side) as the cursor goes there."""
    services = demo_services(str(tmp_path / "long.sqlite"), cases=1200, clock=lambda: clock[0])
    in_order = case_store.open_cases(services.engine, services.runtime.policy)
    total = len(in_order)
    assert total > 300
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, view = await on_queue(app, pilot)
        screen.model.window = 100
        assert queue_codes(view) == [case.code for case in in_order]
        assert f"{total} de {total} casos abiertos" in str(screen.query_one("#status-line").render())
        assert view.current is not None and view.current.code == in_order[0].code
        view.action_jump(-1)
        await settle(pilot)
        last = in_order[-1]
        assert view.current is not None and view.current.code == last.code
        line = next(line for line in screen_text(app).splitlines() if last.code in line)
        assert line.split()[0] == str(total) and last.client_name.split()[0] in line
        held = set(screen.model.cases)
        assert last.code in held and in_order[0].code not in held and len(held) <= 7 * view.page_rows


async def test_a_look_that_fails_half_way_is_made_again_whole(
    services: Services, clock: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queue remembered the newest event it had seen before it read the cases of those events:
    when that read failed, the change was lost until some later check of every version, and the
    agents panel, counted from the queue, with it."""
    import asyncio

    from jq_console.ui.database_pulse import DatabasePulse
    from jq_console.ui.widgets.agents_panel import AgentsPanel

    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        pulse = DatabasePulse(services.engine)
        pulse.join(screen)
        await asyncio.to_thread(pulse.beat)
        await settle(pilot)
        target = next(case for case in screen.model.cases.values() if case.agent is None)
        other = demo_services(str(Path(str(services.engine.url.database))), clock=lambda: clock[0])
        moves.apply(
            other.engine, other.runtime, target.code, "cmejia", lambda case: lifecycle.take(case, "cmejia", clock[0])
        )
        reads = queue_sync.cases_by_code
        failures = [OSError("disk I/O error")]

        def failing(engine, codes):  # type: ignore[no-untyped-def]
            if failures:
                raise failures.pop()
            return reads(engine, codes)

        monkeypatch.setattr(queue_sync, "cases_by_code", failing)
        await asyncio.to_thread(pulse.beat)
        await settle(pilot)
        assert not failures and screen.model.cases[target.code].agent is None  # the read failed
        await asyncio.to_thread(pulse.beat)  # nothing changed since: the look is made again anyway
        await asyncio.to_thread(pulse.beat)  # and the panel's directory read comes at most a beat later
        await settle(pilot)
        assert screen.model.cases[target.code].agent == "cmejia"
        minutes = services.runtime.policy.away_after_minutes
        assert screen.query_one(AgentsPanel)._board == counted_board(services.engine, clock[0], minutes)
