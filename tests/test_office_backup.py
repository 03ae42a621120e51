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
