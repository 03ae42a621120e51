"""E-mail against real servers (Dovecot over IMAP, an aiosmtpd sink that delivers into it; see
tests/mail_servers.py): forms become cases once, replies join their case, the unknown waits
unclassified, notices are delivered once even across an SMTP outage, auto-replies are never
answered, and a release tells every client who asked."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from dataclasses import replace
from email.message import EmailMessage, Message
from email.utils import make_msgid
from pathlib import Path

import pytest
from conftest import bogota
from mail_servers import MailServers, free_port, mail_servers  # noqa: F401  (fixture)
from mail_sink import start_sink
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from store_backends import postgres_url, store_url  # noqa: F401  (fixtures)

from jq_console.application import cases as moves
from jq_console.application import mail as desk_mail
from jq_console.application import mail_in, mail_out, work
from jq_console.application.intake import register_case
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, load_runtime
from jq_console.config import MailSettings, Server
from jq_console.domain.rules import Registration
from jq_console.presentation.mail_timeline import mail_lines
from jq_console.store import directory, outbox
from jq_console.store import engine as store_engine
from jq_console.store import mail_in as inbox
from jq_console.store.cases import NewCase, get_case, history
from jq_console.store.engine import make_engine
from jq_console.store.schema import create_schema
from jq_console.store.tables import CaseRow, Contact, Outbox

NIT = "900123456-8"
AGENT = "ana"


class Clock:
    """A test's clock, moved by hand (the back-off waits minutes; the test does not)."""

    def __init__(self, iso: str) -> None:
        self.at = bogota(iso).timestamp()

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock("2026-12-07T10:00")


@pytest.fixture
def mail_runtime(clock: Clock) -> Runtime:
    runtime = load_runtime(str(DEFAULT_POLICY))
    runtime.clock = clock
    return runtime


@pytest.fixture
def db(store_url: str, mail_runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A fresh database on each engine (SQLite, PostgreSQL): the outbox is written inside the moves' own writes."""
    engine = make_engine(store_url)
    create_schema(engine, mail_runtime.policy, sandbox=True)
    directory.add_agent(engine, AGENT, "Ana Agente", "agent")
    monkeypatch.setenv("JQ_CONSOLE_AGENT", AGENT)
    yield engine
    engine.dispose()


@pytest.fixture
def people(db: Engine, mail_servers: MailServers) -> dict[str, str]:
    """A client with its USR on a mailbox of this test, and the desk's own mailbox."""
    usr = mail_servers.address("usr")
    client_id = directory.add_client(db, NIT, "Ferretería Central S.A.S.", "subscription", 4, uc=5)
    directory.add_contact(db, client_id, "Ana Pérez", "usr", "3216664301", usr)
    return {"usr": usr, "desk": mail_servers.address("desk"), "client_id": str(client_id)}


def settings(servers: MailServers, desk: str, smtp_port: int | None = None) -> MailSettings:
    return MailSettings(
        sender=desk,
        smtp=Server("smtp", "127.0.0.1", smtp_port or servers.smtp_port, "none", None, None),
        imap=Server("imap", "127.0.0.1", servers.imap_port, "none", desk, servers.password),
        mailbox="INBOX",
    )


def send(servers: MailServers, message: EmailMessage) -> None:
    with smtplib.SMTP("127.0.0.1", servers.smtp_port) as client:
        client.send_message(message)


def message_id(message: Message) -> str:
    """A received Message-ID unfolded (a long header arrives folded over two lines)."""
    return str(message["Message-ID"]).strip()


def text_of(message: Message) -> str:
    body = message.get_payload(decode=True)
    return body.decode("utf-8") if isinstance(body, bytes) else ""


def mail(sender: str, to: str, subject: str, body: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="cliente.test")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def form_mail(people: dict[str, str], submission: str = "WEB-1") -> EmailMessage:
    body = "\n".join(
        [
            "Nuevo envío del formulario de soporte",
            f"submission_id: {submission}",
            f"nit: {NIT}",
            f"correo: {people['usr']}",
            "telefono: 300 123 4567",
            "severidad: S2",
            "categoria: fault",
            "titulo: No factura",
            "fecha: 2026-12-07T09:00:00-05:00",
            "descripcion: El módulo de facturación no abre.",
            "Sale un error al emitir.",
        ]
    )
    return mail("formulario@jqsystems.test", people["desk"], "Formulario web", body, Auto_Submitted="auto-generated")


def case_count(engine: Engine) -> int:
    return store_engine.read(engine, lambda c: int(c.execute(select(func.count()).select_from(CaseRow)).scalar_one()))


def outbox_rows(engine: Engine) -> list[tuple[str, str, str, int | None]]:
    return store_engine.read(
        engine,
        lambda c: [
            (row[0], row[1], row[2], row[3])
            for row in c.execute(
                select(Outbox.c.kind, Outbox.c.recipient, Outbox.c.state, Outbox.c.case_id).order_by(Outbox.c.id)
            )
        ],
    )


def test_a_form_mail_becomes_one_case_even_delivered_twice(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    config = settings(mail_servers, people["desk"])
    message = form_mail(people)
    send(mail_servers, message)
    send(mail_servers, message)  # the very same message twice (same Message-ID)
    again = form_mail(people)  # the form's notification sent again: a new Message-ID, the same submission
    send(mail_servers, again)
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert (report.read, report.forms, report.duplicates) == (3, 1, 2)
    assert case_count(db) == 1
    case = get_case(db, "JQ-2026-00001")
    assert case is not None and case.title == "No factura" and case.channel == "form"
    assert mail_in.fetch_pass(db, mail_runtime, AGENT, config).read == 0  # processed messages are flagged
    kept = mail_servers.received(people["desk"])
    assert len(kept) == 3  # flagged, never deleted


def test_registering_queues_a_notice_that_mail_send_delivers_once_with_the_code(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    config = settings(mail_servers, people["desk"])
    client_id = int(people["client_id"])
    new = NewCase(
        client_id=client_id,
        reporter_id=_usr_id(db, client_id),
        title="Impresora fiscal",
        description="No imprime",
        severity="S2",
        category="fault",
        channel="form",
    )
    registration = Registration("subscription", 4, True, "usr", "form", "S2", "fault")
    case = register_case(db, mail_runtime, AGENT, new, registration)
    assert outbox_rows(db) == [("registered", people["usr"], "pending", case.id)]
    report = mail_out.send_pass(db, mail_runtime, config)
    assert (report.sent, report.failed, report.problem) == (1, 0, "")
    assert mail_out.send_pass(db, mail_runtime, config).sent == 0  # never twice
    delivered = mail_servers.received(people["usr"])
    assert len(delivered) == 1
    assert f"[{case.code}]" in str(delivered[0]["Subject"])
    assert delivered[0]["Auto-Submitted"] == "auto-generated"
    body = delivered[0].get_payload(decode=True)
    assert isinstance(body, bytes) and case.code in body.decode() and "S2" in body.decode()
    stored = outbox.of_case(db, case.id)
    assert stored[0].state == "sent" and stored[0].answer.startswith("250")
    assert str(delivered[0]["Message-ID"]).strip() == stored[0].message_id


def _usr_id(engine: Engine, client_id: int) -> int:
    return store_engine.read(
        engine,
        lambda c: int(c.execute(select(Contact.c.id).where(Contact.c.client_id == client_id)).scalar_one() or 0),
    )


def _register(db: Engine, runtime: Runtime, people: dict[str, str]) -> str:
    client_id = int(people["client_id"])
    new = NewCase(
        client_id=client_id,
        reporter_id=_usr_id(db, client_id),
        title="No factura",
        description="Detalle",
        severity="S2",
        category="fault",
        channel="form",
    )
    return register_case(
        db, runtime, AGENT, new, Registration("subscription", 4, True, "usr", "form", "S2", "fault")
    ).code


def test_a_reply_lands_in_its_case_and_a_stranger_is_marked(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    config = settings(mail_servers, people["desk"])
    code = _register(db, mail_runtime, people)
    other = _register(db, mail_runtime, people)
    mail_out.send_pass(db, mail_runtime, config)
    ours = next(m for m in mail_servers.received(people["usr"]) if code in str(m["Subject"]))
    reply = mail(
        people["usr"],
        people["desk"],
        "Re: lo que pidieron",
        "Adjunto el respaldo.",
        In_Reply_To=message_id(ours),
    )
    by_code = mail("gerente@otra.test", people["desk"], f"Sobre [{other}]", "¿Cómo va?")
    send(mail_servers, reply)
    send(mail_servers, by_code)
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert report.replies == 2 and report.unclassified == 0
    first = get_case(db, code)
    second = get_case(db, other)
    assert first is not None and second is not None
    _, theirs = desk_mail.conversation(db, first.id)
    assert [(m.kind, m.sender, m.foreign_sender) for m in theirs] == [("reply", people["usr"], False)]
    _, theirs = desk_mail.conversation(db, second.id)
    assert [(m.kind, m.sender, m.foreign_sender) for m in theirs] == [("reply", "gerente@otra.test", True)]


def _waiting_case(db: Engine, runtime: Runtime, people: dict[str, str]) -> str:
    """A case waiting on the client, under a policy that resumes the clock when the client replies."""
    runtime.policy = replace(runtime.policy, mail=replace(runtime.policy.mail, resume_on_reply=True))
    code = _register(db, runtime, people)
    moves.take(db, runtime, AGENT, code)
    moves.start(db, runtime, AGENT, code)
    moves.wait(db, runtime, AGENT, code, "Necesitamos el respaldo de la base de datos")
    return code


def test_a_reply_to_a_waiting_case_flags_it_and_resumes_where_the_policy_says(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str], clock: Clock
) -> None:
    config = settings(mail_servers, people["desk"])
    code = _waiting_case(db, mail_runtime, people)
    mail_out.send_pass(db, mail_runtime, config)
    waiting = [m for m in mail_servers.received(people["usr"]) if "respaldo" in text_of(m)]
    assert len(waiting) == 1
    clock.at += 3600
    send(
        mail_servers,
        mail(people["usr"], people["desk"], f"Re: [{code}]", "Listo.", In_Reply_To=message_id(waiting[0])),
    )
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert report.resumed == 1
    case = get_case(db, code)
    assert case is not None and case.status == "in_progress"
    assert [e.kind for e in history(db, case.id)][-2:] == ["client_replied", "resume"]


def test_a_strangers_message_naming_a_waiting_case_neither_flags_it_nor_resumes_it(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    """Case codes follow one another: anyone who guessed one could write "[JQ-...]" in a subject and
    mark "the client replied" on a case waiting for the client, and resume its clock. The message is
    kept on the case, marked as from a stranger; only a contact of the client's answers it."""
    config = settings(mail_servers, people["desk"])
    code = _waiting_case(db, mail_runtime, people)
    send(mail_servers, mail("alguien@otra.test", people["desk"], f"Re: [{code}]", "Ya quedó."))
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert (report.replies, report.resumed) == (1, 0)
    case = get_case(db, code)
    assert case is not None and case.status == "waiting"
    assert "client_replied" not in [e.kind for e in history(db, case.id)]
    _, theirs = desk_mail.conversation(db, case.id)
    assert [(m.sender, m.foreign_sender) for m in theirs] == [("alguien@otra.test", True)]


def test_a_reply_goes_to_the_case_of_the_message_it_answers_not_to_another_it_quotes(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    """In-Reply-To names the message answered; References may name older ones of other cases. The
    case was the one whose Message-ID the database happened to list first."""
    config = settings(mail_servers, people["desk"])
    first, second = _register(db, mail_runtime, people), _register(db, mail_runtime, people)
    mail_out.send_pass(db, mail_runtime, config)
    received = mail_servers.received(people["usr"])
    notice = {code: message_id(next(m for m in received if code in str(m["Subject"]))) for code in (first, second)}
    for answered, quoted in ((first, second), (second, first)):
        reply = mail(
            people["usr"], people["desk"], "Re: su aviso", f"Respuesta a {answered}",
            In_Reply_To=notice[answered], References=f"{notice[quoted]} {notice[answered]}",
        )  # fmt: skip
        send(mail_servers, reply)
    mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    for code in (first, second):
        case = get_case(db, code)
        assert case is not None
        _, theirs = desk_mail.conversation(db, case.id)
        assert [m.body.strip() for m in theirs] == [f"Respuesta a {code}"], code


def test_an_unknown_message_waits_unclassified_and_can_be_discarded(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    config = settings(mail_servers, people["desk"])
    send(mail_servers, mail("desconocido@otra.test", people["desk"], "Hola", "¿Ustedes venden impresoras?"))
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert report.unclassified == 1
    waiting = desk_mail.unclassified(db)
    assert [(m.sender, m.subject) for m in waiting] == [("desconocido@otra.test", "Hola")]
    desk_mail.discard(db, mail_runtime, AGENT, waiting[0].id, "No es un cliente")
    assert desk_mail.unclassified(db) == []
    kept = inbox.get(db, waiting[0].id)
    assert kept is not None and (kept.state, kept.note) == ("discarded", "No es un cliente")


def test_with_the_smtp_server_down_a_notice_waits_and_is_delivered_once_after(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str], clock: Clock
) -> None:
    port = free_port()
    config = settings(mail_servers, people["desk"], smtp_port=port)
    code = _register(db, mail_runtime, people)
    down = mail_out.send_pass(db, mail_runtime, config)  # nothing listens on the port
    assert (down.sent, down.retried, down.failed) == (0, 1, 0) and down.problem
    assert [row[2] for row in outbox_rows(db)] == ["pending"]
    clock.at += 5 * 3600  # hours later, the server still down
    for _ in range(3):
        clock.at += 3600
        assert mail_out.send_pass(db, mail_runtime, config).sent == 0
    assert [row[2] for row in outbox_rows(db)] == ["pending"]
    sink = start_sink(mail_servers.maildir, port)
    try:
        clock.at += 3600
        up = mail_out.send_pass(db, mail_runtime, config)
        assert (up.sent, up.problem) == (1, "")
        assert mail_out.send_pass(db, mail_runtime, config).sent == 0
    finally:
        sink.stop()
    delivered = [m for m in mail_servers.received(people["usr"]) if code in str(m["Subject"])]
    assert len(delivered) == 1


def test_an_auto_reply_is_never_answered_nor_taken_for_the_client(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    config = settings(mail_servers, people["desk"])
    code = _register(db, mail_runtime, people)
    moves.take(db, mail_runtime, AGENT, code)
    moves.start(db, mail_runtime, AGENT, code)
    moves.wait(db, mail_runtime, AGENT, code, "El respaldo")
    mail_out.send_pass(db, mail_runtime, config)
    before = outbox_rows(db)
    ours = mail_servers.received(people["usr"])[-1]
    away = mail(
        people["usr"],
        people["desk"],
        f"Fuera de la oficina: [{code}]",
        "Vuelvo el lunes.",
        Auto_Submitted="auto-replied",
        In_Reply_To=message_id(ours),
    )
    bulk = mail(
        "boletin@lista.test", people["desk"], "Boletín", "Ofertas", List_Id="<ofertas.lista.test>", Precedence="bulk"
    )
    send(mail_servers, away)
    send(mail_servers, bulk)
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert (report.auto, report.replies, report.unclassified) == (2, 0, 0)
    mail_out.send_pass(db, mail_runtime, config)
    assert outbox_rows(db) == before  # nothing queued in answer
    case = get_case(db, code)
    assert case is not None and case.status == "waiting"
    assert "client_replied" not in [e.kind for e in history(db, case.id)]
    assert mail_servers.received("boletin@lista.test") == []


def test_a_release_queues_one_notice_per_client_and_the_timeline_shows_each_delivered(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    config = settings(mail_servers, people["desk"])
    second_usr = mail_servers.address("usr2")
    second = directory.add_client(db, "800197268-4", "Droguería Norte", "subscription", 3, uc=2)
    directory.add_contact(db, second, "Luis Mora", "usr", "3001112233", second_usr)
    codes = []
    for client_id in (int(people["client_id"]), int(people["client_id"]), second):
        new = NewCase(
            client_id=client_id,
            reporter_id=_usr_id(db, client_id),
            title="Exportar a Excel",
            description="Pedido",
            severity="S1",
            category="feature_request",
            channel="form",
        )
        level = 4 if client_id != second else 3
        codes.append(
            register_case(
                db,
                mail_runtime,
                AGENT,
                new,
                Registration("subscription", level, True, "usr", "form", "S1", "feature_request"),
            ).code
        )
        work.decide_study(db, mail_runtime, AGENT, codes[-1], "future_release", "Exportar a Excel", "Viable")
    before = len(outbox_rows(db))
    work.record_release(db, mail_runtime, AGENT, "5.2", codes)
    releases = [row for row in outbox_rows(db)[before:] if row[0] == "release"]
    assert sorted(row[1] for row in releases) == sorted([people["usr"], second_usr])
    mail_out.send_pass(db, mail_runtime, config)
    for address in (people["usr"], second_usr):
        assert len([m for m in mail_servers.received(address) if "5.2" in str(m["Subject"])]) == 1
    first_case = get_case(db, codes[0])
    assert first_case is not None
    sent, received = desk_mail.conversation(db, first_case.id)
    lines = mail_lines(mail_runtime, sent, received)
    assert [line.state for line in lines] == ["sent"] * len(lines) and len(lines) >= 3  # registered, study, release
    assert any("5.2" in line.text and "entregado" in line.text for line in lines)


def test_no_address_gets_more_than_the_policy_allows_in_an_hour(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str], clock: Clock
) -> None:
    config = settings(mail_servers, people["desk"])
    mail_runtime.policy = replace(mail_runtime.policy, mail=replace(mail_runtime.policy.mail, per_address_per_hour=2))
    for _ in range(3):
        _register(db, mail_runtime, people)
    first = mail_out.send_pass(db, mail_runtime, config)
    assert (first.sent, first.postponed) == (2, 1)
    assert mail_out.send_pass(db, mail_runtime, config).sent == 0  # its time has not come
    clock.at += 3600
    assert mail_out.send_pass(db, mail_runtime, config).sent == 1
    assert len(mail_servers.received(people["usr"])) == 3


def test_a_message_over_the_size_cap_is_kept_by_its_headers_and_watch_runs_a_pass(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    config = settings(mail_servers, people["desk"])
    mail_runtime.policy = replace(mail_runtime.policy, mail=replace(mail_runtime.policy.mail, max_message_kb=16))
    huge = form_mail(people, "WEB-BIG")
    huge.set_content(huge.get_content() + "\n" + "x" * 40_000)
    send(mail_servers, huge)
    told: list[str] = []
    mail_in.watch(db, mail_runtime, AGENT, config, rounds=1, told=lambda what, _report: told.append(what))
    assert told == ["fetch", "send"]
    assert case_count(db) == 0  # not read as a form: its body was never fetched
    waiting = desk_mail.unclassified(db)
    assert [m.subject for m in waiting] == ["Formulario web"] and "headers only" in waiting[0].note


def test_an_address_beyond_ascii_neither_stops_the_pass_nor_holds_the_rest(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str], tmp_path: Path
) -> None:
    """Half the demo's contacts write their domain with an accent ("ana@clínica.com.co"): the first
    such notice ended the pass with an unexpected error, left every other one claimed, and stopped
    `mail watch`. The domain goes in IDNA; a mailbox name beyond ASCII needs the server's SMTPUTF8,
    which this server (a sink of this test's own, SMTPUTF8 off) does not offer, so that one message
    fails with the reason and the rest go."""
    from aiosmtpd.controller import Controller
    from mail_sink import MaildirHandler

    port, root = free_port(), tmp_path / "sink"
    root.mkdir()
    sink = Controller(MaildirHandler(root), hostname="127.0.0.1", port=port, enable_SMTPUTF8=False)
    sink.start()
    accented, beyond, usr = "ana@clínica.test", "josé@cliente.test", people["usr"]
    now = mail_runtime.now()

    def queue(connection: Connection) -> None:
        for number, recipient in enumerate((accented, beyond, usr)):
            outbox.queue(
                connection, now=now, case_id=None, kind="notice", recipient=recipient, subject="Aviso",
                body="Hola", dedupe=f"ascii-{number}", domain="jq.test",
            )  # fmt: skip

    store_engine.write(db, queue)
    try:
        report = mail_out.send_pass(db, mail_runtime, settings(mail_servers, people["desk"], smtp_port=port))
    finally:
        sink.stop()
    assert (report.sent, report.failed) == (2, 1), report
    delivered = sorted(path.name for path in root.iterdir())
    assert delivered == sorted(["ana@xn--clnica-4va.test", usr])  # what the server was given
    failed = outbox.failed_rows(db)
    assert [(row.recipient, row.answer) for row in failed] == [(beyond, mail_out.NO_SMTPUTF8)]


def test_a_pass_longer_than_a_claim_leaves_the_rows_a_later_pass_took(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str], clock: Clock
) -> None:
    """A pass that took longer than a claim lasts (a backlog, a slow server) had the rows it had not
    reached claimed again by the next pass, as a dead sender's: both sent them. Each row's claim is
    renewed just before it is sent, and a row another pass took since is left to that pass."""
    config = settings(mail_servers, people["desk"])
    codes = [_register(db, mail_runtime, people) for _ in range(2)]
    slow = outbox.claim_due(db, mail_runtime.now(), 500)  # the slow pass claims both, sends neither yet
    assert len(slow) == 2
    clock.at += outbox.STALE_CLAIM_SECONDS + 60
    assert mail_out.send_pass(db, mail_runtime, config).sent == 2  # the next pass takes them as a dead one's
    assert not [row for row in slow if outbox.renew_claim(db, row, mail_runtime.now())]  # the slow pass skips
    delivered = mail_servers.received(people["usr"])
    assert sorted(code for code in codes for m in delivered if code in str(m["Subject"])) == sorted(codes)


def test_a_reply_to_a_closed_case_waits_in_the_inbox_for_an_agent(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    """ "It failed again" on a closed case joined that case's conversation, where nobody looks: it was
    as good as lost. It waits in the inbox, where an agent registers a new case from it."""
    config = settings(mail_servers, people["desk"])
    code = _register(db, mail_runtime, people)
    moves.take(db, mail_runtime, AGENT, code)
    moves.start(db, mail_runtime, AGENT, code)
    moves.resolve(db, mail_runtime, AGENT, code, "Se reinstaló el controlador")
    moves.close(db, mail_runtime, AGENT, code)
    send(mail_servers, mail(people["usr"], people["desk"], f"Re: [{code}]", "Volvió a fallar."))
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert (report.unclassified, report.replies) == (1, 0)
    assert [m.subject for m in desk_mail.unclassified(db)] == [f"Re: [{code}]"]


def test_another_message_under_a_message_id_already_read_is_kept_not_dropped(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    """A second message with the Message-ID of one already read, other words in it, was taken for
    the first, marked read on the server and lost. The same message fetched again is still one."""
    config = settings(mail_servers, people["desk"])
    first = mail("desconocido@otra.test", people["desk"], "Hola", "¿Venden impresoras?")
    other = mail("desconocido@otra.test", people["desk"], "Otra cosa", "¿Y escáneres?")
    for message in (first, other):
        message.replace_header("Message-ID", "<dup1@otra.test>")
    for message in (first, first, other):
        send(mail_servers, message)
    report = mail_in.fetch_pass(db, mail_runtime, AGENT, config)
    assert (report.unclassified, report.duplicates) == (2, 1)
    kept = sorted((m.subject, "reused" in m.note) for m in desk_mail.unclassified(db))
    assert kept == [("Hola", False), ("Otra cosa", True)]
