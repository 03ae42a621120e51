"""The office-server layout of docs/deployment.md, alternative A, built for real with numeric users
and groups: agents' consoles run as the service user, supervisors open the dashboard as themselves,
and both work at the same time. Runs as root only (it switches users with `setpriv`).

Without the setgid bit on the data folder SQLite gives the `-wal` and `-shm` files the service
user's primary group, which supervisors are not in, and the dashboard cannot open while an agent
is connected: the control case below shows that the test can tell the two layouts apart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_support import env, make_office

# Ids no account on a test machine uses: setpriv needs no /etc/passwd entry for them.
SERVICE_UID = SERVICE_GID = 64701  # jqconsole and its primary group
TABLERO_GID = 64702  # jq-tablero: the supervisors who only watch
SUPERVISOR_UID = SUPERVISOR_GID = 64703  # sortiz and her own primary group

AGENT = r"""
import os, sys
os.umask(0o027)  # the service user's umask (UMask=0027)
from jq_console.bootstrap import load_runtime
from jq_console.domain import lifecycle
from jq_console.store.engine import make_engine
from jq_console.store.moves import apply
db, code = sys.argv[1], sys.argv[2]
runtime = load_runtime()
engine = make_engine(db)
held = engine.connect()  # an open console keeps its connection
held.exec_driver_sql("SELECT count(*) FROM agent").scalar()
apply(engine, runtime, code, "a01", lambda case: lifecycle.take(case, "a01", runtime.now()))
print("taken", flush=True)
sys.stdin.readline()  # the console stays open until the test is done
held.close()
engine.dispose()
"""

DASHBOARD = r"""
import json, sys
from jq_console.application.oversight import dashboard_services, load_snapshot
from jq_console.bootstrap import load_runtime
from jq_console.i18n import error_text
from jq_console.store.cases import open_cases
try:
    services = dashboard_services(sys.argv[1], load_runtime(), login="super")
    load_snapshot(services)
    seen = open_cases(services.engine)  # through the dashboard's engine, after its read
    services.engine.dispose()
except Exception as error:
    print(json.dumps({"error": error_text(error)}))
else:
    print(json.dumps({"agents": {c.code: c.agent for c in seen}}))
"""

READ_ONLY_COMMAND = r"""
import os, sys
os.umask(0o027)
from jq_console.bootstrap import load_runtime
from jq_console.store import billing
from jq_console.store.engine import make_engine
engine = make_engine(sys.argv[1], readonly=True)
billing.month_bill(engine, load_runtime(), 2026, 11)
engine.dispose()
print("read", flush=True)
"""


def as_user(uid: int, gid: int, groups: tuple[int, ...]) -> list[str]:
    switch = ["setpriv", f"--reuid={uid}", f"--regid={gid}"]
    switch += [f"--groups={','.join(map(str, groups))}"] if groups else ["--clear-groups"]
    return switch


def python_as(uid: int, gid: int, groups: tuple[int, ...], script: str, *args: str) -> list[str]:
    return [*as_user(uid, gid, groups), sys.executable, "-c", script, *args]


def dashboard_as_supervisor(db: Path) -> dict[str, object]:
    result = subprocess.run(
        python_as(SUPERVISOR_UID, SUPERVISOR_GID, (TABLERO_GID,), DASHBOARD, str(db)),
        capture_output=True,
        text=True,
        env=env(None),
        timeout=60,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, object] = json.loads(result.stdout)
    return seen


def companions(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name != db.name)


@pytest.fixture
def server() -> Iterator[Path]:
    """A stand-in for /var/lib/jq-console inside a folder everybody may enter."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("builds the office layout with other users: needs root and setpriv")
    base = Path(tempfile.mkdtemp(prefix="jq-deploy-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base)


def documented_layout(base: Path, setgid: bool) -> tuple[Path, list[str]]:
    """Section 1 and 2 of docs/deployment.md: the folder, the database and its permissions."""
    folder = base / "jq-console"
    folder.mkdir()
    os.chown(folder, SERVICE_UID, TABLERO_GID)
    folder.chmod(0o2750 if setgid else 0o750)  # chmod after chown: chown clears the setgid bit
    db = folder / "jq-console.sqlite"
    codes = make_office(db, cases=3)
    os.chown(db, SERVICE_UID, TABLERO_GID)
    db.chmod(0o640)
    assert companions(db) == []
    return db, codes


def agent_console(db: Path, code: str) -> subprocess.Popen[str]:
    agent = subprocess.Popen(
        python_as(SERVICE_UID, SERVICE_GID, (), AGENT, str(db), code),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(None),
        cwd="/",
    )
    assert agent.stdout is not None
    line = agent.stdout.readline()
    if line != "taken\n":
        agent.kill()
        raise AssertionError(agent.communicate(timeout=30)[1])
    return agent


def close(agent: subprocess.Popen[str]) -> None:
    _out, err = agent.communicate("\n", timeout=60)
    assert agent.returncode == 0, err


def test_the_dashboard_opens_while_an_agent_is_connected(server: Path) -> None:
    db, codes = documented_layout(server, setgid=True)
    agent = agent_console(db, codes[0])
    try:
        assert companions(db) == ["jq-console.sqlite-shm", "jq-console.sqlite-wal"]
        for name in companions(db):
            assert (db.parent / name).stat().st_gid == TABLERO_GID  # inherited from the setgid folder
        seen = dashboard_as_supervisor(db)
    finally:
        close(agent)
    assert seen == {"agents": {codes[0]: "a01", codes[1]: None, codes[2]: None}}
    assert companions(db) == []  # the last console to close tidies up
    assert dashboard_as_supervisor(db) == seen  # and with nobody connected


def test_without_the_setgid_folder_the_dashboard_is_locked_out(server: Path) -> None:
    db, codes = documented_layout(server, setgid=False)
    agent = agent_console(db, codes[0])
    try:
        assert (db.parent / "jq-console.sqlite-shm").stat().st_gid == SERVICE_GID
        seen = dashboard_as_supervisor(db)
    finally:
        close(agent)
    assert "error" in seen and "agents" not in seen


def test_read_only_work_as_the_service_user_leaves_no_files_behind(server: Path) -> None:
    db, _codes = documented_layout(server, setgid=True)
    result = subprocess.run(
        python_as(SERVICE_UID, SERVICE_GID, (), READ_ONLY_COMMAND, str(db)),
        capture_output=True,
        text=True,
        env=env(None),
        timeout=60,
        cwd="/",
    )
    assert result.returncode == 0 and result.stdout == "read\n", result.stderr
    assert companions(db) == []
    dashboard_as_service_user = subprocess.run(  # alternative B: the dashboard through sudo
        python_as(SERVICE_UID, SERVICE_GID, (), DASHBOARD, str(db)),
        capture_output=True,
        text=True,
        env=env(None),
        timeout=60,
        cwd="/",
    )
    assert "agents" in json.loads(dashboard_as_service_user.stdout), dashboard_as_service_user.stderr
    assert companions(db) == []
    assert "agents" in dashboard_as_supervisor(db)
