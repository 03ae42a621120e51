"""Connecting to the mail servers `[mail]` names: TLS from the first byte, STARTTLS, or (towards this
machine only, config.py refuses it otherwise) none. Certificates are verified with the system's CAs."""

from __future__ import annotations

import imaplib
import smtplib
import ssl

from jq_console.config import Server

TIMEOUT_SECONDS = 30.0


def smtp(server: Server, timeout: float = TIMEOUT_SECONDS) -> smtplib.SMTP:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if server.tls == "tls":
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=timeout)
        if server.tls == "starttls":
            client.starttls(context=context)
    try:
        client.ehlo_or_helo_if_needed()
        if server.user is not None:
            client.login(server.user, server.password or "")
    except BaseException:
        client.close()
        raise
    return client


def imap(server: Server, timeout: float = TIMEOUT_SECONDS) -> imaplib.IMAP4:
    context = ssl.create_default_context()
    client: imaplib.IMAP4
    if server.tls == "tls":
        client = imaplib.IMAP4_SSL(server.host, server.port, ssl_context=context, timeout=timeout)
    else:
        client = imaplib.IMAP4(server.host, server.port, timeout=timeout)
        if server.tls == "starttls":
            client.starttls(ssl_context=context)
    try:
        client.login(server.user or "", server.password or "")
    except BaseException:
        client.shutdown()
        raise
    return client
