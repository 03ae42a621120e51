"""The agent's day around a case: the timer that outlives the console, another console's change on
an open case screen, the owner told, close confirmation, a refused dialog that keeps its text, the
client beside the case, and a supervisor handing an absent agent's cases over in one action."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import answer_yes_if_asked, settle, settle_until, show_case
from textual.widgets import Input, OptionList, Static

from jq_console.application import admin, cases, supervision
from jq_console.application import timer as timers
from jq_console.application.services import Services
from jq_console.domain.cases import Case
from jq_console.i18n import t
from jq_console.store import cases as case_store
from jq_console.store import time_entries
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.timer_overrun_dialog import TimerOverrunDialog
from jq_console.ui.widgets.case_pulse import CasePulse
from jq_console.ui.widgets.case_timeline import CaseTimeline
from jq_console.ui.widgets.client_panel import ClientPanel
from jq_console.ui.widgets.queue_view import QueueView
from jq_console.ui.widgets.work_timer import running_timer

TZ = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)


class Clock:
    def __init__(self) -> None:
        self.now = NOW.timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "day.sqlite")


@pytest.fixture
def services(db: str, clock: Clock) -> Services:
    return demo_services(db, login="ana", clock=clock)


def first_open(services: Services, **wanted: object) -> Case:
    for case in case_store.open_cases(services.engine):
        if all(getattr(case, key) == value for key, value in wanted.items()) and case.verification != "pending":
            return case
    raise LookupError(wanted)


def pulse_text(screen: CaseScreen) -> str:
    return str(screen.query_one(CasePulse).render())


async def test_the_timer_survives_a_console_restart_and_asks_what_to_count_past_the_close(
    services: Services, db: str, clock: Clock
) -> None:
    code = first_open(services, status="in_progress", severity="S2").code  # the regular schedule: closes at 17:00
    first = create_app(services, live=False)
    async with first.run_test(size=(120, 40)) as pilot:
        await show_case(first, pilot, code)
        await pilot.press("T")
        await settle_until(pilot, lambda: running_timer(first) is not None, "the timer started")
    # The console closed without stopping the timer (a dropped SSH link): the database keeps it.
    stored = timers.timer_of(services.engine, services.runtime, "ana")
    assert stored is not None and (stored.code, stored.started_at) == (code, NOW.timestamp())

    clock.now += 8 * 3600  # 18:00, past the 17:00 close of the regular working day
    again = demo_services(db, login="ana", clock=clock)  # a new process on the same file
    second = create_app(again, live=False)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle_until(pilot, lambda: isinstance(second.screen, TimerOverrunDialog), "asked what to count")
        assert running_timer(second) is not None and running_timer(second).code == code  # type: ignore[union-attr]
        await pilot.press("f")  # only until the close: 10:00-17:00
        await settle_until(pilot, lambda: running_timer(second) is None, "the timer stopped")
        await settle(pilot)
    case = case_store.get_case(services.engine, code)
    assert case is not None
    assert time_entries.entries_of(services.engine, case.id)[-1].minutes == 7 * 60
    assert timers.timer_of(services.engine, services.runtime, "ana") is None


async def test_starting_work_offers_the_timer(services: Services) -> None:
    case = first_open(services, status="new")
    cases.take(services.engine, services.runtime, "ana", case.code)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_case(app, pilot, case.code)
        await pilot.press("i")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the timer offered")
        await pilot.press("y")
        await settle_until(pilot, lambda: running_timer(app) is not None, "the timer started")
    assert timers.timer_of(services.engine, services.runtime, "ana") is not None


async def test_another_consoles_take_appears_on_an_open_case_screen_with_who_did_it(services: Services) -> None:
    case = first_open(services, status="new")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        screen.poll_once()  # the watcher's first look: nothing is news yet
        await settle(pilot)
        assert screen.case is not None and screen.case.agent is None
        cases.take(services.engine, services.runtime, "cmejia", case.code)  # another console
        screen.poll_once()  # what the live console's thread does about once a second
        await settle_until(pilot, lambda: screen.case is not None and screen.case.agent == "cmejia", "the take shown")
        assert "cmejia tomó el caso" in pulse_text(screen)
        assert "take" not in {a.binding.action for a in screen.active_bindings.values() if a.enabled}


async def test_a_client_edited_meanwhile_shows_on_an_open_case_screen(services: Services) -> None:
    case = next(c for c in case_store.open_cases(services.engine) if c.client_up_to_date)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        screen.poll_once()  # the watcher's first look: nothing is news yet
        await settle(pilot)
        pulse = pulse_text(screen)
        admin.edit_client(services.engine, "ana", case.nit, name="Renombrada S.A.S.", up_to_date=False)
        screen.poll_once()
        await settle_until(
            pilot, lambda: screen.case is not None and screen.case.client_name == "Renombrada S.A.S.", "the rename"
        )
        assert screen.case is not None and not screen.case.client_up_to_date
        panel = str(screen.query_one(ClientPanel).query_one("#client-info", Static).render())
        assert "Renombrada S.A.S." in panel and t("live.client.behind") in panel
        assert pulse_text(screen) == pulse  # no line saying someone moved the case: nobody did
        # An edit that changes neither name nor payments (the licensed users) shows too.
        admin.edit_client(services.engine, "ana", case.nit, uc=37)
        screen.poll_once()
        info = screen.query_one(ClientPanel).query_one("#client-info", Static)
        await settle_until(pilot, lambda: "UC: 37" in str(info.render()), "the new UC beside the case")


async def test_the_owner_is_told_in_their_console_when_someone_else_acts_on_their_case(
    services: Services, db: str, clock: Clock
) -> None:
    case = first_open(services, status="in_progress", agent="jvargas")
    owner = create_app(demo_services(db, login="jvargas", clock=clock), live=False)
    async with owner.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        cases.resolve(services.engine, services.runtime, "ana", case.code, "Resuelto por la supervisora")
        owner.run_worker(owner.owner_watch.check, thread=True)
        await settle(pilot)
        texts = [n.message for n in owner._notifications]
        assert any(case.code in text and "ana resolvió" in text for text in texts), texts


async def test_acting_on_another_agents_case_asks_first(services: Services) -> None:
    case = first_open(services, status="in_progress", agent="jvargas")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_case(app, pilot, case.code)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "jvargas" in str(
            app.screen.query_one("#dialog-intro").render()
        )
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)  # said no: no dialog, nothing stored
    assert case_store.get_case(services.engine, case.code).status == "in_progress"  # type: ignore[union-attr]


async def test_closing_asks_for_confirmation(services: Services) -> None:
    case = first_open(services, status="in_progress", agent="jvargas")
    cases.take  # noqa: B018 - the case is resolved by its owner first
    cases.resolve(services.engine, services.runtime, "jvargas", case.code, "Listo")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_case(app, pilot, case.code)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # another agent's case: asked first
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # then: close it for good?
        assert "Cerrar el caso" in str(app.screen.query_one("#dialog-intro").render())
        await pilot.press("escape")
        await settle(pilot)
        assert case_store.get_case(services.engine, case.code).status == "resolved"  # type: ignore[union-attr]
        await pilot.press("c")
        assert await answer_yes_if_asked(pilot)
        await settle(pilot)
    assert case_store.get_case(services.engine, case.code).status == "closed"  # type: ignore[union-attr]


async def test_a_refused_dialog_keeps_what_was_typed_and_says_the_case_changed(services: Services) -> None:
    case = first_open(services, status="new")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        screen.poll_once()
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        app.screen.query_one("#reason", Input).value = "Duplicado del caso de ayer"
        cases.take(services.engine, services.runtime, "cmejia", case.code)  # meanwhile, elsewhere
        screen.poll_once()
        await settle_until(pilot, lambda: "cambió" in str(app.screen.query_one("#dialog-error").render()), "told")
        assert "cmejia" in str(app.screen.query_one("#dialog-error").render())
        await pilot.press("ctrl+s")  # decided on the copy seen: refused, the dialog opens again
        await settle_until(pilot, lambda: isinstance(app.screen, ReasonDialog), "the dialog again")
        dialog = app.screen
        assert dialog.query_one("#reason", Input).value == "Duplicado del caso de ayer"
        assert "Otro agente cambió el caso" in str(dialog.query_one("#dialog-error").render())
    assert case_store.get_case(services.engine, case.code).status == "assigned"  # type: ignore[union-attr]


async def test_the_client_is_beside_the_case_and_its_other_cases_open_with_enter(services: Services) -> None:
    by_client: dict[int, list[Case]] = {}
    for case in case_store.open_cases(services.engine):
        by_client.setdefault(case.client_id, []).append(case)
    several = next(group for group in by_client.values() if len(group) >= 2)
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await show_case(app, pilot, several[0].code)
        info = str(screen.query_one("#client-info").render())
        assert several[0].nit in info and "USR" in info and "Pagos" in info
        options = screen.query_one("#client-cases", OptionList)
        codes = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert several[1].code in codes and several[0].code not in codes
        await pilot.press("f2")
        options.highlighted = codes.index(several[1].code)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.code == several[1].code


async def test_a_supervisor_hands_an_absent_agents_cases_over_in_one_action(services: Services) -> None:
    held = [c.code for c in case_store.open_cases(services.engine) if c.agent == "jvargas"]
    assert len(held) >= 2
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        for code in held:
            view.cursor = view.rows.index_of_code(code) or 0
            await pilot.press("space")
        await pilot.press("R")
        await settle_until(pilot, lambda: bool(app.screen.query("#agent")), "the reassign dialog")
        agents = app.screen.query_one("#agent", OptionList)
        agents.highlighted = next(
            i for i in range(agents.option_count) if agents.get_option_at_index(i).id == "lrestrepo"
        )
        app.screen.query_one("#note", Input).value = "Julián está de vacaciones"
        await pilot.press("ctrl+s")
        await settle(pilot)
    for code in held:
        moved = case_store.get_case(services.engine, code)
        assert moved is not None and moved.agent == "lrestrepo"
        assert case_store.history(services.engine, moved.id)[-1].note == "Julián está de vacaciones"


def test_closing_several_resolved_cases_closes_only_the_resolved(services: Services) -> None:
    a, b = [c for c in case_store.open_cases(services.engine) if c.status == "in_progress"][:2]
    cases.resolve(services.engine, services.runtime, "ana", a.code, "Listo")
    outcome = supervision.close_resolved(services.engine, services.runtime, "ana", [a.code, b.code])
    assert outcome.done == [a.code] and [code for code, _ in outcome.refused] == [b.code]
    assert case_store.get_case(services.engine, a.code).status == "closed"  # type: ignore[union-attr]


async def test_a_saved_study_shows_on_its_case_and_leaving_the_study_unsaved_asks(services: Services) -> None:
    from jq_console.application import work as work_log
    from jq_console.domain.quotes import QuoteLine

    case = first_open(services, category="feature_request")
    work_log.decide_study(
        services.engine,
        services.runtime,
        "ana",
        case.code,
        "custom_development",
        "Exportar a Excel",
        "",
        [QuoteLine("Desarrollo", 600)],
    )
    stored = case_store.get_case(services.engine, case.code)
    assert stored is not None and stored.version == case.version + 1
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        assert "Estudio: Desarrollo a la medida, cotización $" in pulse_text(screen)
        assert "decidió el estudio" in screen.query_one(CaseTimeline).shown
        await pilot.press("e")
        await settle(pilot)
        study = app.screen
        study.query_one("#study-note", Input).value = "Pendiente de precio"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is study and study.query_one("#study-note", Input).value == "Pendiente de precio"


async def test_finished_cases_show_their_outcome_not_a_countdown(services: Services) -> None:
    case = first_open(services, status="new")
    cases.invalidate(services.engine, services.runtime, "ana", case.code, "Llamada equivocada")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        text = pulse_text(screen)
        assert "Inválido" in text and "ana" in text and "Llamada equivocada" in text
        assert "Asignación" not in text and not screen.query_one("#case-clocks").display


def test_a_deadline_met_exactly_at_its_instant_is_met_not_breached(services: Services) -> None:
    from jq_console.domain.sla import ClockState
    from jq_console.presentation.clocks import Clock as ShownClock
    from jq_console.presentation.clocks import clock_text

    engine = services.runtime.engine
    target = engine.target("S2", "resolution")
    due = datetime(2026, 12, 7, 17, 0, tzinfo=TZ).timestamp() - 1e-6  # float arithmetic, a hair early
    five = datetime(2026, 12, 7, 17, 0, tzinfo=TZ).timestamp()
    assert engine.state(target, five, due, met_at=five) is ClockState.MET
    assert engine.state(target, five, due) is not ClockState.BREACHED
    left = engine.remaining(target, five, due)
    assert clock_text(ShownClock("resolution", engine.state(target, five, due), left, due, False)) == "0m 00s"
    assert engine.state(target, five + 60, due) is ClockState.BREACHED


async def test_a_supervisor_closes_marked_resolved_cases_from_past_work(services: Services) -> None:
    """The queue lists only open cases, so resolved ones are closed from past work (`h`): space
    marks them, `C` asks once and closes every marked one; an unmarked resolved case stays."""
    from jq_console.application import finder
    from jq_console.ui.screens.case_finder import CaseFinderScreen

    resolved = [c.code for c in finder.find(services.engine, "", "resolved").cases]
    assert len(resolved) >= 3
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle_until(pilot, lambda: isinstance(app.screen, CaseFinderScreen), "past work")
        screen = app.screen
        assert isinstance(screen, CaseFinderScreen)
        await settle_until(pilot, lambda: bool(screen.cases), "the resolved cases listed")
        assert [c.code for c in screen.cases] == resolved
        screen.query_one("#finder-list", OptionList).focus()
        await pilot.press("space", "space")  # the first two, the cursor moving down after each
        assert screen.marked == set(resolved[:2])
        await pilot.press("C")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked before closing")
        assert {case_store.get_case(services.engine, code).status for code in resolved[:2]} == {"resolved"}  # type: ignore[union-attr]
        await pilot.press("y")
        await settle_until(pilot, lambda: not screen.marked, "the marks cleared")
        await settle_until(pilot, lambda: resolved[0] not in [c.code for c in screen.cases], "the list reloaded")
    for code in resolved[:2]:
        closed = case_store.get_case(services.engine, code)
        assert closed is not None and closed.status == "closed"
        assert case_store.history(services.engine, closed.id)[-1].kind == "close"
    assert case_store.get_case(services.engine, resolved[2]).status == "resolved"  # type: ignore[union-attr]


async def test_past_work_offers_no_marks_to_an_agent(services: Services, db: str, clock: Clock) -> None:
    from jq_console.ui.screens.case_finder import CaseFinderScreen

    agent = demo_services(db, login="jvargas", clock=clock)  # the file made by `services`: an agent
    assert not agent.is_supervisor
    app = create_app(agent, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle_until(pilot, lambda: isinstance(app.screen, CaseFinderScreen), "past work")
        screen = app.screen
        assert isinstance(screen, CaseFinderScreen)
        await settle_until(pilot, lambda: bool(screen.cases), "the resolved cases listed")
        screen.query_one("#finder-list", OptionList).focus()
        await pilot.press("space", "C")
        await settle(pilot)
        assert screen.marked == set() and app.screen is screen


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_the_queue_footer_shows_every_key_whole_at_80_columns(services: Services, lang: str) -> None:
    from textual.widgets._footer import FooterKey

    from jq_console.i18n import set_language, t

    set_language(lang)
    try:
        app = create_app(services, live=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            keys = list(app.screen.query(FooterKey))
            assert {"enter", "n", "m", "slash", "h", "question_mark", "q"} <= {key.key for key in keys}
            cut = [key.key for key in keys if key.region.right > 80 or key.region.width < len(key.description)]
            assert cut == [], cut
            # Room left for `t`, shown when the highlighted case can be taken.
            assert max(key.region.right for key in keys) + len(t("ui.key.take")) + 3 <= 80
    finally:
        set_language("es")


async def test_the_owners_notice_names_the_case_once(services: Services, db: str, clock: Clock) -> None:
    """It read "ana asignó el caso en su caso JQ-…" ("assigned the case on your case")."""
    case = first_open(services, status="new")
    owner = create_app(demo_services(db, login="jvargas", clock=clock), live=False)
    async with owner.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        owner.run_worker(owner.owner_watch.check, thread=True)  # the look before: what came before is not news
        await settle(pilot)
        cases.assign(services.engine, services.runtime, "ana", case.code, "jvargas")
        owner.run_worker(owner.owner_watch.check, thread=True)
        await settle(pilot)
        assert [n.message for n in owner._notifications] == [f"{case.code}: ana asignó el caso."]


async def test_a_timer_stopped_within_a_minute_is_told_once(services: Services, clock: Clock) -> None:
    """It said "Less than a minute: nothing was logged." and then "The timer of ... was not logged."."""
    code = first_open(services, status="new").code
    cases.take(services.engine, services.runtime, "ana", code)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_case(app, pilot, code)
        await pilot.press("T")
        await settle_until(pilot, lambda: running_timer(app) is not None, "the timer started")
        clock.now += 20
        await pilot.press("T")
        await settle_until(pilot, lambda: running_timer(app) is None, "the timer stopped")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert [n.message for n in app._notifications if "logged" in n.message or "registr" in n.message] == [
            t("timer.too_short")
        ]
    assert timers.timer_of(services.engine, services.runtime, "ana") is None
