"""Years of history: does the cost follow what is shown, not the number of closed cases?

    python benchmarks/bench_history.py                                   # 1,000,000 cases, 10,000 open
    python benchmarks/bench_history.py --db /tmp/jq-history-100k.sqlite --cases 100000
    python benchmarks/bench_history.py --open-only       # and the same open cases without the history

Builds the database with `build_history.py` when the file is missing (kept under /tmp, never in the
repository), then measures, each as a real process in a pseudo-terminal of `--size` (as
`bench_office.py` runs them), `--runs` times, the median printed:
- first paint: from the start of `jq-console dashboard` until its status line says it is updated,
  and of the console until its queue shows a case; memory (resident, and its peak) once settled,
  beside a bare Textual app's measured the same way;
- `jq-console billing --month` of the month before the clock's: wall time and peak memory;
and in this process, the dashboard's reads (`application.oversight.DashboardReads`): the first load,
a reload after a change (a case taken by another process) and a reload with nothing changed;
with `--open-only`, also the console's and the dashboard's memory on a database of the same open
cases and no history at all (built beside `--db`): what the closed cases add to it.

Needs `pyte` (`pip install -e ".[bench]"`). Linux only (/proc, pty).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bench_office import BARE_APP, FROZEN, Terminal, spawn
from sandbox_env import sandbox_env

TARGETS = {"first paint": 1.5, "reload": 0.3, "billing": 0.5}


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def first_paint(
    name: str, argv: list[str], env: dict[str, str], size: tuple[int, int], ready: Callable[[str], bool]
) -> tuple[float, float, float]:
    """Seconds until `ready(screen text)`, then resident and peak MB two seconds later."""
    began = time.monotonic()
    terminal: Terminal = spawn(name, argv, env, size)
    try:
        while not ready("\n".join(terminal.lines())):
            if terminal.process.poll() is not None:
                raise SystemExit(f"{name} ended: {' '.join(terminal.lines())}")
            if time.monotonic() - began > 120:
                raise SystemExit(f"{name} never painted")
            time.sleep(0.01)
        seconds = time.monotonic() - began
        time.sleep(2.0)
        return seconds, terminal.rss_mb(), _peak_mb(terminal.process.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
            os.killpg(terminal.process.pid, signal.SIGTERM)
        terminal.process.wait()


def build(db: str, cases: int, open_cases: int) -> None:
    """`build_history.py`'s database at `db`, unless it is there."""
    if not Path(db).exists():
        builder = [sys.executable, str(Path(__file__).resolve().parent / "build_history.py"), db]
        subprocess.run([*builder, "--cases", str(cases), "--open", str(open_cases)], check=True)


def without_history(
    db: str, open_cases: int, env: dict[str, str], size: tuple[int, int], runs: int
) -> dict[str, float]:
    """Resident MB of the dashboard and the console (medians of `runs`) on a database holding the same
    number of open cases as `db` and no closed one, built beside it."""
    bare = str(Path(db).with_name(f"{Path(db).stem}-open-only.sqlite"))
    build(bare, open_cases, open_cases)
    return {
        name: statistics.median(first_paint(name, argv, env, size, ready)[1] for _ in range(runs))
        for name, (argv, ready) in apps(bare).items()
    }


def apps(db: str) -> dict[str, tuple[list[str], Callable[[str], bool]]]:
    """The dashboard and the console on `db`, each with what its screen shows once first painted:
    the dashboard's status line says it is updated, the console's queue shows a case."""
    cli = [sys.executable, "-m", "jq_console", "--db", db, "--now", FROZEN]
    return {
        "dashboard": ([*cli, "dashboard"], lambda screen: "Actualizado" in screen or "Updated" in screen),
        "console": (cli, lambda screen: "JQ-20" in screen),
    }


def timed_command(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak MB of one command."""
    began = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - began
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return seconds, usage.ru_maxrss / 1024


def reads(db: str, env: dict[str, str], cli: list[str], runs: int) -> dict[str, float]:
    """The dashboard's reads in this process: first load, reload after a take, reload unchanged."""
    from jq_console.application import oversight
    from jq_console.application.oversight import dashboard_services

    # An older tree has no `DashboardReads`: its dashboard's reads, as its screen made them.
    reader: Any = getattr(oversight, "DashboardReads", None) or _older_reads()
    from jq_console.application.oversight import this_month
    from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime
    from jq_console.store.cases import open_cases
    from jq_console.ui.widgets.sla_summary import risky_cases

    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(datetime.fromisoformat(FROZEN)))
    services = dashboard_services(db, runtime, login="ana")
    month = this_month(runtime, runtime.now())
    free = [case.code for case in open_cases(services.engine) if case.agent is None]
    result: dict[str, list[float]] = {"first load": [], "reload after a change": [], "reload, nothing changed": []}

    def timed(dashboard: Any) -> float:  # what the screen's loading thread does
        began = time.monotonic()
        snap, _view = dashboard.load(month)
        if not hasattr(dashboard, "board"):  # an older tree computes the countdowns apart, all of them
            risky_cases(services, snap.open_cases, 300)
        return time.monotonic() - began

    for run in range(runs):
        dashboard = reader(services)
        result["first load"].append(timed(dashboard))
        subprocess.run([*cli, "take", free[run]], env=env, check=True, capture_output=True)
        result["reload after a change"].append(timed(dashboard))
        result["reload, nothing changed"].append(timed(dashboard))
    services.engine.dispose()
    return {name: statistics.median(values) for name, values in result.items()}


def _older_reads() -> type:
    from jq_console.application.oversight import MonthViews, load_snapshot

    class Older:
        def __init__(self, services: Any) -> None:
            self.services, self.views = services, MonthViews(services)

        def load(self, month: Any) -> tuple[Any, Any]:
            return load_snapshot(self.services), self.views.view(month)

    return Older


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/jq-history-1m.sqlite")
    parser.add_argument("--cases", type=int, default=1_000_000, help="when the database is built")
    parser.add_argument("--open", type=int, default=10_000, help="when the database is built")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--month", default="2026-11", help="the month `billing --month` prints")
    parser.add_argument("--reads-only", action="store_true", help="only the dashboard's reads, in this process")
    parser.add_argument(
        "--open-only", action="store_true", help="also the memory with the same open cases and no closed ones"
    )
    args = parser.parse_args()
    build(args.db, args.cases, args.open)
    work = Path(tempfile.mkdtemp(prefix="jq-history-"))
    # The builder's administrator (a sandbox: the variable counts).
    env = sandbox_env(work, JQ_CONSOLE_AGENT="ana")
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    size = (columns, rows)
    cli = [sys.executable, "-m", "jq_console", "--db", args.db, "--now", FROZEN]
    figures: dict[str, list[tuple[float, float, float]]] = {"bare": [], "dashboard": [], "console": []}
    billing: list[tuple[float, float]] = []
    for _ in range(0 if args.reads_only else args.runs):
        figures["bare"].append(first_paint("bare", [sys.executable, "-c", BARE_APP], env, size, lambda s: "bare" in s))
        for name, (argv, ready) in apps(args.db).items():
            figures[name].append(first_paint(name, argv, env, size, ready))
        billing.append(timed_command([*cli, "billing", "--month", args.month], env))
    without = without_history(args.db, args.open, env, size, args.runs) if args.open_only else {}
    measured = reads(args.db, env, cli, args.runs)
    load = os.getloadavg()
    print(f"\n{args.db}; {args.runs} runs, medians; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'figure':<40} {'measured':>12} {'target':>10}")
    bare_rss = statistics.median(f[1] for f in figures["bare"]) if figures["bare"] else 0.0
    for name in () if args.reads_only else ("bare", "dashboard", "console"):
        seconds = statistics.median(f[0] for f in figures[name])
        rss = statistics.median(f[1] for f in figures[name])
        peak = statistics.median(f[2] for f in figures[name])
        target = "" if name == "bare" else f"<= {TARGETS['first paint']} s"
        print(f"{name + ' first paint':<40} {seconds:>10.2f} s {target:>10}")
        memory_target = "" if name == "bare" else f"<= {2 * bare_rss:.0f} MB"
        print(f"{name + ' memory (resident / peak)':<40} {rss:>5.0f}/{peak:<4.0f}MB {memory_target:>10}")
    for name, rss in without.items():
        with_history = statistics.median(f[1] for f in figures[name])
        print(
            f"{name + ' memory, no closed cases':<40} {rss:>9.0f} MB  (the history adds {with_history - rss:+.0f} MB)"
        )
    for name, seconds in measured.items():
        target = f"<= {TARGETS['reload']} s" if name.startswith("reload") else ""
        print(f"{'dashboard ' + name:<40} {seconds * 1000:>9.0f} ms {target:>10}")
    if args.reads_only:
        return 0
    seconds = statistics.median(b[0] for b in billing)
    peak = statistics.median(b[1] for b in billing)
    print(f"{'billing --month ' + args.month:<40} {seconds:>10.2f} s {'<= 0.5 s':>10}")
    print(f"{'billing --month peak memory':<40} {peak:>9.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
