"""A writer killed with SIGKILL in the middle of its work leaves a sound database holding every
write it had reported as committed; and the history cannot be rewritten, not even with raw SQL."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from office_support import env, make_office, runtime
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from jq_console.store.engine import make_engine, write
from jq_console.store.time_entries import log_work

pytestmark = pytest.mark.slow

# Registers cases and moves them as fast as it can; prints each case code and the case's event
# count right after the transaction that wrote them committed.
WRITER = r"""
import sys
sys.path.insert(0, sys.argv[2])
from office_support import runtime
from jq_console.domain import lifecycle
from jq_console.domain.rules import Registration, evaluate
from jq_console.store.cases import NewCase, register
from jq_console.store.moves import apply
from jq_console.store.engine import make_engine
rt = runtime()
engine = make_engine(sys.argv[1])
verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "form", "S2", "fault"))
login = sys.argv[3]
while True:
    case = register(engine, rt, NewCase(1, 1, "Caso de carga", "x" * 2000, "S2", "fault", "form"), verdict, login)
    print(case.code, 1, flush=True)
    apply(engine, rt, case.code, login, lambda c: lifecycle.take(c, login, rt.now()))
    print(case.code, 2, flush=True)
"""


def test_sigkill_mid_work_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, agents=2)
    tests_dir = str(Path(__file__).parent)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), tests_dir, f"a0{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(f"a0{n}"),
        )
        for n in (1, 2)
    ]
    reported: dict[str, int] = {}
    victim = writers[0]
    assert victim.stdout is not None
    while len(reported) < 150:
        line = victim.stdout.readline()
        assert line, victim.stderr.read() if victim.stderr else ""
        code, count = line.split()
        reported[code] = max(reported.get(code, 0), int(count))
    victim.send_signal(signal.SIGKILL)  # mid-loop: usually inside a transaction or an fsync
    victim.wait(timeout=10)
    time.sleep(0.3)  # the other writer goes on over the dead one's leftovers
    writers[1].send_signal(signal.SIGKILL)
    writers[1].wait(timeout=10)
    tail = victim.stdout.read()  # lines printed before the kill but not read yet are commits too
    # Only whole lines: the kill can land between two writes of one line (a print's pieces reach
    # the pipe when its buffer fills), which leaves a code without its count, or half a code.
    for line in tail.split("\n")[:-1]:
        code, count = line.split()
        reported[code] = max(reported.get(code, 0), int(count))

    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    rows = dict(
        connection.execute(
            'SELECT c.code, count(e.id) FROM "case" c JOIN case_event e ON e.case_id = c.id '
            "WHERE c.code IN ({}) GROUP BY c.code".format(",".join("?" * len(reported))),
            list(reported),
        ).fetchall()
    )
    missing = {code: count for code, count in reported.items() if rows.get(code, 0) < count}
    assert not missing
    # Every case is whole: a take event never exists without its case's open event.
    assert connection.execute(
        "SELECT count(*) FROM case_event e WHERE e.kind = 'take' AND NOT EXISTS "
        "(SELECT 1 FROM case_event o WHERE o.case_id = e.case_id AND o.kind = 'open')"
    ).fetchone() == (0,)


def _history_db(tmp_path: Path) -> Path:
    db = tmp_path / "office.sqlite"
    [code] = make_office(db, cases=1)
    engine = make_engine(str(db))
    rt = runtime()
    log_work(engine, code, "a01", rt.now() - 1800, 30, "revisión", rt.now())  # half an hour up to now
    engine.dispose()
    return db


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_event SET note = 'reescrito'",
        "DELETE FROM case_event",
        "UPDATE time_entry SET minutes = 1",
        "DELETE FROM time_entry",
    ],
)
def test_history_is_append_only_even_for_raw_sql(tmp_path: Path, statement: str) -> None:
    db = _history_db(tmp_path)
    connection = sqlite3.connect(db)
    before = connection.execute(
        "SELECT * FROM case_event UNION ALL SELECT id, case_id, created_at, agent, "
        "note, minutes, started_at, corrects_id, chain_hash FROM time_entry"
    ).fetchall()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute(statement)
    connection.rollback()
    after = connection.execute(
        "SELECT * FROM case_event UNION ALL SELECT id, case_id, created_at, agent, "
        "note, minutes, started_at, corrects_id, chain_hash FROM time_entry"
    ).fetchall()
    assert before == after and len(after) >= 2


def test_history_is_append_only_through_the_store(tmp_path: Path) -> None:
    engine = make_engine(str(_history_db(tmp_path)))
    with pytest.raises(IntegrityError, match="append-only"):
        write(engine, lambda c: c.execute(text("DELETE FROM case_event")))
    engine.dispose()
