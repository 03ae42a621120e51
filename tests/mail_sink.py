"""A throw-away SMTP sink for the mail tests: accepts every message on 127.0.0.1 and stores it in the
Maildir of each recipient (`ROOT/<address>/new/`), the layout the test Dovecot serves over IMAP, so a
test reads what was delivered with a real IMAP client. `python tests/mail_sink.py ROOT PORT` runs it
until killed; tests start and stop it in process with `start_sink` to see a server go down and come back.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def deliver(root: Path, address: str, content: bytes) -> Path:
    """Store one message in the recipient's Maildir (tmp, then rename into new, as Maildir requires)."""
    box = root / address.strip().lower()
    owner = root.stat()
    made = [box] + [box / part for part in ("tmp", "new", "cur")]
    for folder in made:
        folder.mkdir(exist_ok=True)
    name = f"{time.time_ns()}.{uuid.uuid4().hex}.sink"
    temporary = box / "tmp" / name
    temporary.write_bytes(content)
    if os.geteuid() == 0 and owner.st_uid != 0:
        # Run as root: the mailbox belongs to the account Dovecot reads it as.
        for path in [*made, temporary]:
            os.chown(path, owner.st_uid, owner.st_gid)
    final = box / "new" / name
    os.replace(temporary, final)
    return final


class MaildirHandler:
    def __init__(self, root: Path) -> None:
        self.root = root

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:  # aiosmtpd calls it by this name
        content = envelope.original_content or b""
        if isinstance(content, str):
            content = content.encode("utf-8")
        for address in envelope.rcpt_tos:
            deliver(self.root, address, content)
        return "250 2.0.0 stored"


def start_sink(root: Path, port: int) -> Controller:
    controller = Controller(MaildirHandler(root), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    return controller


def main(argv: list[str]) -> int:
    root, port = Path(argv[1]), int(argv[2])
    controller = start_sink(root, port)
    stop = threading.Event()

    def finish(*_: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    print(f"smtp sink on 127.0.0.1:{port}", flush=True)
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
