"""A console open while its sandbox is made again (`demo --reset`, as a trainer does between two
groups): a real process in a pseudo-terminal, read through a terminal emulator. It went on showing
the deleted database forever; now it shows the new one, changes made in it included, and says why
its queue was read again (`tests/test_replaced_database.py` has the parts)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte

FROZEN = "2026-12-07T10:00:00-05:00"
ROWS, COLUMNS = 48, 160
PATIENCE = 60.0  # seconds a console may take to show a change on a loaded machine (it takes one or two)


class Console:
    def __init__(self, db: str, env: dict[str, str]) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jq_console", "--db", db, "--now", FROZEN],
            stdin=slave,
            stdout=slave,
            stderr=slave,  # Textual draws on stderr
            env=env | {"JQ_CONSOLE_AGENT": "cmejia"},
            start_new_session=True,
        )
        os.close(slave)
        self.master = master

    def line_of(self, code: str) -> str:
        return next((line for line in self.screen.display if code in line), "")

    def shows(self, code: str, text: str) -> bool:
        """Reads what the console writes until the line of `code` holds `text`, or `PATIENCE` ends."""
        return self._until(lambda: text in self.line_of(code))

    def says(self, text: str) -> bool:
        """Reads what the console writes until a line of the screen holds `text`, or `PATIENCE` ends."""
        return self._until(lambda: any(text in line for line in self.screen.display))

    def _until(self, seen: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + PATIENCE
        while not seen():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if select.select([self.master], [], [], min(left, 0.5))[0]:
                self.stream.feed(os.read(self.master, 65536))
        return True

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        os.close(self.master)


def _run(env: dict[str, str], *args: str, agent: str = "lrestrepo") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jq_console", *args],
        env=env | {"JQ_CONSOLE_AGENT": agent},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_console_open_during_demo_reset_shows_the_new_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JQ_CONSOLE_") and k not in ("COLUMNS", "LINES")}
    env |= {
        "TERM": "xterm-256color",
        **{f"XDG_{d}_HOME": str(tmp_path / d.lower()) for d in ("CONFIG", "STATE", "DATA")},
    }
    db = str(tmp_path / "training.sqlite")
    _run(env, "--db", db, "--now", FROZEN, "demo")
    free = [
        case["id"]
        for case in json.loads(_run(env, "--db", db, "--now", FROZEN, "cases", "--json"))
        if not case.get("agent")
    ]
    before, after = free[0], free[1]
    console = Console(db, env)
    try:
        assert console.shows(before, "Nuevo"), console.screen.display
        _run(env, "--db", db, "--now", FROZEN, "take", before)  # work in the old database: history moves on
        assert console.shows(before, "lrestrepo"), console.line_of(before)
        _run(env, "--db", db, "--now", FROZEN, "demo", "--reset", agent="cmejia")
        assert console.shows(before, "Nuevo"), console.line_of(before)  # the new database: not taken there
        assert console.says("demo --reset")  # why its queue was read again (a toast, for 15 seconds)
        _run(env, "--db", db, "--now", FROZEN, "take", after)
        assert console.shows(after, "lrestrepo"), console.line_of(after)
    finally:
        console.close()
