"""`jq-console backup`: a consistent, verified copy taken while another process keeps writing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from office_support import env, make_office, run

WRITER = r"""
import sys
sys.path.insert(0, sys.argv[2])
from office_support import runtime
from jq_console.domain.rules import Registration, evaluate
from jq_console.store.cases import NewCase, register
from jq_console.store.engine import make_engine
rt = runtime()
engine = make_engine(sys.argv[1])
verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "form", "S2", "fault"))
while True:
    register(engine, rt, NewCase(1, 1, "Caso de carga", "x" * 500, "S2", "fault", "form"), verdict, "a01")
    print("ok", flush=True)
"""


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=5)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env("a01"),
    )
    try:
        assert writer.stdout is not None
        for _ in range(20):
            assert writer.stdout.readline() == "ok\n"  # it is writing
        copies = [tmp_path / f"copia-{n}.sqlite" for n in range(3)]
        for copy in copies:
            result = run("backup", str(copy), "--db", str(db), login="super")
            assert result.returncode == 0, result.stderr
            assert "integridad ok" in result.stdout
    finally:
        writer.kill()
        writer.wait(timeout=10)
    counts = []
    for copy in copies:
        connection = sqlite3.connect(copy)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        cases, opens = connection.execute(
            "SELECT (SELECT count(*) FROM \"case\"), (SELECT count(*) FROM case_event WHERE kind = 'open')"
        ).fetchone()
        assert cases == opens  # each case with its event: one instant, never half a transaction
        counts.append(cases)
        assert not copy.with_name(copy.name + ".part").exists()
    assert counts == sorted(counts) and counts[0] >= 25


def test_backup_refuses_unusable_targets_and_agents(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    same = run("backup", str(db), "--db", str(db), login="super")
    assert same.returncode != 0 and "es la base de datos" in same.stderr
    nowhere = run("backup", str(tmp_path / "no" / "copia.sqlite"), "--db", str(db), login="super")
    assert nowhere.returncode != 0 and "no existe la carpeta" in nowhere.stderr
    agent = run("backup", str(tmp_path / "copia.sqlite"), "--db", str(db), login="a01")
    assert agent.returncode != 0 and not (tmp_path / "copia.sqlite").exists()


def _holder(db: Path) -> subprocess.Popen[str]:
    """Another program with `db` open, as a console keeps its database: its `-wal` and `-shm` exist."""
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=wal'); "
        "c.execute('SELECT count(*) FROM agent').fetchone(); print('open', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "open\n"
    return holder


def test_a_backup_replaces_only_an_earlier_backup_at_the_same_place(tmp_path: Path) -> None:
    """A backup may replace the copy a nightly job wrote under the same name, and nothing else that
    is a database: another office's live database (a backup 'verified' over it left it corrupt when
    it was open, and replaced its data when it was not), or a backup restored under another name."""
    db, other = tmp_path / "office.sqlite", tmp_path / "other.sqlite"
    make_office(db, cases=3)
    make_office(other, cases=1)
    before = other.read_bytes()
    holder = _holder(other)
    try:
        refused = run("backup", str(other), "--db", str(db), login="super")
    finally:
        holder.communicate("")
    assert refused.returncode == 2 and str(other) in refused.stderr and "Traceback" not in refused.stderr
    refused = run("backup", str(other), "--db", str(db), login="super")  # closed: still another database
    assert refused.returncode == 2 and other.read_bytes() == before
    assert sqlite3.connect(other).execute("PRAGMA integrity_check").fetchone() == ("ok",)

    nightly = tmp_path / "nightly.sqlite"
    for _ in range(2):  # the second replaces the first
        done = run("backup", str(nightly), "--db", str(db), login="super")
        assert done.returncode == 0, done.stderr
    restored = tmp_path / "restored.sqlite"
    restored.write_bytes(nightly.read_bytes())  # a backup put back to work under another name
    refused = run("backup", str(restored), "--db", str(db), login="super")
    assert refused.returncode == 2 and restored.read_bytes() == nightly.read_bytes()


def test_no_export_or_backup_writes_over_another_databases_companions(tmp_path: Path) -> None:
    db, other = tmp_path / "office.sqlite", tmp_path / "other.sqlite"
    make_office(db, cases=3)
    make_office(other, cases=1)
    holder = _holder(other)
    try:
        companions = {name: (tmp_path / name).read_bytes() for name in ("other.sqlite-wal", "other.sqlite-shm")}
        for name in companions:
            target = str(tmp_path / name)
            for args in (["billing", "--month", "2026-11", "--csv", target], ["backup", target]):
                refused = run(*args, "--db", str(db), login="super")
                assert refused.returncode == 2 and name in refused.stderr, (args, refused.stdout)
        assert {name: (tmp_path / name).read_bytes() for name in companions} == companions
    finally:
        holder.communicate("")
    assert run("agent", "list", "--db", str(other), login="super").returncode == 0
