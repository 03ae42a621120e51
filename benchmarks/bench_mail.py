"""E-mail throughput against real local servers (Dovecot IMAP and the aiosmtpd sink of `.ci/mail`):
1,000 web-form notification e-mails fetched and registered as cases (each queueing its "registered"
notice in the same transaction), then those 1,000 notices sent over SMTP.

    python benchmarks/bench_mail.py                 # starts its own servers with .ci/mail
    python benchmarks/bench_mail.py --messages 200  # a shorter run

Uses JQ_CONSOLE_TEST_IMAP / JQ_CONSOLE_TEST_SMTP / JQ_CONSOLE_TEST_MAILDIR when set (as `.ci/run`
exports them). SQLite database in a temporary directory. Prints seconds and messages per second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jq_console.application import mail_in, mail_out
from jq_console.bootstrap import load_runtime
from jq_console.config import MailSettings, Server
from jq_console.store import directory
from jq_console.store.engine import make_engine
from jq_console.store.schema import create_schema

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def servers() -> tuple[str, str, str | None]:
    """(IMAP URL, SMTP URL, the directory to stop afterwards or None)."""
    if os.environ.get("JQ_CONSOLE_TEST_IMAP") and os.environ.get("JQ_CONSOLE_TEST_SMTP"):
        return os.environ["JQ_CONSOLE_TEST_IMAP"], os.environ["JQ_CONSOLE_TEST_SMTP"], None
    directory_ = tempfile.mkdtemp(prefix="jq-bench-mail-")
    done = subprocess.run(
        [str(ROOT / ".ci" / "mail"), "start", directory_, str(free_port()), str(free_port())],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHON": sys.executable},
    )
    imap, smtp, _ = done.stdout.strip().splitlines()[-3:]
    return imap, smtp, directory_


def form(number: int, desk: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "formulario@jqsystems.test"
    message["To"] = desk
    message["Subject"] = f"Formulario web {number}"
    message["Message-ID"] = f"<bench-{number}-{time.time_ns()}@form.test>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        f"submission_id: BENCH-{number}\nnit: 900123456-8\ncorreo: r{number}@bench.test\nseveridad: S2\n"
        f"categoria: fault\ntitulo: Caso de prueba {number}\nfecha: 2026-12-01T09:00:00-05:00\n"
        "descripcion: Generado por el benchmark."
    )
    return message


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    imap_url, smtp_url, started = servers()
    imap, smtp = urlsplit(imap_url), urlsplit(smtp_url)
    work = Path(tempfile.mkdtemp(prefix="jq-bench-mail-db-"))
    try:
        desk = f"desk-{time.time_ns()}@jq.test"
        mail = MailSettings(
            sender=desk,
            smtp=Server("smtp", "127.0.0.1", int(smtp.port or 25), "none", None, None),
            imap=Server("imap", "127.0.0.1", int(imap.port or 143), "none", desk, unquote(imap.password or "")),
            mailbox="INBOX",
        )
        runtime = load_runtime(None)
        engine = make_engine(str(work / "bench.sqlite"))
        create_schema(engine, runtime.policy, sandbox=True)
        directory.add_agent(engine, "bench", "Benchmark", "agent")
        os.environ["JQ_CONSOLE_AGENT"] = "bench"
        client = directory.add_client(engine, "900123456-8", "Cliente Benchmark", "subscription", 4, uc=5)
        directory.add_contact(engine, client, "USR", "usr", "3001234567", "usr@bench.test")
        started_at = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", int(smtp.port or 25)) as client_smtp:
            for number in range(args.messages):
                client_smtp.send_message(form(number, desk))
        delivered = time.perf_counter() - started_at
        started_at = time.perf_counter()
        report = mail_in.fetch_pass(engine, runtime, "bench", mail, limit=args.messages)
        fetched = time.perf_counter() - started_at
        assert report.forms == args.messages, report
        started_at = time.perf_counter()
        sent = mail_out.send_pass(engine, runtime, mail, limit=args.messages)
        sending = time.perf_counter() - started_at
        assert sent.sent == args.messages, sent
        n = args.messages
        print(f"deliver {n} form e-mails to the desk (SMTP, one connection): {delivered:.1f} s")
        print(f"mail fetch: {n} forms read over IMAP and registered: {fetched:.1f} s ({n / fetched:.0f}/s)")
        print(f"mail send: {n} notices over SMTP: {sending:.1f} s ({n / sending:.0f}/s)")
        engine.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if started is not None:
            subprocess.run([str(ROOT / ".ci" / "mail"), "stop", started], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
