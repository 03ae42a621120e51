"""Store throughput: 20 processes taking and updating cases at once, on SQLite and on PostgreSQL.

Each process plays an agent for a fixed time: it either takes a case it saw unassigned or moves
one of its own cases on (start, wait on the client, resume), always through `store.moves.apply_seen`
on the copy it last saw, as the console does (re-reading a case only when told it changed). Printed per
engine: operations per second (every apply, won or refused), how many lost a race and were told
"the case changed" (expected, and harmless), lock errors that reached the user (must be 0),
other errors (must be 0) and double assignments (a case taken by two agents: must be 0).

    python benchmarks/bench_store.py                      # SQLite + a private PostgreSQL server
    python benchmarks/bench_store.py --pg postgresql+psycopg://user@host/db
    python benchmarks/bench_store.py --seconds 20 --processes 20 --cases 3000

With no --pg and no JQ_CONSOLE_TEST_PG, a throw-away server is started with `.ci/postgres` (the
Debian server binaries must be installed) and stopped at the end. Runs under pytest too
(`-o python_files='bench_*.py'`), but nothing in it asserts on time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, make_url, select, text

from jq_console.bootstrap import Runtime, load_runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import Refused
from jq_console.domain.rules import Registration, evaluate
from jq_console.store import cases as case_store
from jq_console.store import moves
from jq_console.store.engine import make_engine, read, write
from jq_console.store.errors import BUSY, StoreError
from jq_console.store.schema import create_schema
from jq_console.store.tables import CaseEvent, CaseRow, Client, Contact

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    operations: int = 0
    won: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    lock_errors: int = 0
    other_errors: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def _prepare(url: str, runtime: Runtime, cases: int) -> list[str]:
    engine = make_engine(url)
    create_schema(engine, runtime.policy)

    def work(connection: Any) -> list[str]:
        client = connection.execute(
            insert(Client).values(nit="900123456-8", name="Bench S.A.S.", service="subscription", level=3, uc=10)
        ).inserted_primary_key[0]
        contact = connection.execute(
            insert(Contact).values(client_id=client, name="Ana", role="usr", phone="", email="")
        ).inserted_primary_key[0]
        verdict = evaluate(runtime.policy, Registration("subscription", 3, True, "usr", "form", "S2", "fault"))
        codes = []
        for number in range(cases):
            new = case_store.NewCase(
                client, contact, f"Caso {number}", "", random.choice(("S1", "S2", "S3")), "fault", "form"
            )
            codes.append(case_store.insert_case(connection, runtime, new, verdict, "bench").code)
        return codes

    codes = write(engine, work)
    engine.dispose()
    return codes


def _agent(url: str, runtime: Runtime, agent: str, codes: list[str], go: Any, seconds: float, results: Any) -> None:
    """One agent. Like the console, it acts with the version it last saw (the queue's copy) and
    re-reads a case only after being told it changed."""
    rng = random.Random(agent)
    engine = make_engine(url)
    tally = Tally()
    seen = {case.code: case for case in case_store.open_cases(engine)}  # the queue as first loaded
    unassigned = [code for code in codes if seen[code].agent is None]  # what the queue offers to take
    mine: list[str] = []
    results.put("ready")
    go.wait()  # every agent has loaded its queue: all start together
    end = time.time() + seconds
    while time.time() < end:
        if mine and (rng.random() < 0.5 or not unassigned):
            code = rng.choice(mine)
            decide = _next_move(runtime, seen[code].status)
        elif unassigned:
            index = rng.randrange(len(unassigned))
            code = unassigned[index]
            if seen[code].agent is not None:  # known taken: no longer offered (swap-remove, O(1))
                unassigned[index] = unassigned[-1]
                unassigned.pop()
                continue
            decide = lambda c: lifecycle.take(c, agent, runtime.now())  # noqa: E731
        else:
            break  # nothing left to take and nothing of its own: this agent is done
        began = time.perf_counter()
        tally.operations += 1
        try:
            changed = moves.apply_seen(engine, runtime, seen[code], agent, decide)
            tally.won += 1
            seen[code] = changed
            if changed.agent == agent and code not in mine:
                mine.append(code)
                tally.taken.append(code)
        except Refused as refusal:
            tally.refused[refusal.code] += 1
            fresh = case_store.get_case(engine, code)  # what the console does: reload, show, let the user retry
            assert fresh is not None
            seen[code] = fresh
        except StoreError as error:
            if error.code == BUSY:
                tally.lock_errors += 1
            else:
                tally.other_errors.append(f"{error.code} {error.params}")
        except Exception as error:  # noqa: BLE001  (reported, never hidden)
            tally.other_errors.append(f"{type(error).__name__}: {error}")
        tally.latencies.append(time.perf_counter() - began)
    engine.dispose()
    results.put(tally)


def _next_move(runtime: Runtime, status: str) -> Any:
    now = runtime.now()
    if status == "assigned":
        return lambda c: lifecycle.start(c)
    if status == "in_progress":
        return lambda c: lifecycle.wait_on_client(c, runtime.engine, now, "Esperando prerrequisitos del cliente")
    return lambda c: lifecycle.resume(c, runtime.engine, now)


def _double_assignments(url: str) -> int:
    engine = make_engine(url)
    rows = read(
        engine,
        lambda c: c.execute(select(CaseEvent.c.case_id, CaseEvent.c.actor).where(CaseEvent.c.kind == "take")).all(),
    )
    holders = read(engine, lambda c: dict(c.execute(select(CaseRow.c.id, CaseRow.c.agent)).all()))
    engine.dispose()
    takers: dict[int, set[str]] = {}
    for case_id, actor in rows:
        takers.setdefault(case_id, set()).add(actor)
    doubles = sum(1 for names in takers.values() if len(names) > 1)
    wrong_holder = sum(1 for case_id, names in takers.items() if holders[case_id] not in names)
    return doubles + wrong_holder


def run(label: str, url: str, processes: int, seconds: float, cases: int) -> dict[str, Any]:
    runtime = load_runtime(None)
    codes = _prepare(url, runtime, cases)
    context = multiprocessing.get_context("fork")
    results, go = context.Queue(), context.Event()
    workers = [
        context.Process(target=_agent, args=(url, runtime, f"agente{n:02d}", codes, go, seconds, results))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        assert results.get(timeout=300) == "ready"
    go.set()
    tallies: list[Tally] = [results.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    taken = [code for tally in tallies for code in tally.taken]
    latencies = sorted(x for tally in tallies for x in tally.latencies)
    summary = {
        "engine": label,
        "operations": sum(t.operations for t in tallies),
        "won": sum(t.won for t in tallies),
        "refused": sum((t.refused for t in tallies), Counter()),
        "lock_errors": sum(t.lock_errors for t in tallies),
        "other_errors": [e for t in tallies for e in t.other_errors],
        "double_assignments": _double_assignments(url) + (len(taken) - len(set(taken))),
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0,
    }
    summary["ops_per_second"] = summary["operations"] / seconds
    return summary


def _print(summary: dict[str, Any], processes: int, seconds: float) -> None:
    refused = ", ".join(f"{code} {count}" for code, count in sorted(summary["refused"].items())) or "none"
    print(
        f"{summary['engine']:<10} {processes} processes x {seconds:g} s: {summary['operations']:,} take/update "
        f"operations, {summary['ops_per_second']:,.0f} ops/s, of which applied {summary['won']:,} "
        f"({summary['won'] / seconds:,.0f}/s; p50 {summary['p50_ms']:.1f} ms, p99 {summary['p99_ms']:.1f} ms); "
        f"lost a race (told 'case changed', reloaded): {refused}; "
        f"lock errors shown: {summary['lock_errors']}; other errors: {len(summary['other_errors'])}; "
        f"double assignments: {summary['double_assignments']}"
    )
    for error in summary["other_errors"][:5]:
        print(f"    error: {error}")


def _private_postgres() -> tuple[str, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tempfile.mkdtemp(prefix="jq-bench-pg-")
    done = subprocess.run(
        [str(ROOT / ".ci" / "postgres"), "start", directory, str(port)], capture_output=True, text=True, timeout=180
    )
    if done.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(done.stderr.strip()[-400:])
    return done.stdout.strip().splitlines()[-1], directory


def _fresh_postgres_database(admin_url: str) -> str:
    name = f"jq_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--cases", type=int, default=6000)
    parser.add_argument("--pg", default=os.environ.get("JQ_CONSOLE_TEST_PG"), help="PostgreSQL admin URL")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}")
    summaries = []
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as directory:
            summary = run("sqlite", str(Path(directory) / "bench.sqlite"), args.processes, args.seconds, args.cases)
        _print(summary, args.processes, args.seconds)
        summaries.append(summary)
    if args.only != "sqlite":
        server_dir = None
        try:
            admin_url = args.pg
            if not admin_url:
                admin_url, server_dir = _private_postgres()
            summary = run("postgresql", _fresh_postgres_database(admin_url), args.processes, args.seconds, args.cases)
            _print(summary, args.processes, args.seconds)
            summaries.append(summary)
        except RuntimeError as error:
            print(f"postgresql skipped: no server could be started ({error})")
        finally:
            if server_dir:
                subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", server_dir], capture_output=True, timeout=60)
    if len(summaries) == 2:
        print(f"ratio postgresql/sqlite: {summaries[1]['ops_per_second'] / summaries[0]['ops_per_second']:.2f}x")
    bad = any(s["lock_errors"] or s["other_errors"] or s["double_assignments"] for s in summaries)
    return 1 if bad else 0


def test_store_throughput() -> None:
    """Under pytest: a shorter run; fails only on lock errors, other errors or double assignments."""
    assert main(["--seconds", "5"]) == 0


if __name__ == "__main__":
    raise SystemExit(main())
