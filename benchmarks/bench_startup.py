"""What starting costs: importing the command, a scripted change, and the memory of a console and a
dashboard after their first paint beside a bare Textual app (Header, Static, Footer).

    python benchmarks/bench_startup.py                  # 7 runs of each command, 300 demo cases
    python benchmarks/bench_startup.py --runs 11 --cases 3000
    python benchmarks/bench_startup.py --trace          # also: where the console's memory goes

Figures (each the median of `--runs`; CPU is user + system time of the child process, read with
getrusage, so a busy machine slows it less than the wall clock):
- `import jq_console.cli`: CPU, and the cumulative import time `python -X importtime` reports;
- the modules a bare `jq-console take` leaves in `sys.modules`, and whether the heavy ones are among them;
- `jq-console take CODE` on a demo database (a different free case each run): CPU and wall time;
- takes made by `jq-console batch -` (read from a pipe), in `BATCH_PAIRS` pairs of a one-take batch and
  a batch of `--batch` takes (medians): the CPU of each, and what each take beyond the first adds (the
  larger batch's CPU less the one-take batch's, shared among its other takes);
- `jq-console --help`: CPU;
- resident memory (VmRSS) of the console, the dashboard and the bare app once each has drawn its
  first screen in a pseudo-terminal (`--size`) and then stayed quiet for a second;
- what the layers a console stands on cost to import (CPU, RSS, modules), each over the one before:
  textual, SQLAlchemy core, our tables (Core `Table` objects), the console's modules;
- with `--trace`: the console started headless in a child process (`App.run_test`), tracemalloc's
  allocations after the first paint grouped by top-level package, and the modules by package.

Needs `pyte` (`pip install -e ".[bench]"`). Linux only (/proc, pty). The load average is printed
beside the figures: the machine may be shared.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import resource
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from sandbox_env import sandbox_env
from terminal_output import follow_output

FROZEN = "2026-12-07T10:00:00-05:00"  # a Monday in working hours
BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare", id="s")
        yield Footer()

Bare().run()
"""
BATCH_PAIRS = 3
HEAVY = ("alembic", "psycopg", "fpdf", "pypdf", "aiohttp", "textual_serve", "smtplib", "imaplib", "holidays")
PROBE = """
import sys
from jq_console.cli import main
code = main(sys.argv[1:])
heavy = [name for name in {heavy!r} if name in sys.modules]
print(json.dumps({{"modules": len(sys.modules), "heavy": heavy}}), file=sys.stderr)
"""


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def child_cpu(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(CPU seconds, wall seconds, the result) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(list(argv), env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done


def run(argv: Sequence[str], env: dict[str, str]) -> str:
    done = subprocess.run(list(argv), env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return done.stdout


def batch_takes(
    cli: list[str], db: str, now: list[str], env: dict[str, str], codes: list[str], size: int
) -> list[tuple[str, str]]:
    """`BATCH_PAIRS` times, one batch taking a case, then one taking `size` others: the median CPU of
    each, and what a take adds to a batch (the median difference, shared among the extra takes)."""
    batch = [*cli, "--db", db, *now, "batch", "-"]
    free = iter(codes)
    ones: list[float] = []
    manys: list[float] = []
    for _ in range(BATCH_PAIRS):
        for lines, spent in (([next(free)], ones), ([next(free) for _ in range(size)], manys)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run(
                batch, env=env, input="".join(f"take {code}\n" for code in lines), capture_output=True, text=True
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode != 0:
                raise SystemExit(f"batch failed:\n{done.stderr}")
            spent.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    one, many = statistics.median(ones), statistics.median(manys)
    each = statistics.median((m - o) / (size - 1) for o, m in zip(ones, manys, strict=True))
    return [
        ("jq-console batch of 1 take, CPU", f"{one:.3f} s"),
        (f"jq-console batch of {size} takes, CPU", f"{many:.3f} s ({many / size:.3f} s a take)"),
        ("each take beyond a batch's first, CPU", f"{each * 1000:.1f} ms"),
    ]


def import_time_us(env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import jq_console.cli"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for line in done.stderr.splitlines():
        if line.rstrip().endswith("| jq_console.cli"):
            return int(line.split("|")[1])
    return 0


def rss_after_first_paint(argv: Sequence[str], env: dict[str, str], size: tuple[int, int], expect: str) -> float:
    """VmRSS (MB) once the process has drawn a screen that shows `expect` and then written nothing for
    a second (or after 30 s)."""
    import pyte

    columns, rows = size
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    sized = env | {"COLUMNS": str(columns), "LINES": str(rows)}  # these win over the terminal's own size
    process = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave, env=sized, start_new_session=True)
    os.close(slave)
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    lock = threading.Lock()
    last = [0.0]

    def feed(chunk: bytes) -> None:
        with lock:
            stream.feed(chunk)
            last[0] = time.monotonic()

    follow_output(master, feed)
    start = time.monotonic()
    try:
        while time.monotonic() - start < 30:
            time.sleep(0.1)
            with lock:
                shown = expect in "\n".join(screen.display)
                quiet = last[0] and time.monotonic() - last[0] > 1.0
            if shown and quiet:
                break
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        os.close(master)


def trace(db: str, env: dict[str, str]) -> None:
    """`trace_child` in a process of its own (tracemalloc from its first import)."""
    done = subprocess.run(
        [sys.executable, "-X", "tracemalloc=1", __file__, "--trace-child", db],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    print(done.stdout or done.stderr[-3000:])


def _package(name: str) -> str:
    if "site-packages/" in name:
        return name.split("site-packages/")[-1].split("/")[0]
    if "/jq_console/" in name:
        return "jq_console"
    return "stdlib and importlib" if "python3" in name or name.startswith("<frozen") else name


def trace_child(db: str) -> None:
    """The console headless (`App.run_test`) on `db`: tracemalloc's allocations after the first paint by
    package (the modules' code counts under `stdlib and importlib`), and the modules by package."""
    import asyncio
    import tracemalloc

    from jq_console.application.policy import record_runtime
    from jq_console.application.services import Services
    from jq_console.bootstrap import frozen_clock
    from jq_console.store.engine import make_engine
    from jq_console.ui.app import create_app

    engine = make_engine(db)
    runtime = record_runtime(engine)
    assert runtime is not None
    from datetime import datetime

    runtime.clock = frozen_clock(datetime.fromisoformat(FROZEN))
    app = create_app(Services(engine, runtime, "b01", "admin"))

    async def first_paint() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            for _ in range(30):  # the first load runs in a worker; the watch loop never ends
                await pilot.pause(0.1)
            sizes: dict[str, int] = {}
            for stat in tracemalloc.take_snapshot().statistics("filename"):
                key = _package(stat.traceback[0].filename)
                sizes[key] = sizes.get(key, 0) + stat.size
            print(f"tracemalloc after first paint: {sum(sizes.values()) / 2**20:.1f} MB, {len(sys.modules)} modules")
            for key, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:12]:
                print(f"  {size / 2**20:7.2f} MB  {key}")
            modules: dict[str, int] = {}
            for name in sys.modules:
                top = ".".join(name.split(".")[:2]) if name.startswith("jq_console.") else name.split(".")[0]
                modules[top] = modules.get(top, 0) + 1
            biggest = sorted(modules.items(), key=lambda kv: -kv[1])[:20]
            print("  modules by package:", ", ".join(f"{k} {v}" for k, v in biggest))

    asyncio.run(first_paint())


IMPORT_STEPS = (
    ("python", "pass"),
    ("+ textual (App, widgets)", "import textual.app, textual.widgets"),
    ("+ sqlalchemy (core)", "import sqlalchemy"),
    ("+ jq_console.store.tables", "import jq_console.store.tables"),
    ("+ the console (ui.app, queue screen)", "import jq_console.ui.app, jq_console.ui.screens.queue"),
)
PROBE_RSS = (
    "import sys\n{}\nprint(sys.argv[1], len(sys.modules),"
    " [line for line in open('/proc/self/status') if line.startswith('VmRSS')][0].split()[1])"
)


def import_steps(env: dict[str, str], runs: int) -> list[tuple[str, str]]:
    """CPU and resident memory of importing the layers a console stands on, each over the one before."""
    rows = []
    imported: list[str] = []
    for what, statement in IMPORT_STEPS:
        imported.append(statement)
        code = PROBE_RSS.format("\n".join(imported))
        measured = [child_cpu([sys.executable, "-c", code, what], env) for _ in range(runs)]
        cpu = statistics.median(c for c, _, _ in measured)
        _, modules, rss_kb = measured[-1][2].stdout.rsplit(maxsplit=2)
        rows.append((f"import: {what}", f"{cpu:.3f} s CPU, {int(rss_kb) / 1024:.0f} MB, {modules} modules"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--batch", type=int, default=10, help="takes in the larger batch of each pair (default 10)")
    parser.add_argument("--trace", action="store_true", help="also tracemalloc by package (in-process, headless)")
    parser.add_argument("--trace-child", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch < 2:
        parser.error("--batch: at least 2 takes (what a take adds is measured beyond the first)")
    if args.trace_child:
        trace_child(args.trace_child)
        return 0
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    work = Path(tempfile.mkdtemp(prefix="jq-startup-"))
    db = str(work / "startup.sqlite")
    # An installed console has its bytecode compiled: so must the measured one (the first run writes it).
    env = sandbox_env(work, JQ_CONSOLE_AGENT="b01")
    cli = [sys.executable, "-m", "jq_console"]
    now = ["--now", FROZEN]
    print(f"building {args.cases} cases in {db} ...", flush=True)
    run([*cli, "--db", db, *now, "demo", "--cases", str(args.cases), "--seed", "7"], env)
    queue = json.loads(run([*cli, "--db", db, *now, "cases", "--json"], env))
    free = [case["id"] for case in queue if not case.get("agent")]
    if len(free) < args.runs + 1 + BATCH_PAIRS * (1 + args.batch):
        raise SystemExit(f"only {len(free)} free cases: ask for more --cases")

    rows_out: list[tuple[str, str]] = []
    print(load(), flush=True)
    base = [child_cpu([sys.executable, "-c", "pass"], env)[0] for _ in range(args.runs)]
    rows_out.append(("python -c pass, CPU", f"{statistics.median(base):.3f} s"))
    imports = [child_cpu([sys.executable, "-c", "import jq_console.cli"], env) for _ in range(args.runs)]
    rows_out.append(
        (
            "import jq_console.cli, CPU / wall",
            f"{statistics.median(c for c, _, _ in imports):.3f} s"
            f" / {statistics.median(w for _, w, _ in imports):.3f} s",
        )
    )
    cumulative = [import_time_us(env) for _ in range(args.runs)]
    rows_out.append(("import jq_console.cli, -X importtime cumulative", f"{statistics.median(cumulative) / 1e6:.3f} s"))
    helps = [child_cpu([*cli, "--help"], env)[0] for _ in range(args.runs)]
    rows_out.append(("jq-console --help, CPU", f"{statistics.median(helps):.3f} s"))

    takes = []
    for code in free[: args.runs]:
        cpu, wall, done = child_cpu([*cli, "--db", db, *now, "take", code], env)
        if done.returncode != 0:
            raise SystemExit(f"take {code} failed:\n{done.stderr}")
        takes.append((cpu, wall))
    rows_out.append(
        (
            "jq-console take, CPU / wall",
            f"{statistics.median(c for c, _ in takes):.3f} s / {statistics.median(w for _, w in takes):.3f} s",
        )
    )
    rows_out.extend(batch_takes(cli, db, now, env, free[args.runs + 1 :], args.batch))
    probe = PROBE.format(heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + probe, "--db", db, *now, "take", free[args.runs]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = json.loads(done.stderr.strip().splitlines()[-1])
    rows_out.append(
        ("modules after a take / heavy ones among them", f"{found['modules']} / {found['heavy'] or 'none'}")
    )

    print(load(), flush=True)
    size = (columns, rows)
    bare = statistics.median(
        rss_after_first_paint([sys.executable, "-c", BARE_APP], env, size, "bare") for _ in range(3)
    )
    console = statistics.median(rss_after_first_paint([*cli, "--db", db, *now], env, size, free[-1]) for _ in range(3))
    dashboard = statistics.median(
        rss_after_first_paint([*cli, "--db", db, *now, "dashboard"], env, size, "b01") for _ in range(3)
    )
    rows_out.append(("bare Textual app RSS after first paint", f"{bare:.0f} MB"))
    rows_out.append(("console RSS after first paint", f"{console:.0f} MB ({console / bare:.1f}x bare)"))
    rows_out.append(("dashboard RSS after first paint", f"{dashboard:.0f} MB ({dashboard / bare:.1f}x bare)"))

    print(f"\n{args.cases} demo cases, {args.size}, median of {args.runs} runs; {load()}")
    print("| figure | measured |\n| --- | --- |")
    for what, figure in rows_out:
        print(f"| {what} | {figure} |")
    print("\n| what the console stands on | cost |\n| --- | --- |")
    for what, figure in import_steps(env, args.runs):
        print(f"| {what} | {figure} |")
    if args.trace:
        print()
        trace(db, env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
