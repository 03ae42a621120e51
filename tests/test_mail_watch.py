"""`mail watch` against the real Dovecot (tests/mail_servers.py): between two rounds it waits in IMAP
IDLE, and the server's news of a delivery wakes it; with IDLE switched off it polls. Each test waits
for an observable (the message's row in the database), never for the clock: the message is delivered
once the watch says it is waiting, and the IDLE wait is bounded by `poll_seconds`."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from mail_servers import MailServers, mail_servers  # noqa: F401  (fixture)
from office_support import make_office
from sqlalchemy.engine import Engine

from jq_console.application import mail as desk_mail
from jq_console.application import mail_in
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, load_runtime
from jq_console.cli import main
from jq_console.config import MailSettings, Server
from jq_console.store import directory
from jq_console.store.engine import make_engine
from jq_console.store.schema import create_schema

AGENT = "ana"
BOUND_SECONDS = 30.0  # the longest an IDLE wait may last if the server never told: a failure, not a wait


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    engine = make_engine(str(tmp_path / "desk.sqlite"))
    create_schema(engine, load_runtime(str(DEFAULT_POLICY)).policy, sandbox=True)
    directory.add_agent(engine, AGENT, "Ana Agente", "agent")
    monkeypatch.setenv("JQ_CONSOLE_AGENT", AGENT)
    yield engine
    engine.dispose()


def settings(servers: MailServers, desk: str) -> MailSettings:
    return MailSettings(
        sender=desk,
        smtp=Server("smtp", "127.0.0.1", servers.smtp_port, "none", None, None),
        imap=Server("imap", "127.0.0.1", servers.imap_port, "none", desk, servers.password),
        mailbox="INBOX",
    )


def question(desk: str, subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = "pedro@cliente.test"
    message["To"] = desk
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="cliente.test")
    message.set_content("¿Venden licencias adicionales?")
    return message.as_bytes()


class Deliverer:
    """The watch's `told`: delivers one message the first time the watch says it is waiting, and
    keeps every wait and how it ended."""

    def __init__(self, servers: MailServers, desk: str, subject: str) -> None:
        self.servers, self.desk, self.subject = servers, desk, subject
        self.waits: list[mail_in.Waiting] = []
        self.woken: list[mail_in.Woken] = []

    def __call__(self, what: str, report: object) -> None:
        if isinstance(report, mail_in.Waiting):
            self.waits.append(report)
            if len(self.waits) == 1:
                self.servers.put(self.desk, question(self.desk, self.subject))
        elif isinstance(report, mail_in.Woken):
            self.woken.append(report)
        elif isinstance(report, BaseException):
            raise report


def subjects(engine: Engine) -> list[str]:
    return [item.subject for item in desk_mail.unclassified(engine)]


@pytest.fixture
def rt() -> Runtime:
    return load_runtime(str(DEFAULT_POLICY))


def test_watch_waits_in_idle_and_the_servers_news_wakes_it(db: Engine, rt: Runtime, mail_servers: MailServers) -> None:
    desk = mail_servers.address("desk")
    told = Deliverer(mail_servers, desk, "Licencias (IDLE)")
    mail_in.watch(db, rt, AGENT, settings(mail_servers, desk), poll_seconds=BOUND_SECONDS, rounds=2, told=told)
    assert [wait.mode for wait in told.waits] == ["idle"]
    assert [woken.by for woken in told.woken] == ["mail"]  # the server told; the bound did not pass
    assert subjects(db) == ["Licencias (IDLE)"]


def test_watch_without_idle_polls_and_the_next_round_reads_the_message(
    db: Engine, rt: Runtime, mail_servers: MailServers
) -> None:
    desk = mail_servers.address("desk")
    told = Deliverer(mail_servers, desk, "Licencias (sondeo)")
    config = settings(mail_servers, desk)
    mail_in.watch(db, rt, AGENT, config, poll_seconds=0.0, rounds=2, idle=False, told=told)
    assert [wait.mode for wait in told.waits] == ["poll"]
    assert [woken.by for woken in told.woken] == ["time"]
    assert subjects(db) == ["Licencias (sondeo)"]


def config_file(tmp_path: Path, servers: MailServers, desk: str) -> Path:
    secrets = tmp_path / "mail-secrets"
    secrets.write_text(f'imap = "{servers.password}"\n', encoding="utf-8")
    secrets.chmod(0o600)
    path = tmp_path / "config.toml"
    path.write_text(
        f'[mail]\nsender = "{desk}"\nsmtp_host = "127.0.0.1"\nsmtp_port = {servers.smtp_port}\n'
        f'smtp_tls = "none"\nimap_host = "127.0.0.1"\nimap_port = {servers.imap_port}\nimap_tls = "none"\n'
        f'imap_user = "{desk}"\npassword_file = "{secrets}"\n',
        encoding="utf-8",
    )
    return path


def test_the_watch_command_stops_after_its_rounds(
    tmp_path: Path, mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    desk = mail_servers.address("desk")
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(config_file(tmp_path, mail_servers, desk)))
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "a01")
    monkeypatch.delenv("SUDO_USER", raising=False)
    mail_servers.put(desk, question(desk, "Pregunta"))
    assert main(["mail", "watch", "--rounds", "1", "--no-idle", "--poll", "5", "--db", str(db)]) == 0
    assert "sin clasificar: 1" in capsys.readouterr().out
    assert main(["mail", "inbox", "--db", str(db)]) == 0
    assert "Pregunta" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["mail", "watch", "--rounds", "0", "--db", str(db)])
    assert "«0» no es un número de pasadas" in capsys.readouterr().err
    for poll in ("-5", "-1", "0", "nan", "1e309", "x"):  # each ended the watch with an error, or hung it
        with pytest.raises(SystemExit) as refused:
            main(["mail", "watch", "--rounds", "1", "--poll", poll, "--db", str(db)])
        assert refused.value.code == 2
        assert f"«{poll}» no sirve como segundos" in capsys.readouterr().err
