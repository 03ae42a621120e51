"""Years of history in one SQLite file, fast: the demo's clients, agents and open cases, plus closed
cases spread over the years before the clock, each with its history lines, time entries and (when a
deadline was broken) its recorded breach, corrective action and all. For the figures of
`bench_history.py` (a desk with 1,000,000 cases of which 10,000 are open).

    python benchmarks/build_history.py /tmp/jq-history-1m.sqlite                      # 1,000,000 cases
    python benchmarks/build_history.py /tmp/jq-history-100k.sqlite --cases 100000

Each case is drawn by the demo's own generator (`store.demo._case`, at a random instant of the past
for a closed one), so the values look like the demo's; the rows go in as plain tuples through
`executemany`, in transactions of `--batch` cases, on the raw sqlite3 connection, chained like the
demo's (`store.ledger`). The clock is frozen at `--now` (the office benchmark's), so a console or
dashboard started with the same `--now` sees the open cases as the builder left them.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime
from jq_console.domain.breaches import broken_due
from jq_console.store import demo
from jq_console.store.cases import rekey
from jq_console.store.demo import DAY, DemoOptions, fill_demo
from jq_console.store.engine import make_engine, write
from jq_console.store.ledger import EVENT_COLUMNS, canonical, seal

FROZEN = "2026-12-07T10:00:00-05:00"  # bench_office's frozen clock: a Monday in working hours
CASE_COLUMNS = (
    "id",
    "code",
    "client_id",
    "reporter_id",
    "title",
    "description",
    "severity",
    "category",
    "channel",
    "scope",
    "justification",
    "service",
    "level",
    "status",
    "verification",
    "agent",
    "opened_at",
    "assignment_due",
    "resolution_due",
    "resolution_left",
    "assigned_at",
    "resolved_at",
    "closed_at",
    "notified_at",
    "partner",
    "is_open",
    "version",
    "policy_version",
    "assignment_run",
    "resolution_run",
)
ENTRY_COLUMNS = ("case_id", "agent", "started_at", "minutes", "note", "corrects_id", "created_at")
BREACH_COLUMNS = ("case_id", "clock", "occurrence", "due", "severity", "policy_version", "recorded_at")
ACTION_COLUMNS = ("corrective_note", "corrective_by", "corrective_at")
WITHOUT_ACTION = 0.01  # share of old breaches still waiting for their corrective action


def _insert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{name}"' for name in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


class Chain:
    """The ledger's hash chain of one table, carried across batches (`store.ledger.link`, in bulk)."""

    def __init__(self, table: str, head: str) -> None:
        self.table, self.head, self.length = table, head, 0

    def seal(self, values: dict[str, Any]) -> str:
        self.head = seal(self.head, canonical(self.table, values))
        self.length += 1
        return self.head


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the SQLite file to create (must not exist)")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=10_000, dest="open_cases")
    parser.add_argument("--years", type=float, default=8.0, help="how far back the history goes")
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--now", default=FROZEN)
    args = parser.parse_args()
    path = Path(args.path)
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    began = time.monotonic()
    runtime = load_runtime(str(DEFAULT_POLICY), frozen_clock(datetime.fromisoformat(args.now)))
    now = runtime.now()
    engine = make_engine(str(path))
    fill_demo(engine, runtime, DemoOptions(cases=0, login="ana"))  # clients, contacts, agents, partners
    engine.dispose()

    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-200000")
    clients = [
        dict(zip(("id", "service", "level"), row)) for row in raw.execute("SELECT id, service, level FROM client")
    ]
    contacts: dict[int, list[dict[str, Any]]] = {}
    for contact_id, client_id, name, role in raw.execute("SELECT id, client_id, name, role FROM contact ORDER BY id"):
        contacts.setdefault(client_id, []).append({"id": contact_id, "name": name, "role": role})
    agents = [row[0] for row in raw.execute("SELECT login FROM agent WHERE role = 'agent' ORDER BY login")]
    chains = {
        table: Chain(table, str(raw.execute("SELECT hash FROM chain_head WHERE name = ?", (table,)).fetchone()[0]))
        for table in ("case_event", "time_entry", "breach")
    }
    rng = random.Random(args.seed)
    closed = args.cases - args.open_cases
    # The past instants the closed cases were drawn at, oldest first: ids and codes follow time.
    instants = sorted(now - rng.uniform(3 * DAY, args.years * 365 * DAY) for _ in range(closed))
    sequences: dict[int, int] = {}
    case_id = 0
    insert_case = _insert("case", CASE_COLUMNS)
    insert_event = _insert("case_event", ("case_id", *EVENT_COLUMNS[1:], "chain_hash"))
    insert_entry = _insert("time_entry", (*ENTRY_COLUMNS, "chain_hash"))
    insert_breach = _insert("breach", (*BREACH_COLUMNS, *ACTION_COLUMNS, "chain_hash"))
    plan = [(at, False) for at in instants] + [(now, True)] * args.open_cases
    for first in range(0, len(plan), args.batch):
        cases, events, entries, breaches = [], [], [], []
        for at, is_open in plan[first : first + args.batch]:
            client = rng.choice(clients)
            row, lines = demo._case(rng, runtime, client, contacts[client["id"]], agents, at, is_open)
            case_id += 1
            year = datetime.fromtimestamp(row["opened_at"], runtime.tz).year
            sequences[year] = sequences.get(year, 0) + 1
            row.update(
                id=case_id,
                code=f"JQ-{year}-{sequences[year]:05d}",
                description="",
                policy_version=1,
                assignment_run=1,
                resolution_run=1,
            )
            cases.append(tuple(row.get(name) for name in CASE_COLUMNS))
            for line in lines:
                values = {**line, "case_id": case_id}
                events.append(
                    (case_id, *(values[name] for name in EVENT_COLUMNS[1:]), chains["case_event"].seal(values))
                )
            entries.extend(_entries(rng, row, chains["time_entry"]))
            if not is_open:
                breaches.extend(_breaches(rng, row, now, chains["breach"]))
        raw.execute("BEGIN")
        raw.executemany(insert_case, cases)
        raw.executemany(insert_event, events)
        raw.executemany(insert_entry, entries)
        raw.executemany(insert_breach, breaches)
        raw.execute("COMMIT")
        print(f"{case_id:>9,} cases  {time.monotonic() - began:6.1f} s", flush=True)
    raw.execute("BEGIN")
    raw.executemany(
        'INSERT INTO case_sequence ("year", "last") VALUES (?, ?) '
        'ON CONFLICT ("year") DO UPDATE SET "last" = excluded."last"',
        list(sequences.items()),
    )
    for chain in chains.values():
        raw.execute(
            "UPDATE chain_head SET hash = ?, length = length + ? WHERE name = ?",
            (chain.head, chain.length, chain.table),
        )
    raw.execute("COMMIT")
    raw.execute("ANALYZE")
    raw.close()
    engine = make_engine(str(path))
    write(engine, lambda connection: rekey(connection, runtime.policy))  # the open cases' queue keys
    engine.dispose()
    size, seconds = path.stat().st_size / 1e6, time.monotonic() - began
    print(f"built {args.cases:,} cases ({args.open_cases:,} open) in {path}: {size:,.0f} MB, {seconds:.0f} s")
    return 0


def _entries(rng: random.Random, row: dict[str, Any], chain: Chain) -> list[tuple[Any, ...]]:
    """Time entries as the demo logs them: contractual work always, some subscription work."""
    agent = row["agent"]
    if not agent or not (row["service"] == "contractual" or rng.random() < 0.3):
        return []
    result = []
    start = (row["assigned_at"] or row["opened_at"]) + 600
    for _ in range(rng.randint(1, 3)):
        minutes = rng.choice((10, 20, 35, 45, 60, 75, 90, 130))
        values = {
            "case_id": row["id"],
            "agent": agent,
            "started_at": start,
            "minutes": minutes,
            "note": "Trabajo de demostración",
            "corrects_id": None,
            "created_at": start + minutes * 60,
        }
        result.append((*(values[name] for name in ENTRY_COLUMNS), chain.seal(values)))
        start += minutes * 60 + 1800
    return result


def _breaches(rng: random.Random, row: dict[str, Any], now: float, chain: Chain) -> list[tuple[Any, ...]]:
    """A closed case's broken deadlines, recorded when they were met late, nearly all with their
    corrective action (a desk keeps up with them)."""
    case = _Facts(row)
    result = []
    for clock in ("assignment", "resolution"):
        due = broken_due(case, clock, now)  # type: ignore[arg-type]
        if due is None:
            continue
        met = row["assigned_at"] if clock == "assignment" else row["resolved_at"]
        values = {
            "case_id": row["id"],
            "clock": clock,
            "occurrence": 1,
            "due": due,
            "severity": row["severity"],
            "policy_version": 1,
            "recorded_at": met,
        }
        action: tuple[Any, ...] = (None, None, None)
        if rng.random() >= WITHOUT_ACTION:
            action = ("Revisado con el agente", "lrestrepo", met + DAY)
        result.append((*(values[name] for name in BREACH_COLUMNS), *action, chain.seal(values)))
    return result


class _Facts:
    """The few attributes `broken_due` reads, from a row about to be inserted."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.assignment_due = row["assignment_due"]
        self.assigned_at = row["assigned_at"]
        self.resolution_due = row["resolution_due"]
        self.resolved_at = row["resolved_at"]
        self.is_open = row["is_open"]


if __name__ == "__main__":
    sys.exit(main())
