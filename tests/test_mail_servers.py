"""The throw-away mail servers themselves: what the SMTP sink accepts, Dovecot serves over IMAP."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from mail_servers import MailServers, mail_servers  # noqa: F401  (fixture)


def test_a_message_sent_over_smtp_is_read_back_over_imap(mail_servers: MailServers) -> None:
    to = mail_servers.address("probe")
    message = EmailMessage()
    message["From"] = "cliente@example.com"
    message["To"] = to
    message["Subject"] = "Prueba de entrega"
    message.set_content("hola")
    with smtplib.SMTP("127.0.0.1", mail_servers.smtp_port) as smtp:
        smtp.send_message(message)
    received = mail_servers.received(to)
    assert [item["Subject"] for item in received] == ["Prueba de entrega"]
