"""The dashboard cannot write: its engine refuses every write, also when its OS user may only read
the database file, with agents connected (WAL in use) or with nobody connected."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_support import ADMIN, env, make_office, run, runtime
from sqlalchemy import create_engine, text
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application.oversight import dashboard_services, load_snapshot
from jq_console.store.engine import make_engine, write
from jq_console.store.errors import StoreError
from jq_console.store.readonly import open_readonly

READER = r"""
import json, sqlite3, sys
from sqlalchemy import text
from jq_console.application.oversight import DashboardReads, dashboard_services
from jq_console.bootstrap import load_runtime
from jq_console.store.engine import write
from jq_console.i18n import error_text
from jq_console.store.errors import StoreError
db = sys.argv[1]
services = dashboard_services(db, load_runtime(), login="super")
reads = DashboardReads(services)
reads.snapshot()
try:
    write(services.engine, lambda c: c.execute(text("UPDATE agent SET name = 'x'")))
    engine_write = "written"
except StoreError as error:
    engine_write = error_text(error)
try:
    raw = sqlite3.connect(db)
    raw.execute("UPDATE agent SET name = 'x'")
    raw.commit()
    raw_write = "written"
except sqlite3.Error as error:
    raw_write = str(error)
print(json.dumps({"open": sum(reads.board.counts.values()), "agents": reads.snapshot().load,
                  "engine_write": engine_write, "raw_write": raw_write}))
"""


def _names(db: Path | str) -> list[str]:
    engine = create_engine(str(db) if "://" in str(db) else f"sqlite:///{db}")
    with engine.connect() as connection:
        names = [str(row[0]) for row in connection.execute(text("SELECT name FROM agent ORDER BY login"))]
    engine.dispose()
    return names


def test_the_dashboard_engine_refuses_writes(store_url: str) -> None:
    db = store_url
    make_office(db, cases=2)
    before = _names(db)
    for engine in (open_readonly(str(db)), make_engine(str(db), readonly=True)):
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):
            write(engine, lambda c: c.execute(text("UPDATE agent SET name = 'x'")))
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):
            write(engine, lambda c: c.execute(text('DELETE FROM "case"')))
        engine.dispose()
    assert _names(db) == before


def test_only_supervisors_open_the_dashboard(store_url: str) -> None:
    db = store_url
    make_office(db)
    refused = run("dashboard", "--db", str(db), login="a01")
    assert refused.returncode != 0 and "Supervisor / Administrador" in refused.stderr
    unknown = run("dashboard", "--db", str(db), login="curioso")
    assert unknown.returncode != 0 and "curioso no está registrado" in unknown.stderr
    services = dashboard_services(str(db), runtime(), login="super")
    assert services.readonly and services.role == "supervisor"
    services.engine.dispose()


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder the unprivileged reader can enter but not write in (tmp_path is root's alone)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run the reader as the unprivileged user 'nobody'")
    folder = Path(tempfile.mkdtemp(prefix="jq-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def _as_nobody(db: Path) -> dict[str, object]:
    result = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c", READER, str(db)],
        capture_output=True,
        text=True,
        env=env(None),
        timeout=60,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, object] = json.loads(result.stdout)
    return seen


def test_read_only_file_and_nobody_connected(shared_dir: Path) -> None:
    db = shared_dir / "office.sqlite"
    codes = make_office(db, cases=3)
    db.chmod(0o444)
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    seen = _as_nobody(db)
    assert seen["open"] == len(codes) and seen["agents"] == {}
    assert "solo lectura" in str(seen["engine_write"])
    assert "readonly" in str(seen["raw_write"])  # the OS itself refuses, not only the engine
    assert not Path(f"{db}-shm").exists()  # the reader left nothing behind


def test_read_only_file_while_agents_work(shared_dir: Path) -> None:
    db = shared_dir / "office.sqlite"
    codes = make_office(db, cases=3)
    db.chmod(0o444)
    agent = make_engine(str(db))  # an agent's console: root may write even a 0444 file
    connection = agent.connect()
    connection.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
    assert run("take", codes[0], "--db", str(db), login="a01").returncode == 0  # lives in the WAL only
    assert Path(f"{db}-shm").exists() and Path(f"{db}-wal").stat().st_size > 0
    try:
        seen = _as_nobody(db)
    finally:
        connection.close()
        agent.dispose()
    assert seen["open"] == len(codes)
    assert seen["agents"] == {"a01": 1}  # the take that lives in the WAL only
    assert "solo lectura" in str(seen["engine_write"])
    assert "readonly" in str(seen["raw_write"])
    taken = sqlite3.connect(db).execute('SELECT agent FROM "case" WHERE code = ?', (codes[0],)).fetchone()
    assert taken == ("a01",) and _names(db)[0] != "x"


def test_an_unreadable_database_is_explained(shared_dir: Path) -> None:
    db = shared_dir / "office.sqlite"
    make_office(db)
    db.chmod(0o600)
    result = subprocess.run(
        [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            sys.executable,
            "-m",
            "jq_console",
            "dashboard",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        env=env("super"),
        timeout=60,
        cwd="/",
    )
    assert result.returncode != 0
    assert "no puede leer" in result.stderr and "Traceback" not in result.stderr


def test_the_snapshot_sees_what_was_just_committed(store_url: str) -> None:
    db = store_url
    codes = make_office(db, cases=2)
    services = dashboard_services(str(db), runtime(), login=ADMIN)
    assert load_snapshot(services).load == {}  # nobody holds an open case
    assert run("take", codes[1], "--db", str(db), login="a02").returncode == 0
    assert load_snapshot(services).load == {"a02": 1}
    services.engine.dispose()
