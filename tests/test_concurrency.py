"""Twenty agents pressing "take" at once, in twenty real processes on one database file."""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from office_support import cli, env, make_office

from jq_console.cli import main
from jq_console.store.changes import ChangeWatcher
from jq_console.store.engine import make_engine

pytestmark = pytest.mark.slow

AGENTS = 20
ROUNDS = 8
CLI_AGENTS = 4  # whole programs cost ~0.8 s of CPU each; the forked workers above are the twenty


def _agent(db: str, login: str, codes: list[str], barrier: Any, results: Any) -> None:
    """One agent's process: warm up, then at each barrier release run the real CLI `take`."""
    os.environ["JQ_CONSOLE_AGENT"] = login
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["take", "JQ-1999-99999", "--db", db])  # no such case: loads everything, changes nothing
    for code in codes:
        barrier.wait(timeout=60)  # all twenty press "take" together
        out, err = io.StringIO(), io.StringIO()
        began = time.time()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(["take", code, "--db", db])
        results.put(
            {
                "code": code,
                "login": login,
                "rc": rc,
                "out": out.getvalue(),
                "err": err.getvalue(),
                "began": began,
                "ended": time.time(),
            }
        )


def _workers(db: Path, codes: list[str]) -> list[dict[str, Any]]:
    """Twenty real processes (forked, so they skip the import time, each with its own database
    connections) that take every case at once."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(AGENTS)
    results = context.SimpleQueue()
    processes = [
        context.Process(target=_agent, args=(str(db), f"a{n:02d}", codes, barrier, results))
        for n in range(1, AGENTS + 1)
    ]
    for process in processes:
        process.start()
    collected = [results.get() for _ in range(AGENTS * len(codes))]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return collected


@pytest.mark.long
def test_twenty_processes_take_the_same_cases_exactly_one_wins_each(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    codes = make_office(db, agents=AGENTS, cases=ROUNDS)
    results = _workers(db, codes)
    assert len(results) == AGENTS * ROUNDS
    connection = sqlite3.connect(db)
    for code in codes:
        attempts = [r for r in results if r["code"] == code]
        winners = [r for r in attempts if r["rc"] == 0]
        assert len(winners) == 1, attempts
        winner = winners[0]["out"].split(" tomado por ")[1].strip().rstrip(".")
        for loser in attempts:
            text = f"{loser['out']}{loser['err']}".lower()
            assert "locked" not in text and "traceback" not in text
            if loser["rc"] != 0:
                assert f"ya lo tomó {winner}" in loser["err"], loser
        agent, status = connection.execute('SELECT agent, status FROM "case" WHERE code = ?', (code,)).fetchone()
        assert (agent, status) == (winner, "assigned")
        takes = connection.execute(
            "SELECT actor FROM case_event e JOIN \"case\" c ON c.id = e.case_id WHERE c.code = ? AND e.kind = 'take'",
            (code,),
        ).fetchall()
        assert takes == [(winner,)]
    # The races were real: attempts on the same case ran at the same time (how many overlap
    # depends on the machine's load, so only "some, on every case" is asserted).
    for code in codes:
        attempts = [r for r in results if r["code"] == code]
        first_end = min(r["ended"] for r in attempts)
        assert sum(1 for r in attempts if r["began"] < first_end) >= 2, code
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_take_command_exit_codes_and_the_winners_name(tmp_path: Path) -> None:
    """The `jq-console take` command itself, started as separate programs at once."""
    db = tmp_path / "office.sqlite"
    [code] = make_office(db, agents=AGENTS, cases=1)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "jq_console", "take", code, "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(f"a{n:02d}"),
        )
        for n in range(1, CLI_AGENTS + 1)
    ]
    outcomes = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    winners = [out for rc, out, _ in outcomes if rc == 0]
    assert len(winners) == 1
    winner = winners[0].split(" tomado por ")[1].strip().rstrip(".")
    losers = [(rc, err) for rc, _, err in outcomes if rc != 0]
    assert len(losers) == CLI_AGENTS - 1
    assert all(rc == 1 and f"El caso ya lo tomó {winner}." in err for rc, err in losers)


def test_unknown_login_cannot_take(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    [code] = make_office(db, cases=1)
    result = cli("take", code, "--db", str(db), login="intruso")
    assert result.returncode != 0
    assert "intruso no está registrado como agente" in result.stderr
    assert "Traceback" not in result.stderr
    connection = sqlite3.connect(db)
    assert connection.execute('SELECT agent FROM "case"').fetchone() == (None,)


def test_a_change_by_another_process_is_seen_by_the_watcher(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    [code] = make_office(db, cases=1)
    engine = make_engine(str(db), readonly=True)
    watcher = ChangeWatcher(engine)
    try:
        assert watcher.changed() is True  # the first look always counts
        assert watcher.changed() is False  # nothing happened since
        assert cli("take", code, "--db", str(db), login="a01").returncode == 0
        assert watcher.changed() is True
        assert watcher.changed() is False
    finally:
        watcher.close()
        engine.dispose()
