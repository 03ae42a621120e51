"""Idle means idle: a console whose clock is frozen, once it has drawn its queue, writes nothing more
to its terminal (issue: twenty consoles on one server over thin links). A real process in a
pseudo-terminal, on a sandbox demo database (where `--now` is allowed)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

FROZEN = "2026-12-07T10:00:00-05:00"  # a Monday in working hours: countdowns would move if anything did
QUIET = 2.0  # seconds without a byte that count as "settled"
WINDOW = 5.0  # the window that must stay silent, as the issue states it


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JQ_CONSOLE_") and k not in ("COLUMNS", "LINES")}
    env |= {
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    return env


def _read_for(master: int, seconds: float) -> int:
    """Bytes the program wrote during `seconds`."""
    written = 0
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                written += len(os.read(master, 65536))
            except OSError:
                break
    return written


def _console_in_terminal(
    tmp_path: Path, cases: int, rows: int, columns: int, *, dashboard: bool = False
) -> tuple[subprocess.Popen[bytes], int]:
    """A console (agent cmejia; or the dashboard, supervisor sortiz) on a fresh demo sandbox of
    `cases`, in a pseudo-terminal of its own, started outside the terminal's session (no SIGHUP when
    the terminal closes); its process and the terminal's master end."""
    env = _environment(tmp_path)
    db = str(tmp_path / "idle.sqlite")
    made = subprocess.run(
        [sys.executable, "-m", "jq_console", "--db", db, "--now", FROZEN, "demo", "--cases", str(cases)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    console = subprocess.Popen(
        [sys.executable, "-m", "jq_console", "--db", db, "--now", FROZEN, *(["dashboard"] if dashboard else [])],
        stdin=slave,
        stdout=slave,
        stderr=slave,  # Textual draws on stderr
        env=env | {"JQ_CONSOLE_AGENT": "sortiz" if dashboard else "cmejia"},
        start_new_session=True,
    )
    os.close(slave)
    return console, master


def _settle(master: int) -> int:
    """Bytes written until QUIET seconds pass silently (up to a minute on a loaded machine)."""
    drawn = 0
    for _ in range(30):
        burst = _read_for(master, QUIET)
        drawn += burst
        if burst == 0 and drawn > 0:
            break
    return drawn


@pytest.mark.long
def test_a_frozen_clock_console_writes_nothing_once_it_has_settled(tmp_path: Path) -> None:
    console, master = _console_in_terminal(tmp_path, 120, 48, 160)
    try:
        assert _settle(master) > 10_000, "the console never drew its queue"
        assert console.poll() is None, "the console ended"
        assert _read_for(master, WINDOW) == 0  # nothing on screen changes: nothing is written
    finally:
        console.kill()
        console.wait()
        os.close(master)


@pytest.mark.long
@pytest.mark.parametrize("dashboard", [False, True], ids=["console", "dashboard"])
def test_a_console_whose_terminal_hangs_up_ends_instead_of_spinning(tmp_path: Path, dashboard: bool) -> None:
    """A terminal gone without a SIGHUP (here: a console outside the terminal's session, its
    terminal closed) reads as end of input, on which Textual's input thread loops at full speed:
    one such console kept a core busy for as long as nobody killed it. It ends now, and so does a
    dashboard."""
    console, master = _console_in_terminal(tmp_path, 60, 24, 80, dashboard=dashboard)
    try:
        assert _settle(master) > 1_000, "the console never drew its queue"
        os.close(master)
        master = -1
        assert console.wait(timeout=120) == 0
    finally:
        if console.poll() is None:
            console.kill()
            console.wait()
        if master >= 0:
            os.close(master)
