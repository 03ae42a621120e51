"""Time entries: logged from the CLI and the work timer, corrected only by new entries, never rewritten."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, workers_done
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from textual import events
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from jq_console.application.services import Services
from jq_console.bootstrap import load_runtime
from jq_console.cli import main
from jq_console.domain.billing import timer_minutes, working_day_end
from jq_console.domain.cases import Case, Refused
from jq_console.store import billing as billing_store
from jq_console.store import cases as case_store
from jq_console.store import time_entries
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.timer_overrun_dialog import TimerOverrunDialog
from jq_console.ui.widgets.work_timer import TimerBadge, WorkTimer, running_timer

TZ = ZoneInfo("America/Bogota")


def at(value: str) -> float:
    return datetime.fromisoformat(value).replace(tzinfo=TZ).timestamp()


class Clock:
    def __init__(self, start: str) -> None:
        self.now = at(start)

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock("2026-12-07T10:00")


@pytest.fixture
def services(tmp_path: Path, clock: Clock) -> Services:
    return demo_services(str(tmp_path / "time.sqlite"), login="ana", clock=clock)


def open_case(services: Services, severity: str = "S2") -> str:
    cases = [
        c for c in case_store.open_cases(services.engine) if c.severity == severity and c.verification != "pending"
    ]
    return cases[0].code


def test_working_day_ends_at_the_schedules_last_closing() -> None:
    policy = load_runtime().policy
    regular, urgency = policy.schedules["regular"].week, policy.schedules["urgency"].week
    assert working_day_end(regular, TZ, at("2026-12-07T10:00")) == at("2026-12-07T17:00")
    assert working_day_end(urgency, TZ, at("2026-12-07T10:00")) == at("2026-12-07T20:00")
    # Started after closing, or on a Sunday: the day ends at midnight.
    assert working_day_end(regular, TZ, at("2026-12-07T18:30")) == at("2026-12-08T00:00")
    assert working_day_end(regular, TZ, at("2026-12-06T11:00")) == at("2026-12-07T00:00")
    assert (timer_minutes(0, 89), timer_minutes(0, 90), timer_minutes(0, 29)) == (1, 2, 0)


def case_to_log_on(services: Services, monkeypatch: pytest.MonkeyPatch) -> tuple[Case, int]:
    """An open case to log work on with the `log` command, as ana (a sandbox names who is at the
    keyboard), and how many entries it has so far."""
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "ana")
    case = case_store.get_case(services.engine, open_case(services))
    assert case is not None
    return case, len(time_entries.entries_of(services.engine, case.id))


def test_cli_logs_durations_in_every_format(services: Services, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    case, before = case_to_log_on(services, monkeypatch)
    code, db = case.code, str(tmp_path / "time.sqlite")
    for duration, minutes in (("45m", 45), ("1h", 60), ("1h30m", 90), ("1:30", 90)):
        assert main(["log", code, duration, "revisión", "--db", db, "--now", "2026-12-07T10:00"]) == 0
        assert f"{minutes} min" in capsys.readouterr().out
    assert main(["log", code, "1:30", "x", "--db", db, "--start", "2026-12-04T09:00", "--now", "2026-12-07T10:00"]) == 0
    # Work that would end after now (09:00 + 1:30 > 10:00) is not logged.
    assert main(["log", code, "1:30", "x", "--db", db, "--start", "2026-12-07T09:00", "--now", "2026-12-07T10:00"]) == 2
    assert "no puede terminar después de ahora" in capsys.readouterr().err
    entries = time_entries.entries_of(services.engine, case.id)[before:]
    assert [e.minutes for e in entries] == [45, 60, 90, 90, 90]
    assert entries[0].started_at == at("2026-12-07T10:00") - 45 * 60  # by default the work just ended
    assert entries[-1].started_at == at("2026-12-04T09:00")
    assert main(["log", code, "90x", "x", "--db", db]) == 2
    assert "duración inválida" in capsys.readouterr().err
    assert len(time_entries.entries_of(services.engine, case.id)) == before + 5


def test_cli_refuses_work_that_ended_long_before_the_case_was_opened(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A start mistyped by years would bill a month the case never lived in: refused, nothing
    written, and the sentence names the opening. The call a case was registered after is logged: up
    to the shipped policy's 24 hours before the opening's minute, the one the sentence shows."""
    case, before = case_to_log_on(services, monkeypatch)
    code, db = case.code, str(tmp_path / "time.sqlite")
    opened = datetime.fromtimestamp(case.opened_at, TZ).replace(second=0, microsecond=0)
    now = ["--now", "2026-12-07T10:00"]
    assert main(["log", code, "1h", "x", "--db", db, "--start", "2020-01-06T10:00", *now]) == 1
    assert f"El caso {code} se abrió el {opened:%Y-%m-%dT%H:%M}" in capsys.readouterr().err
    early = opened - timedelta(hours=24, minutes=20)  # 20 minutes of work that end 24 hours before
    assert main(["log", code, "19m", "x", "--db", db, "--start", f"{early:%Y-%m-%dT%H:%M}", *now]) == 1
    assert main(["log", code, "20m", "x", "--db", db, "--start", f"{early:%Y-%m-%dT%H:%M}", *now]) == 0
    assert [entry.minutes for entry in time_entries.entries_of(services.engine, case.id)[before:]] == [20]


def test_a_correction_cannot_make_an_entry_longer_than_a_day_nor_end_after_now(services: Services) -> None:
    """A correction adding time was not bounded: twice +1440 made a 20-minute entry 48 h 20 min
    long, past both the 24 hours an entry lasts and now. The corrected total is held to both."""
    code = open_case(services)
    engine = services.engine
    case = case_store.get_case(engine, code)
    assert case is not None
    now = at("2026-12-07T10:00")
    started = now - 3 * 3600  # three hours ago: 20 minutes of work, corrected
    entry = time_entries.log_work(engine, code, "ana", started, 20, "trabajo", now)
    for minutes in (24 * 60 - 19, 161):  # a total of 24 h 1 min; one that ends a minute after now
        with pytest.raises(Refused) as refusal:
            billing_store.correct_entry(engine, code, entry.id, minutes, "ana", "más", now)
        assert refusal.value.code == "billing.correction_too_long"
        assert refusal.value.params == {"entry": entry.id, "hours": 24}
    added = billing_store.correct_entry(engine, code, entry.id, 160, "ana", "más", now)  # ends now
    assert added.minutes == 160
    with pytest.raises(Refused):
        billing_store.correct_entry(engine, code, entry.id, 1, "ana", "más", now)


def test_corrections_are_new_entries_and_history_is_never_rewritten(services: Services) -> None:
    code = open_case(services)
    engine = services.engine
    case = case_store.get_case(engine, code)
    assert case is not None
    original = time_entries.log_work(engine, code, "ana", case.opened_at, 50, "trabajo", at("2026-12-07T10:00"))
    correction = billing_store.correct_entry(engine, code, original.id, -20, "ana", "sobraba", at("2026-12-07T10:05"))
    assert correction.corrects_id == original.id and correction.minutes == -20
    assert correction.started_at == original.started_at  # nets in the month and year of the work
    with pytest.raises(Refused) as refusal:
        billing_store.correct_entry(engine, code, original.id, -31, "ana", "demasiado", at("2026-12-07T10:06"))
    assert refusal.value.code == "billing.correction_too_large"
    with pytest.raises(Refused) as refusal:
        billing_store.correct_entry(engine, code, correction.id, -1, "ana", "x", at("2026-12-07T10:06"))
    assert refusal.value.code == "billing.entry_not_found"
    with engine.begin() as connection, pytest.raises(DatabaseError):
        connection.execute(text("UPDATE time_entry SET minutes = 1 WHERE id = :id"), {"id": original.id})
    with engine.begin() as connection, pytest.raises(DatabaseError):
        connection.execute(text("DELETE FROM time_entry WHERE id = :id"), {"id": original.id})
    case = case_store.get_case(engine, code)
    assert case is not None
    mine = [e for e in time_entries.entries_of(engine, case.id) if e.id in (original.id, correction.id)]
    assert [e.minutes for e in mine] == [50, -20]


class CaseLike(Screen[None]):
    """Stands for the case screen: a work timer for one case."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        yield Static(self.code)
        yield WorkTimer(self.code, id="timer")


class Elsewhere(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("cola")


class TimerApp(JQConsoleApp):
    """The console app (which asks about a run past the day's end) on a stand-in case screen."""

    def __init__(self, services: Services, code: str) -> None:
        super().__init__(services, live=False)
        self.code = code

    # Textual hands the event to a handler that asks for it; preventing the default keeps the
    # console's own on_mount (the queue) from running: the stand-in case screen comes up instead.
    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()
        self.push_screen(CaseLike(self.code))


async def test_timer_stays_visible_on_other_screens_and_becomes_an_entry(services: Services, clock: Clock) -> None:
    code = open_case(services)
    case = case_store.get_case(services.engine, code)
    assert case is not None
    before = len(time_entries.entries_of(services.engine, case.id))
    app = TimerApp(services, code)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(WorkTimer).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert running_timer(app) is not None and running_timer(app).code == code  # type: ignore[union-attr]
        clock.now += 42 * 60
        app.push_screen(Elsewhere())
        await settle(pilot)
        badge = app.screen.query_one(TimerBadge)
        badge.refresh_text()
        assert code in str(badge.render()) and "00:42:00" in str(badge.render())
        await pilot.click(TimerBadge)
        await settle(pilot)
        assert running_timer(app) is None and not app.screen.query(TimerBadge)
    entries = time_entries.entries_of(services.engine, case.id)
    assert len(entries) == before + 1 and entries[-1].minutes == 42
    assert entries[-1].started_at == at("2026-12-07T10:00")


def s2_case(services: Services) -> tuple[str, int, int]:
    """An open S2 case (the regular schedule: the day ends at 17:00), its id and its entries so far."""
    code = open_case(services, "S2")
    case = case_store.get_case(services.engine, code)
    assert case is not None
    return code, case.id, len(time_entries.entries_of(services.engine, case.id))


async def stop_timer_at(app: TimerApp, pilot: Pilot[None], clock: Clock, until: str, shown: str = "") -> None:
    """Start the timer on the app's case, move the clock to `until`, past the day's end, and stop it:
    the console asks what to count. `shown`: what the timer says of that day's end meanwhile."""
    await settle(pilot)
    timer = app.screen.query_one(WorkTimer)
    timer.focus()
    await pilot.press("enter")
    await settle(pilot)
    clock.now = at(until)
    timer.refresh_text()
    assert shown in str(timer.render())
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, TimerOverrunDialog)


@pytest.mark.parametrize(("choice", "expected"), [("f", 7 * 60), ("t", 9 * 60), ("escape", None)])
async def test_timer_left_past_the_end_of_the_day_asks_before_counting(
    services: Services, clock: Clock, choice: str, expected: int | None
) -> None:
    code, case_id, before = s2_case(services)
    app = TimerApp(services, code)
    async with app.run_test(size=(100, 30)) as pilot:
        await stop_timer_at(app, pilot, clock, "2026-12-07T19:00", shown="17:00")
        await pilot.press(choice)
        await settle(pilot)
        assert running_timer(app) is None
    entries = time_entries.entries_of(services.engine, case_id)
    if expected is None:
        assert len(entries) == before
    else:
        assert len(entries) == before + 1 and entries[-1].minutes == expected


async def test_a_timer_counted_whole_past_a_day_is_refused_and_asked_again(services: Services, clock: Clock) -> None:
    """Left running from Monday 10:00 to Wednesday 19:00, "count it all" would be one entry of 57
    hours: refused with the sentence, and the timer is still there, stored and shown, with the
    question asked again, so the agent counts it up to the end of the day instead."""
    code, case_id, before = s2_case(services)
    app = TimerApp(services, code)
    async with app.run_test(size=(100, 30)) as pilot:
        await stop_timer_at(app, pilot, clock, "2026-12-09T19:00")
        await pilot.press("t")  # count it all
        await settle(pilot)
        await settle(pilot)
        assert any("a lo sumo 24 horas" in str(note.message) for note in app._notifications)
        assert running_timer(app) is not None and running_timer(app).code == code  # type: ignore[union-attr]
        assert isinstance(app.screen, TimerOverrunDialog)  # asked again
        await pilot.press("f")  # up to the end of Monday's working day
        await settle(pilot)
        assert running_timer(app) is None
    entries = time_entries.entries_of(services.engine, case_id)
    assert len(entries) == before + 1 and entries[-1].minutes == 7 * 60


def test_a_closed_cases_billed_time_can_still_be_corrected(services: Services) -> None:
    engine = services.engine
    start, end = at("2026-09-01T00:00"), at("2026-12-01T00:00")
    item = next(
        w
        for w in billing_store.work_between(engine, start, end)
        if w.corrects_id is None and _status(engine, w.case_code) == "closed"
    )
    with pytest.raises(Refused):  # new work is not logged on a closed case...
        time_entries.log_work(engine, item.case_code, "ana", item.started_at, 10, "x", at("2026-12-07T10:00"))
    fix = billing_store.correct_entry(
        engine, item.case_code, item.entry_id, -item.minutes, "ana", "no era de este caso", at("2026-12-07T10:00")
    )  # ...but its billed time can be corrected
    assert fix.minutes == -item.minutes and fix.started_at == item.started_at
    case = case_store.get_case(engine, item.case_code)
    assert case is not None and case_store.history(engine, case.id)[-1].kind == "correct_time"


def case_with_entries(services: Services) -> tuple[str, int, int]:
    """A new S2 case: its code, its id and how many time entries it has."""
    code = open_case(services, "S2")
    case = case_store.get_case(services.engine, code)
    assert case is not None
    return code, case.id, len(time_entries.entries_of(services.engine, case.id))


async def timer_started_on(app: JQConsoleApp, pilot: Pilot[None], code: str) -> Screen[object]:
    """The queue, once `code`'s case screen was opened over it and its timer started with T."""
    from jq_console.ui.screens.case import CaseScreen

    await settle(pilot)
    queue = app.screen
    app.push_screen(CaseScreen(code))
    await settle(pilot)
    await pilot.press("T")
    await settle(pilot)
    assert running_timer(app) is not None
    return queue


async def test_case_screen_timer_key_logs_the_run_and_the_queue_shows_it_meanwhile(
    services: Services, clock: Clock
) -> None:
    from jq_console.ui.screens.case import CaseScreen

    code, case_id, before = case_with_entries(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await timer_started_on(app, pilot, code)
        clock.now += 25 * 60
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is queue
        badge = queue.query_one(TimerBadge)
        badge.refresh_text()
        assert code in str(badge.render()) and "00:25:00" in str(badge.render())
        app.push_screen(CaseScreen(code))
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert running_timer(app) is None and not queue.query(TimerBadge)
        screen = app.screen
        assert isinstance(screen, CaseScreen) and len(screen.entries) == before + 1
    entries = time_entries.entries_of(services.engine, case_id)
    assert entries[-1].minutes == 25 and entries[-1].agent == "ana"


async def test_t_on_the_queue_stops_the_running_timer_and_does_nothing_without_one(
    services: Services, clock: Clock
) -> None:
    code, case_id, before = case_with_entries(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        queue = app.screen
        await pilot.press("T")  # no timer runs: nothing happens, nothing is taken
        await settle(pilot)
        assert app.screen is queue and running_timer(app) is None
        assert len(time_entries.entries_of(services.engine, case_id)) == before
        assert await timer_started_on(app, pilot, code) is queue
        clock.now += 20 * 60
        await pilot.press("escape")
        await settle(pilot)
        badge = queue.query_one(TimerBadge)
        badge.refresh_text()
        assert "T: " in str(badge.render())  # the badge names the key that stops it here
        commands = [command.title for command in app.get_system_commands(queue)]
        assert "Detener el cronómetro (T)" in commands  # and the palette offers it
        await pilot.press("T")
        await workers_done(app)
        await settle(pilot)
        assert app.screen is queue and running_timer(app) is None and not queue.query(TimerBadge)
    entries = time_entries.entries_of(services.engine, case_id)
    assert len(entries) == before + 1 and entries[-1].minutes == 20


async def test_quitting_with_a_running_timer_asks_first(services: Services, clock: Clock) -> None:
    from jq_console.ui.screens.case import CaseScreen
    from jq_console.ui.screens.quit_dialog import QuitWithTimerDialog

    code = open_case(services, "S2")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(code))
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        clock.now += 10 * 60
        await app.run_action("quit")
        await settle(pilot)
        assert isinstance(app.screen, QuitWithTimerDialog)
        box = app.screen.query_one("#dialog")  # styled like every dialog: a bordered box, centred
        assert box.styles.border.top[0] == "round" and box.region.x > 0 and box.region.right < 120
        await pilot.press("n")  # stay: the timer keeps running and is still seen
        await settle(pilot)
        assert not isinstance(app.screen, QuitWithTimerDialog) and running_timer(app) is not None
        await app.run_action("quit")
        await settle(pilot)
        await pilot.press("s")  # quit anyway
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


def test_cli_log_refuses_a_login_that_is_not_an_agent(
    services: Services, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(services.engine.url).removeprefix("sqlite:///")
    code = open_case(services)
    case = case_store.get_case(services.engine, code)
    assert case is not None
    before = len(time_entries.entries_of(services.engine, case.id))
    monkeypatch.delenv("SUDO_USER", raising=False)
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "intruso")
    assert main(["log", code, "30m", "revisión", "--db", db]) != 0
    assert "intruso" in capsys.readouterr().err
    monkeypatch.setenv("JQ_CONSOLE_AGENT", services.login)
    assert main(["log", code, "30m", "revisión", "--db", db]) == 0
    entries = time_entries.entries_of(services.engine, case.id)
    assert len(entries) == before + 1 and entries[-1].agent == services.login


def _status(engine: Engine, code: str) -> str | None:
    case = case_store.get_case(engine, code)
    return None if case is None else case.status
