"""An office on one server: N consoles and M dashboards, each a real process in its own pseudo-terminal,
on one database, with a driver making changes through the CLI; beside them a bare Textual app measured
in the same run. Prints each figure next to its target (docs: README, "Figures").

    python benchmarks/bench_office.py                     # 20 consoles, 2 dashboards, 3,000 cases
    python benchmarks/bench_office.py --consoles 5 --dashboards 1 --cases 500 --idle 10 --load 10
    python benchmarks/build_history.py /tmp/jq-history-100k.sqlite --cases 100000   # 10,000 of them open
    python benchmarks/bench_office.py --db /tmp/jq-history-100k.sqlite --spare-cursor-case   # on a copy of it

What it measures, per process kind (median over the processes of that kind):
- idle CPU (% of one core, read from each process's CPU-time clock in nanoseconds: `process_cpu.py`)
  and bytes written to the terminal per second, over `--idle` seconds after `--settle` seconds of
  start-up, with the clock frozen (`--clock frozen`, the default: consoles run with `--now`, allowed
  because the database is a demo sandbox), the real clock, or the real clock moved to a working Monday
  morning (`--clock shifted`, for runs outside working hours: `shifted_clock.py`; needs a C compiler).
  With the clock frozen the window also waits until no console or dashboard has written for `QUIET`
  seconds: the last ones to start may still be drawing their first reloads at 45 s (at most
  `LONGEST_WAIT` more; a process that keeps writing is measured as it is);
- the same under load: the driver takes cases through `jq-console take` at `--rate` per second, each
  take started on time whether or not the one before it has ended (the rate reached is printed);
- resident memory at the end;
- change-to-screen latency: from the end of each `take` to the moment console 1 draws the changed row
  (the new agent on it, or, for a row of the screen's top half, the row gone: on years of history a
  case taken ranks far below the first page), for the cases console 1 showed when their take began,
  read through a terminal emulator (pyte).

Needs `pyte` (`pip install -e ".[bench]"`). Linux only (/proc, pty).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyte
from process_cpu import cpu_seconds
from sandbox_env import sandbox_env
from shifted_clock import shifted_clock_env
from terminal_output import follow_output

FROZEN = "2026-12-07T10:00:00-05:00"  # a Monday in working hours
BARE_APP = """
import sys
from datetime import datetime
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare", id="s")
        yield Footer()
    def on_mount(self) -> None:
        if "--tick" in sys.argv:
            self.set_interval(1, lambda: self.query_one("#s", Static).update(datetime.now().strftime("%H:%M:%S")))

Bare().run()
"""


@dataclass
class Terminal:
    """One process in a pseudo-terminal, its output counted and fed to an emulator."""

    name: str
    process: subprocess.Popen[bytes]
    master: int
    screen: pyte.Screen
    stream: pyte.ByteStream
    lock: threading.Lock = field(default_factory=threading.Lock)
    written: int = 0
    changed_at: float = 0.0

    def feed(self, chunk: bytes) -> None:
        with self.lock:
            self.written += len(chunk)
            self.stream.feed(chunk)
            self.changed_at = time.monotonic()

    def lines(self) -> list[str]:
        with self.lock:
            return list(self.screen.display)

    def rows(self) -> list[dict[int, pyte.screens.Char]]:
        """The screen's cells as they stand, row by row (copies: the reader thread goes on feeding)."""
        with self.lock:
            return [dict(self.screen.buffer[y]) for y in range(self.screen.lines)]

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.process.pid)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


def spawn(name: str, argv: Sequence[str], env: dict[str, str], size: tuple[int, int]) -> Terminal:
    columns, rows = size
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,  # Textual draws on stderr
    )
    os.close(slave)
    screen = pyte.Screen(columns, rows)
    terminal = Terminal(name, process, master, screen, pyte.ByteStream(screen))
    follow_output(master, terminal.feed)
    return terminal


def run(argv: Sequence[str], env: dict[str, str]) -> str:
    done = subprocess.run(list(argv), env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return done.stdout


QUIET = 5.0  # seconds without a byte written that count as settled
LONGEST_WAIT = 60.0


def until_quiet(terminals: Sequence[Terminal]) -> float:
    """Seconds waited until no terminal had written for QUIET seconds (at most LONGEST_WAIT)."""
    start = time.monotonic()
    while time.monotonic() - start < LONGEST_WAIT:
        if time.monotonic() - max(t.changed_at for t in terminals) >= QUIET:
            break
        time.sleep(0.5)
    return time.monotonic() - start


@dataclass
class Window:
    cpu: dict[str, float]
    bytes_per_s: dict[str, float]
    needed_per_s: dict[str, float] = field(default_factory=dict)  # what the changed cells need, see `needed`


SAMPLE = 0.5  # seconds between two looks at the screens: a countdown moves once a second


def _sgr_length(cell: pyte.screens.Char) -> int:
    """Bytes of the shortest escape that sets a cell's colours and attributes (`ESC[...m`)."""
    parts = []
    for colour, base in ((cell.fg, 38), (cell.bg, 48)):
        if colour == "default":
            continue
        if len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour):  # truecolor
            parts.append(f"{base};2;{int(colour[:2], 16)};{int(colour[2:4], 16)};{int(colour[4:], 16)}")
        else:
            parts.append("31")  # a named colour: two digits
    parts += ["1"] * sum((cell.bold, cell.italics, cell.underscore, cell.strikethrough, cell.reverse, cell.blink))
    return len("\x1b[" + ";".join(parts) + "m") if parts else 0


def needed(before: list[dict[int, pyte.screens.Char]], after: list[dict[int, pyte.screens.Char]], columns: int) -> int:
    """Bytes a terminal needs to go from one screen to the other: for each run of changed cells on a
    row, a cursor move, the characters, a style escape wherever the style changes and a reset. The
    floor the real-clock target ("≤ 2x the bytes of the cells that changed") is measured against."""
    total = 0
    blank = pyte.screens.Char(" ")
    for y, (old, new) in enumerate(zip(before, after, strict=True)):
        if old == new:
            continue
        style = None
        running = False
        for x in range(columns):
            a, b = old.get(x, blank), new.get(x, blank)
            if a == b:
                running = False
                continue
            if not running:
                total += len(f"\x1b[{y + 1};{x + 1}H") + len("\x1b[0m")  # the move, and a reset after the run
                running, style = True, None
            cell_style = b._replace(data="")
            if cell_style != style:
                total += _sgr_length(b)
                style = cell_style
            total += len(b.data.encode())
    return total


def measure(terminals: Sequence[Terminal], seconds: float, *, screens: bool = False) -> Window:
    """CPU and bytes written over `seconds`; with `screens`, also what the cells that changed on each
    screen needed (looked at every SAMPLE seconds)."""
    cpu0 = {t.name: t.cpu_seconds() for t in terminals}
    bytes0 = {t.name: t.written for t in terminals}
    need = {t.name: 0 for t in terminals}
    if screens:
        last = {t.name: t.rows() for t in terminals}
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            time.sleep(min(SAMPLE, max(0.0, end - time.monotonic())))
            for t in terminals:
                rows = t.rows()
                need[t.name] += needed(last[t.name], rows, t.screen.columns)
                last[t.name] = rows
    else:
        time.sleep(seconds)
    return Window(
        {t.name: 100 * (t.cpu_seconds() - cpu0[t.name]) / seconds for t in terminals},
        {t.name: (t.written - bytes0[t.name]) / seconds for t in terminals},
        {t.name: need[t.name] / seconds for t in terminals},
    )


def median_of(values: dict[str, float], prefix: str) -> float:
    chosen = [v for k, v in values.items() if k.startswith(prefix)]
    return statistics.median(chosen) if chosen else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consoles", type=int, default=20)
    parser.add_argument("--dashboards", type=int, default=2)
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument(
        "--db", help="run on a copy of this database (e.g. build_history.py's) instead of a demo of --cases"
    )
    parser.add_argument(
        "--admin", help="who adds the agents and watches the dashboards (default: the demo's, or ana with --db)"
    )
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--clock", choices=("frozen", "real", "shifted"), default="frozen")
    # 22 processes starting on 2 cores take about half a minute to draw their first screens: a shorter
    # settle counts their start-up as idle work (seen: a dashboard "writing" 897 bytes/s at 20 s, 0 at 45 s).
    parser.add_argument("--settle", type=float, default=45.0, help="seconds of start-up before measuring")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of the idle window")
    parser.add_argument("--load", type=float, default=20.0, help="seconds of the window with changes")
    parser.add_argument("--rate", type=float, default=2.0, help="changes per second during --load")
    parser.add_argument(
        "--spare-cursor-case",
        action="store_true",
        help="leave the case under the consoles' cursors alone (needed with --db: see _drive's caller)",
    )
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    work = Path(tempfile.mkdtemp(prefix="jq-office-"))
    db = str(work / "office.sqlite")
    env = sandbox_env(work, drop=("COLUMNS", "LINES"))
    if args.clock == "shifted":  # every process of the run, the database's builder and the takes too
        env |= shifted_clock_env(work, FROZEN)
    cli = [sys.executable, "-m", "jq_console"]
    now = ["--now", FROZEN] if args.clock == "frozen" else []
    admin = args.admin or ("ana" if args.db else None)  # build_history.py's administrator
    boss = {**env, "JQ_CONSOLE_AGENT": admin} if admin else env
    if args.db:
        print(f"copying {args.db} to {db} ...", flush=True)
        with sqlite3.connect(args.db) as source, sqlite3.connect(db) as copy:
            source.backup(copy)  # the takes change the copy; the original stays as built
    else:
        print(f"building {args.cases} cases in {db} ...", flush=True)
        run([*cli, "--db", db, *now, "demo", "--cases", str(args.cases), "--seed", "7"], env)
    logins = [f"b{n:02d}" for n in range(1, args.consoles + 1)]
    for login in logins:
        run([*cli, "--db", db, "agent", "add", login, "--name", f"Agente {login}"], boss)
    queue = json.loads(run([*cli, "--db", db, *now, "cases", "--json"], boss))
    free = [case["id"] for case in queue if not case.get("agent")]

    terminals: list[Terminal] = []
    bare = [
        spawn("bare", [sys.executable, "-c", BARE_APP], env, (columns, rows)),
        spawn("bare-tick", [sys.executable, "-c", BARE_APP, "--tick"], env, (columns, rows)),
    ]
    for login in logins:
        terminals.append(
            spawn(f"console-{login}", [*cli, "--db", db, *now], {**env, "JQ_CONSOLE_AGENT": login}, (columns, rows))
        )
    for n in range(args.dashboards):
        terminals.append(spawn(f"dashboard-{n}", [*cli, "--db", db, *now, "dashboard"], boss, (columns, rows)))
    everyone = bare + terminals
    try:
        print(f"{len(terminals)} processes started; settling {args.settle:.0f} s ...", flush=True)
        time.sleep(args.settle)
        if args.clock == "frozen":  # with the real clock the countdowns write every second
            print(f"quiet after {until_quiet(terminals):.0f} s more", flush=True)
        idle = measure(everyone, args.idle, screens=True)
        watcher = terminals[0]
        # The first free case is under every console's cursor, and a cursor follows its case: taken
        # first (as by default), every console follows it, and each later take that moves a case
        # above or below it draws its rank again. On years of history it goes past rank 100, and
        # console 1 would then show none of the cases taken after it: `--spare-cursor-case` there.
        codes = free[1:] if args.spare_cursor_case else free
        latencies, loaded, rate = _drive(cli, db, now, env, codes, args, everyone, watcher)
        memory = {t.name: t.rss_mb() for t in everyone}
    finally:
        for terminal in everyone:
            with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
                os.killpg(terminal.process.pid, signal.SIGTERM)
    _report(args, idle, loaded, memory, latencies, rate)
    return 0


def _drive(
    cli: list[str],
    db: str,
    now: list[str],
    env: dict[str, str],
    codes: list[str],
    args: argparse.Namespace,
    everyone: list[Terminal],
    watcher: Terminal,
) -> tuple[list[float], Window, float]:
    """Take cases at `args.rate` per second for `args.load` seconds, by agent b01 through the CLI,
    each take started on its schedule whether or not the one before has ended (each on a thread of
    its own), and time how long the watching console takes to redraw the row of each case it showed
    when its take began (with the new agent, or elsewhere than on its screen). Returns the
    latencies, the load window, and the rate the takes really ran at (those that ended within the
    window)."""
    latencies: list[float] = []
    ended: list[float] = []
    failed: list[str] = []
    lock = threading.Lock()
    result: list[Window] = []
    measuring = threading.Thread(target=lambda: result.append(measure(everyone, args.load)))
    measuring.start()
    start = time.monotonic()

    def take(code: str) -> None:
        lines = watcher.lines()
        row = next((y for y, line in enumerate(lines) if code in line), None)
        shown = row is not None
        # A row in the top half of the screen leaves it only because its own take moved it (a case
        # taken may rank far below the first page, as on years of history): the few takes in flight
        # beside it cannot push it off the bottom. Lower down, a row gone is not timed.
        top_half = row is not None and row < len(lines) // 2
        try:
            run([*cli, "--db", db, *now, "take", code], {**env, "JQ_CONSOLE_AGENT": "b01"})
        except SystemExit as failure:  # a thread drops SystemExit silently: told after the joins
            with lock:
                failed.append(str(failure))
            return
        taken = time.monotonic()
        with lock:
            ended.append(taken)
        # Seen when the case's row names its new agent (other rows moving only renumber this one), or
        # when a row of the top half has left the screen.
        while shown and time.monotonic() - taken < 10:
            line = next((line for line in watcher.lines() if code in line), None)
            if line is None and not top_half:
                return
            if line is None or "b01" in line:
                with lock:
                    latencies.append(time.monotonic() - taken)
                return
            time.sleep(0.01)

    takes = []
    for n, code in enumerate(codes):
        due = start + n / args.rate
        if due >= start + args.load:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        takes.append(threading.Thread(target=take, args=(code,)))
        takes[-1].start()
    measuring.join()
    for thread in takes:
        thread.join()
    if failed:
        raise SystemExit(f"{len(failed)} of {len(takes)} takes failed; the first:\n{failed[0]}")
    rate = sum(1 for moment in ended if moment - start <= args.load) / args.load
    return latencies, result[0], rate


def _report(
    args: argparse.Namespace,
    idle: Window,
    loaded: Window,
    memory: dict[str, float],
    latencies: list[float],
    rate: float,
) -> None:
    def row(what: str, figure: str, target: str) -> None:
        print(f"| {what} | {figure} | {target} |")

    bare_cpu, tick_cpu = idle.cpu.get("bare", 0.0), idle.cpu.get("bare-tick", 0.0)
    print(
        f"\n{args.consoles} consoles + {args.dashboards} dashboards, {args.db or f'{args.cases} cases'},",
        f"{args.size}, clock {args.clock}{', the cursor case spared' if args.spare_cursor_case else ''}",
    )
    print("| figure | measured | target |\n| --- | --- | --- |")
    row("bare app idle CPU (no tick / 1-s tick)", f"{bare_cpu:.2f} % / {tick_cpu:.2f} %", "reference")
    row(
        "console idle CPU (median)",
        f"{median_of(idle.cpu, 'console'):.2f} %",
        "≤ 3x bare (frozen) / ≤ 1.5x tick (real)",
    )
    row("dashboard idle CPU (median)", f"{median_of(idle.cpu, 'dashboard'):.2f} %", "as a console")
    total_idle = sum(v for k, v in idle.cpu.items() if not k.startswith("bare"))
    total_load = sum(v for k, v in loaded.cpu.items() if not k.startswith("bare"))
    row("whole office idle CPU", f"{total_idle:.1f} %", "—")
    row("changes per second: asked / done in the window", f"{args.rate:g} / {rate:.2f}", "2")
    row(f"whole office CPU, {rate:.2f} changes/s", f"{total_load:.1f} %", "≤ 25 % of one core")
    row(
        f"  of which one console / one dashboard (median), {rate:.2f} changes/s",
        f"{median_of(loaded.cpu, 'console'):.2f} % / {median_of(loaded.cpu, 'dashboard'):.2f} %",
        "—",
    )
    row("console bytes/s idle (median)", f"{median_of(idle.bytes_per_s, 'console'):.0f}", "≤ 200 (frozen clock)")
    row("dashboard bytes/s idle (median)", f"{median_of(idle.bytes_per_s, 'dashboard'):.0f}", "≤ 200 (frozen clock)")
    for kind in ("bare-tick", "console", "dashboard"):
        sent, floor = median_of(idle.bytes_per_s, kind), median_of(idle.needed_per_s, kind)
        ratio = f" ({sent / floor:.1f}x)" if floor else ""
        figure = f"{sent:.0f} / {floor:.0f}{ratio}"
        row(f"{kind} bytes/s idle: written / the changed cells need", figure, "≤ 2x (real clock)")
    row("bare app memory", f"{memory.get('bare', 0.0):.0f} MB", "reference")
    row("console memory (median)", f"{median_of(memory, 'console'):.0f} MB", "≤ 2x bare")
    row("dashboard memory (median)", f"{median_of(memory, 'dashboard'):.0f} MB", "≤ 2x bare")
    if latencies:
        ordered = sorted(latencies)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        row(
            f"change to screen ({len(latencies)} changes) p50 / p95",
            f"{statistics.median(ordered):.2f} s / {p95:.2f} s",
            "p95 ≤ 1 s",
        )
    else:
        row("change to screen", "no change seen", "p95 ≤ 1 s")


if __name__ == "__main__":
    raise SystemExit(main())
