"""`jq-console mail ...` against the real servers: check, fetch, send, status, inbox and discard."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mail_servers import MailServers, free_port, mail_servers  # noqa: F401  (fixture)
from office_support import cli as run
from office_support import make_office


def config(tmp_path: Path, servers: MailServers, desk: str, smtp_port: int | None = None) -> Path:
    secrets = tmp_path / "mail-secrets"
    secrets.write_text(f'imap = "{servers.password}"\n', encoding="utf-8")
    secrets.chmod(0o600)
    path = tmp_path / "config.toml"
    path.write_text(
        "[mail]\n"
        f'sender = "{desk}"\n'
        'smtp_host = "127.0.0.1"\n'
        f"smtp_port = {smtp_port or servers.smtp_port}\n"
        'smtp_tls = "none"\n'
        'imap_host = "127.0.0.1"\n'
        f"imap_port = {servers.imap_port}\n"
        'imap_tls = "none"\n'
        f'imap_user = "{desk}"\n'
        f'password_file = "{secrets}"\n',
        encoding="utf-8",
    )
    return path


def deliver(servers: MailServers, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = "formulario@jqsystems.test"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="form.test")
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", servers.smtp_port) as client:
        client.send_message(message)


@pytest.mark.long
def test_the_mail_commands_fetch_a_form_send_its_notice_and_tell_the_status(
    tmp_path: Path, mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    desk = mail_servers.address("desk")
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(config(tmp_path, mail_servers, desk)))
    checked = run("mail", "check", "--db", str(db))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.count("funciona (") == 2
    form = "submission_id: WEB-CLI-1\nnit: 900123456-8\ncorreo: ana@cliente.com.co\nseveridad: S2\n"
    # The commands run on the real clock, and the policy refuses a form sent more than 72 hours ago:
    # the form says it was sent an hour ago (a fixed date here failed the test three days later).
    sent_at = (datetime.now(ZoneInfo("America/Bogota")) - timedelta(hours=1)).isoformat(timespec="seconds")
    form += f"categoria: fault\ntitulo: Caja bloqueada\nfecha: {sent_at}\ndescripcion: No abre"
    deliver(mail_servers, desk, "Formulario web", form)
    deliver(mail_servers, desk, "Pregunta", "¿Venden licencias?")
    fetched = run("mail", "fetch", "--db", str(db))
    assert fetched.returncode == 0, fetched.stderr
    assert "formularios: 1" in fetched.stdout and "sin clasificar: 1" in fetched.stdout
    sent = run("mail", "send", "--db", str(db))
    assert sent.returncode == 0 and "Enviados: 1" in sent.stdout, sent.stdout + sent.stderr
    status = run("mail", "status", "--db", str(db))
    assert "0 pendientes, 0 fallidos, 1 enviados hoy" in status.stdout
    written = run("mail", "write", "JQ-2026-00001", "--text", "Ya revisamos la caja.", "--db", str(db))
    assert written.returncode == 0, written.stderr
    assert "Enviados: 1" in run("mail", "send", "--db", str(db)).stdout
    inbox = run("mail", "inbox", "--db", str(db))
    assert "Pregunta" in inbox.stdout
    number = inbox.stdout.split()[0].lstrip("#")
    discarded = run("mail", "discard", number, "--reason", "Venta, no soporte", "--db", str(db))
    assert discarded.returncode == 0, discarded.stderr
    assert "vacía" in run("mail", "inbox", "--db", str(db)).stdout


def test_mail_check_says_what_does_not_work(
    tmp_path: Path, mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(config(tmp_path, mail_servers, "d@jq.test", smtp_port=free_port())))
    checked = run("mail", "check", "--db", str(db))
    assert checked.returncode == 1
    assert "SMTP" in checked.stdout and "no funciona" in checked.stdout and "IMAP" in checked.stdout


@pytest.mark.parametrize("command", ["fetch", "send"])
def test_mail_not_set_up_says_where_to_set_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    """It said only that a key was missing from [mail], not which file holds it or how to see that."""
    db = tmp_path / "office.sqlite"
    make_office(db)
    path = tmp_path / "config.toml"
    path.write_text("[mail]\n", encoding="utf-8")
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(path))
    done = run("mail", command, "--db", str(db))
    assert done.returncode == 2 and done.stdout == ""
    assert "mail." in done.stderr and "jq-console config show" in done.stderr and "docs/mail.md" in done.stderr
