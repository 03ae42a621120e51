"""Claim races: twenty agent processes try to take every one of N new cases, all at once.

Each process walks the same list of cases and calls `store.moves.apply(... lifecycle.take ...)` on
each, the path `jq-console take` and the console's "take" key use. Printed: cases settled per
second (each with exactly one winner), take attempts per second (won or refused), the slowest
single attempt, lock errors that reached the caller (must be 0) and cases with other than one
'take' event (must be 0).

    python benchmarks/bench_claims.py [--processes 20] [--cases 300]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from office_support import make_office, runtime

from jq_console.domain import lifecycle
from jq_console.domain.cases import Refused
from jq_console.store.cases import get_case
from jq_console.store.engine import make_engine
from jq_console.store.errors import BUSY, StoreError
from jq_console.store.moves import apply


def agent(db: str, login: str, codes: list[str], barrier: Any, results: Any) -> None:
    rt = runtime()
    engine = make_engine(db)
    won = refused = locked = 0
    durations: list[float] = []
    get_case(engine, codes[0])  # connect and warm up before the race, not during it
    barrier.wait()
    for code in codes:
        began = time.perf_counter()
        try:
            apply(engine, rt, code, login, lambda case: lifecycle.take(case, login, rt.now()))
            won += 1
        except Refused:
            refused += 1
        except StoreError as error:
            locked += error.code == BUSY
        durations.append(time.perf_counter() - began)
    results.put((won, refused, locked, durations, time.perf_counter()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-claims-"))
    db = folder / "claims.sqlite"
    codes = make_office(db, agents=args.processes, cases=args.cases)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.processes + 1)
    results = context.SimpleQueue()
    processes = [
        context.Process(target=agent, args=(str(db), f"a{n:02d}", codes, barrier, results))
        for n in range(1, args.processes + 1)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    outcomes = [results.get() for _ in processes]
    elapsed = max(outcome[4] for outcome in outcomes) - started
    for process in processes:
        process.join()
    won = sum(o[0] for o in outcomes)
    attempts = sum(o[0] + o[1] + o[2] for o in outcomes)
    connection = sqlite3.connect(db)
    bad = connection.execute(
        'SELECT count(*) FROM "case" c WHERE (SELECT count(*) FROM case_event e '
        "WHERE e.case_id = c.id AND e.kind = 'take') != 1"
    ).fetchone()[0]
    print(f"{args.processes} processes x {args.cases} cases in {elapsed:.2f} s")
    print(f"  cases settled: {won} ({won / elapsed:,.0f}/s), attempts: {attempts} ({attempts / elapsed:,.0f}/s)")
    times = sorted(d for o in outcomes for d in o[3])
    print(
        f"  attempt median {times[len(times) // 2] * 1000:.1f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.0f} ms, "
        f"slowest {times[-1] * 1000:.0f} ms"
    )
    print(f"  lock errors: {sum(o[2] for o in outcomes)}, cases without exactly one take: {bad}")
    connection.close()
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
