"""An open case screen follows what other consoles, commands and the mailbox add to its case without
moving it: a note, time logged, a correction of that time, a client's e-mail. None of these changes
the case's version, so the screen's look at the case (`store.cases.case_look`) also asks how far the
case's history, conversation, time and mail go; it asks only when the database changed at all."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, settle_until, show_case
from sqlalchemy.engine import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401
from textual.widgets import Static

from jq_console.application import conversation, mail_in, work
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.domain.conversation import Draft
from jq_console.i18n import t
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.store.changes import ChangeWatcher
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.widgets.case_timeline import CaseTimeline
from jq_console.ui.widgets.mail_timeline import MailTimeline

TZ = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ).timestamp()


def frozen() -> float:
    return NOW


@pytest.fixture
def db(tmp_path: Path) -> str:
    demo_services(str(tmp_path / "talk.sqlite"), clock=frozen).engine.dispose()  # filled once
    return str(tmp_path / "talk.sqlite")


def held_by(services: Services, agent: str) -> Case:
    return next(c for c in case_store.open_cases(services.engine) if c.agent == agent and c.status == "in_progress")


def time_shown(screen: CaseScreen) -> str:
    return str(screen.query_one("#case-time", Static).render())


def raw_reply(code: str, subject: str) -> bytes:
    return (
        f"From: Ana Ruiz <ana@cliente.test>\r\nTo: soporte@jq.test\r\nSubject: Re: [{code}] {subject}\r\n"
        f"Message-ID: <reply-{code}@cliente.test>\r\n\r\nSigue igual.\r\n"
    ).encode()


async def test_a_note_time_and_a_correction_from_another_console_show_on_an_open_case_screen(db: str) -> None:
    supervisor = demo_services(db, login="sortiz", clock=frozen)
    agent = demo_services(db, login="jvargas", clock=frozen)  # another console: its own engine on the file
    case = held_by(agent, "jvargas")
    app = create_app(supervisor, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        screen.poll_once()  # the watcher's first look: nothing is news yet
        await settle(pilot)
        logged = sum(entry.minutes for entry in screen.entries)
        assert t("ui.case.time", minutes=logged) in time_shown(screen)
        version = case_store.get_case(agent.engine, case.code).version  # type: ignore[union-attr]

        note = "Ver https://soporte.cliente.test/incidente/152"
        conversation.add_entry(agent.engine, agent.runtime, "jvargas", case.code, Draft("note", note))
        entry = work.log_work(agent.engine, agent.runtime, "jvargas", case.code, NOW - 3600, 20, "revision remota")
        assert case_store.get_case(agent.engine, case.code).version == version  # type: ignore[union-attr]
        screen.poll_once()  # what the live console's pulse does about once a second
        timeline = screen.query_one(CaseTimeline)
        await settle_until(pilot, lambda: note in timeline.shown, "the note in the timeline")
        await settle_until(
            pilot, lambda: t("ui.case.time", minutes=logged + 20) in time_shown(screen), "the new time total"
        )
        assert "revision remota" in time_shown(screen)

        work.correct_work(agent.engine, agent.runtime, "jvargas", case.code, entry.id, -5, "de más")
        screen.poll_once()
        await settle_until(
            pilot, lambda: t("ui.case.time", minutes=logged + 15) in time_shown(screen), "the corrected total"
        )


async def test_a_clients_e_mail_on_a_case_in_progress_shows_on_its_open_screen(db: str) -> None:
    supervisor = demo_services(db, login="sortiz", clock=frozen)
    mailbox = demo_services(db, login="ana", clock=frozen)  # the mail fetch, another process
    case = held_by(mailbox, "jvargas")
    app = create_app(supervisor, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        screen.poll_once()
        await settle(pilot)
        outcome = mail_in.take_in(mailbox.engine, mailbox.runtime, "ana", raw_reply(case.code, "Factura rechazada"))
        assert outcome == "reply"
        screen.poll_once()
        mail = screen.query_one(MailTimeline)
        await settle_until(
            pilot, lambda: any("Factura rechazada" in line.text for line in mail.lines), "the client's message"
        )
        # What the client wrote, under its line: kept, but shown nowhere before.
        assert "Sigue igual." in str(mail.content)


async def test_an_open_case_screen_reads_nothing_when_the_database_did_not_change(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Idle means idle: without a change the look at the case is not even asked."""
    supervisor = demo_services(db, login="sortiz", clock=frozen)
    case = held_by(supervisor, "jvargas")
    app = create_app(supervisor, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        screen.poll_once()
        await settle(pilot)
        looks: list[str] = []
        real = case_store.case_look

        def counted(engine: Engine, code: str) -> case_store.CaseLook | None:
            looks.append(code)
            return real(engine, code)

        monkeypatch.setattr(case_store, "case_look", counted)
        for _ in range(3):
            screen.poll_once()
            await settle(pilot)
        assert looks == []


def test_a_cases_look_moves_with_its_talk_time_and_mail_on_both_engines(store: Engine, runtime: Runtime) -> None:
    """And the database's cheap change check hears each of them, so the look is asked at all."""
    directory.add_agent(store, "ana", "Ana", "agent")
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id)
    other = register_case(store, runtime, client_id, contact_id, title="Otro")
    watcher = ChangeWatcher(store)
    try:
        watcher.changed()  # the first look
        looks = [case_store.case_look(store, code)]

        def step() -> None:
            assert watcher.changed(), "the change check heard it"
            looks.append(case_store.case_look(store, code))

        conversation.add_entry(store, runtime, "ana", other, Draft("note", "en el otro caso"))
        assert watcher.changed() and case_store.case_look(store, code) == looks[-1]  # not this case's news
        conversation.add_entry(store, runtime, "ana", code, Draft("note", "Llamó la USR"))
        step()
        entry = work.log_work(store, runtime, "ana", code, runtime.now() - 1800, 20, "revisión")
        step()
        work.correct_work(store, runtime, "ana", code, entry.id, -5, "de más")
        step()
        assert mail_in.take_in(store, runtime, "ana", raw_reply(code, "Sigue fallando")) == "reply"
        step()
    finally:
        watcher.close()
    assert None not in looks and len(set(looks)) == len(looks), looks
    assert {look.version for look in looks if look is not None} == {1}  # not one of them moved the case


def test_a_long_message_shows_its_first_lines_then_an_ellipsis() -> None:
    from jq_console.bootstrap import DEFAULT_POLICY, load_runtime
    from jq_console.presentation.mail_timeline import BODY_LINES, mail_lines
    from jq_console.store.mail_in import StoredMail

    long = "\n".join(f"línea {n} \x1b[31m[bold]" for n in range(BODY_LINES + 10))
    fields = {name: "" for name in StoredMail.__dataclass_fields__}
    item = StoredMail(**{**fields, "id": 1, "received_at": NOW, "kind": "reply", "foreign_sender": False, "body": long})  # type: ignore[arg-type]
    (line,) = mail_lines(load_runtime(str(DEFAULT_POLICY)), [], [item])
    assert line.body[0] == "línea 0 [bold]" and line.body[-1] == "…" and len(line.body) == BODY_LINES + 1
