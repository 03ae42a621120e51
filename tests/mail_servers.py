"""Real mail servers for the mail tests, as `store_backends.py` gives real databases.

`.ci/run` starts Dovecot (IMAP) and an SMTP sink with `.ci/mail` and exports JQ_CONSOLE_TEST_IMAP
(`imap://user:password@127.0.0.1:port`), JQ_CONSOLE_TEST_SMTP (`smtp://127.0.0.1:port`) and
JQ_CONSOLE_TEST_MAILDIR (where the sink stores what it accepts, one Maildir per recipient, which Dovecot
serves). Without them the tests start their own with `.ci/mail`; only if that fails are the mail tests
skipped, with the reason (`-rs`). Each test uses mailboxes of its own (fresh addresses), so tests
sharing one server never see each other's messages.
"""

from __future__ import annotations

import atexit
import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
IMAP_ENV, SMTP_ENV, MAILDIR_ENV = "JQ_CONSOLE_TEST_IMAP", "JQ_CONSOLE_TEST_SMTP", "JQ_CONSOLE_TEST_MAILDIR"


@dataclass(frozen=True)
class MailServers:
    imap_port: int
    smtp_port: int
    password: str
    maildir: Path
    domain: str = "jq.test"

    def address(self, name: str) -> str:
        """A mailbox no other test uses: `name-<random>@jq.test`."""
        return f"{name}-{uuid.uuid4().hex[:8]}@{self.domain}"

    def imap(self, user: str) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.imap_port)
        client.login(user, self.password)
        return client

    def received(self, user: str, mailbox: str = "INBOX") -> list[Message]:
        """Every message in `user`'s mailbox, read over IMAP."""
        client = self.imap(user)
        try:
            status, _ = client.select(mailbox, readonly=True)
            if status != "OK":
                return []
            _, data = client.uid("SEARCH", "ALL")
            found: list[Message] = []
            for uid in data[0].split():
                _, parts = client.uid("FETCH", uid, "(RFC822)")
                for part in parts:
                    if isinstance(part, tuple):
                        found.append(message_from_bytes(part[1]))
            return found
        finally:
            client.logout()

    def put(self, user: str, content: bytes, mailbox: str = "INBOX") -> None:
        """Deliver a raw message straight into `user`'s mailbox (IMAP APPEND), for mail SMTP would refuse."""
        client = self.imap(user)
        try:
            client.create(mailbox)
            status, answer = client.append(mailbox, "", None, content)
            assert status == "OK", answer
        finally:
            client.logout()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_private() -> tuple[str, str, str]:
    if shutil.which("dovecot") is None and not Path("/usr/sbin/dovecot").exists() and os.geteuid() != 0:
        raise RuntimeError(f"no Dovecot (dovecot-imapd) and {IMAP_ENV} is not set")
    directory = tempfile.mkdtemp(prefix="jq-mail-")
    script = str(ROOT / ".ci" / "mail")
    done = subprocess.run(
        [script, "start", directory, str(free_port()), str(free_port())],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHON": os.environ.get("PYTHON", _python())},
    )
    if done.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"could not start the mail servers: {done.stderr.strip()[-300:]}")
    atexit.register(subprocess.run, [script, "stop", directory], capture_output=True, timeout=60)
    imap, smtp, maildir = done.stdout.strip().splitlines()[-3:]
    return imap, smtp, maildir


def _python() -> str:
    import sys

    return sys.executable


@cache
def _servers() -> tuple[MailServers | None, str]:
    imap, smtp, maildir = (os.environ.get(name) for name in (IMAP_ENV, SMTP_ENV, MAILDIR_ENV))
    if not (imap and smtp and maildir):
        try:
            imap, smtp, maildir = _start_private()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            return None, str(error)
    imap_url, smtp_url = urlsplit(imap), urlsplit(smtp)
    servers = MailServers(
        imap_port=int(imap_url.port or 143),
        smtp_port=int(smtp_url.port or 25),
        password=unquote(imap_url.password or ""),
        maildir=Path(maildir),
    )
    return servers, ""


@pytest.fixture
def mail_servers() -> Iterator[MailServers]:
    servers, reason = _servers()
    if servers is None:
        pytest.skip(f"mail servers not available: {reason}")
    yield servers
