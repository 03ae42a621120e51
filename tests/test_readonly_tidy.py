"""Read-only commands leave no `-wal`/`-shm` files behind: a read-only SQLite connection cannot
checkpoint, so when it made those files it could not remove them, and whoever came next (a
supervisor in another group) might be unable to open them. They share the files while a writer
is connected and leave them to it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from office_support import env, make_office, run, runtime
from sqlalchemy import text

from jq_console.application.oversight import DashboardReads, dashboard_services
from jq_console.store.engine import make_engine, write
from jq_console.store.errors import StoreError


def companions(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + "-"))


@pytest.mark.parametrize(
    "command",
    [
        ("cases", "--json"),
        ("cases",),
        ("billing", "--month", "2026-11"),
        ("agent", "list"),
        ("client", "list"),
        ("case", "show", "2026-1"),
        ("case", "find", "prueba"),
        ("policy", "history"),
        ("policy", "show"),
        ("report", "--month", "2026-11"),
        ("audit",),
    ],
    ids=lambda command: "-".join(command[:2]),
)
def test_a_read_only_command_leaves_nothing_behind(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=2)
    assert companions(db) == []
    result = run(*command, "--db", str(db), login="super")
    assert result.returncode == 0, result.stderr
    assert companions(db) == []


def test_the_dashboard_leaves_nothing_behind(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    codes = make_office(db, cases=2)
    services = dashboard_services(str(db), runtime(), login="super")
    reads = DashboardReads(services)
    reads.snapshot()
    assert sum(reads.board.counts.values()) == len(codes)  # it read them
    services.engine.dispose()
    assert companions(db) == []


def test_with_a_writer_connected_the_reader_shares_its_files_and_still_cannot_write(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=1)
    writer = make_engine(str(db))
    held = writer.connect()
    held.exec_driver_sql("SELECT 1 FROM agent").all()
    try:
        reader = make_engine(str(db), readonly=True)
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):
            write(reader, lambda c: c.execute(text("UPDATE agent SET name = 'x'")))
        assert run("cases", "--json", "--db", str(db), login="super").returncode == 0
        reader.dispose()
        assert companions(db) == ["office.sqlite-shm", "office.sqlite-wal"]  # the writer's, still open
    finally:
        held.close()
        writer.dispose()
    assert companions(db) == []


def test_a_reader_with_nobody_connected_cannot_write_either(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    reader = make_engine(str(db), readonly=True)
    for statement in ("UPDATE agent SET name = 'x'", "PRAGMA journal_mode = DELETE", 'DELETE FROM "case"'):
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):
            write(reader, lambda c: c.execute(text(statement)))
    reader.dispose()
    assert companions(db) == []


def test_a_first_demo_command_leaves_nothing_behind(tmp_path: Path) -> None:
    """The first `--demo` command fills the demo database and then runs: its writer closed before
    its reader, which cannot remove the files, and `-wal`/`-shm` stayed until the next command."""
    environment = {**env(), "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(
        [sys.executable, "-m", "jq_console", "--demo", "cases", "--json"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    db = tmp_path / "data" / "jq-console" / "demo.sqlite"
    assert db.exists() and companions(db) == []
