"""Shared set-up for the office-server tests: a real database file with agents, clients and
unassigned cases, and a way to run the real `jq-console` in other processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from store_backends import copy_of_template

from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.domain.presence import URGENT_SEVERITY
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.vocabulary import Severity
from jq_console.store import directory
from jq_console.store.cases import NewCase, open_in_order, register
from jq_console.store.directory import agent_infos
from jq_console.store.engine import make_engine, read
from jq_console.store.presence import Board, presence_of
from jq_console.store.schema import create_schema

ADMIN = "jefe"


def counted_board(engine: Engine, now: float, away_after_minutes: int) -> Board:
    """What the agents panel shows, counted here from every open case and the directory, read in one
    snapshot: what the console's own counts (`store.presence.open_counts`) must come to."""

    def work(connection: Connection) -> Board:
        cases = open_in_order(connection, None)
        load = Counter(case.agent for case in cases if case.agent is not None)
        urgent = sorted(
            (case for case in cases if case.agent is None and case.severity == URGENT_SEVERITY),
            key=lambda case: (case.opened_at, case.code),
        )
        people = presence_of(agent_infos(connection), dict(load), now, away_after_minutes)
        return Board(people, [case.code for case in urgent])

    return read(engine, work)


def runtime() -> Runtime:
    return load_runtime(str(DEFAULT_POLICY))


def make_office(
    path: Path | str,
    agents: int = 3,
    cases: int = 0,
    severity: Severity = "S2",
    *,
    sandbox: bool = True,
    opened: float | None = None,
) -> list[str]:
    """A database (a SQLite file, or a PostgreSQL URL) with an admin, a supervisor, `agents` agents
    (a01...), one client with a USR and `cases` new unassigned cases; returns the case codes. A
    sandbox unless `sandbox=False` (a database of real work: JQ_CONSOLE_AGENT is ignored there).
    The cases are opened now, or at the instant `opened` (work is logged on a case after it opened)."""
    url, rt = str(path), runtime()
    if opened is not None:
        rt.clock = frozen_clock(datetime.fromtimestamp(opened, UTC))
    if url.startswith("postgresql") or not Path(url).exists():  # a new database: a copy of the bare office
        copy_of_template(url, f"office {agents} {sandbox}", lambda target: _bare_office(target, rt, agents, sandbox))
    else:
        _bare_office(url, rt, agents, sandbox)
    engine = make_engine(url)
    client, usr = 1, 1  # the bare office's one client and its USR
    verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "form", severity, "fault"))
    codes = [
        register(engine, rt, NewCase(client, usr, f"Caso {n}", "", severity, "fault", "form"), verdict, ADMIN).code
        for n in range(cases)
    ]
    engine.dispose()
    return codes


def _bare_office(url: str, rt: Runtime, agents: int, sandbox: bool) -> None:
    engine = make_engine(url)
    create_schema(engine, rt.policy, sandbox=sandbox)
    directory.add_agent(engine, ADMIN, "Jefa de soporte", "admin")
    directory.add_agent(engine, "super", "Supervisora", "supervisor")
    for number in range(1, agents + 1):
        directory.add_agent(engine, f"a{number:02d}", f"Agente {number}", "agent")
    client = directory.add_client(engine, "900123456-8", "Cliente Prueba S.A.S.", "subscription", 3)
    usr = directory.add_contact(engine, client, "Ana USR", "usr", "3001234567", "ana@cliente.com.co")
    assert (client, usr) == (1, 1), "make_office registers its cases for client 1 and contact 1"
    engine.dispose()


def env(login: str | None = ADMIN) -> dict[str, str]:
    result = {key: value for key, value in os.environ.items() if key not in ("SUDO_USER", "JQ_CONSOLE_DB")}
    if login is not None:
        result["JQ_CONSOLE_AGENT"] = login
    result["JQ_CONSOLE_POLICY"] = str(DEFAULT_POLICY)
    return result


def cli(*args: str, login: str | None = ADMIN, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "jq_console", *args],
        capture_output=True,
        text=True,
        env=env(login),
        input=stdin,
        timeout=60,
    )


def run(*args: str, login: str | None = ADMIN, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The same command in this process (faster, for tests that are not about processes)."""
    import contextlib
    import io

    from jq_console.cli import main

    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.clear()
        os.environ.update(env(login))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            if stdin is not None:
                sys.stdin = io.StringIO(stdin)
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse refusing the arguments
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        sys.stdin = sys.__stdin__
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def demo_by_command(folder: Path, cases: int) -> str:
    """A demo database of `cases` cases in `folder`, made as a user makes one (`jq-console demo`)."""
    db = str(folder / "office.sqlite")
    made = run("--db", db, "demo", "--cases", str(cases))
    assert made.returncode == 0, made.stderr
    return db
