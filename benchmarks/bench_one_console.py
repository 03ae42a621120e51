"""One console (or dashboard) reacting to changes: the process in a pseudo-terminal while another agent
takes cases through the CLI at a steady rate; prints its CPU (% of one core) and the bytes it wrote to
the terminal per second. The office benchmark's per-change cost, without 21 other processes beside it.

    python benchmarks/bench_one_console.py                    # console, 1 take a second, 30 s
    python benchmarks/bench_one_console.py --dashboard --rate 0
    python benchmarks/bench_one_console.py --rate 0 --clock real   # idle, countdowns moving (working hours)
    python benchmarks/bench_one_console.py --rate 0 --clock shifted   # the same outside working hours

Linux only (/proc, pty). Clock frozen at a Monday in working hours (the database is a demo sandbox),
the real one, or the real one moved to that Monday and running (`shifted_clock.py`).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from process_cpu import cpu_seconds
from sandbox_env import sandbox_env
from shifted_clock import shifted_clock_env
from terminal_output import follow_output

FROZEN = "2026-12-07T10:00:00-05:00"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dashboard", action="store_true", help="measure a dashboard instead of a console")
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=1.0, help="takes per second (0: idle)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--settle", type=float, default=20.0)
    parser.add_argument("--clock", choices=("frozen", "real", "shifted"), default="frozen")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jq-one-console-"))
    db = str(work / "office.sqlite")
    env = sandbox_env(work, drop=("COLUMNS", "LINES"))
    if args.clock == "shifted":
        env |= shifted_clock_env(work, FROZEN)
    cli = [sys.executable, "-m", "jq_console", "--db", db, *(["--now", FROZEN] if args.clock == "frozen" else [])]

    def run(*argv: str, login: str | None = None) -> str:
        extra = {"JQ_CONSOLE_AGENT": login} if login else {}
        return subprocess.run([*cli, *argv], env={**env, **extra}, check=True, capture_output=True, text=True).stdout

    print(f"building {args.cases} cases ...", flush=True)
    run("demo", "--cases", str(args.cases), "--seed", "7")
    for login in ("b01", "b02"):
        run("agent", "add", login, "--name", f"Agente {login}")
    free = [case["id"] for case in json.loads(run("cases", "--json")) if not case.get("agent")]

    pid, master = pty.fork()
    if pid == 0:  # the measured process, in a 160x48 terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
        argv = [*cli, "dashboard"] if args.dashboard else cli
        os.execvpe(argv[0], argv, env if args.dashboard else {**env, "JQ_CONSOLE_AGENT": "b02"})
    written = [0]

    def count(chunk: bytes) -> None:
        written[0] += len(chunk)

    follow_output(master, count)
    time.sleep(args.settle)

    bytes_before, cpu_before, start, taken = written[0], cpu_seconds(pid), time.monotonic(), 0
    while time.monotonic() - start < args.seconds:
        if args.rate and free:
            run("take", free.pop(0), login="b01")  # the top of the queue: on screen, as in the office
            taken += 1
            time.sleep(max(0.0, start + taken / args.rate - time.monotonic()))
        else:
            time.sleep(0.5)
    elapsed = time.monotonic() - start
    cpu = 100 * (cpu_seconds(pid) - cpu_before) / elapsed
    kind = "dashboard" if args.dashboard else "console"
    rate = (written[0] - bytes_before) / elapsed
    print(f"{kind}: {taken} takes in {elapsed:.1f} s; CPU {cpu:.2f} % of one core; {rate:.0f} bytes/s")
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
