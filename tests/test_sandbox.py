"""Destructive commands need the right target, and identity is not taken from the environment.

`demo --reset` wipes only a sandbox (made by `demo` or `init --sandbox`), never a database of real
work; `init` and `demo` refuse another application's database; both refusals leave it byte for
byte as it was. SUDO_USER counts only for root or the service user; JQ_CONSOLE_AGENT only on a
sandbox; reading cases, billing or studies needs a registered, active login. Real processes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_support import cli, env, make_office
from sqlalchemy import create_engine, inspect, text
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application import identity
from jq_console.store.engine import make_engine
from jq_console.store.sandbox import is_sandbox

NOBODY = 65534


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(url: str, table: str) -> int:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.connect() as connection:
        number = connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
    engine.dispose()
    return int(number)


def tables(url: str) -> set[str]:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_demo_reset_refuses_a_database_of_real_work_and_leaves_it_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite"
    make_office(db, cases=3, sandbox=False)
    before = digest(db)
    refused = cli("demo", "--reset", "--db", str(db))
    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1 and "no lo es" in refused.stderr
    assert db.exists() and digest(db) == before


def test_demo_reset_refuses_a_live_postgresql_database(postgres_url: str) -> None:
    make_office(postgres_url, cases=3, sandbox=False)
    refused = cli("demo", "--reset", "--db", postgres_url, "--lang", "en")
    assert refused.returncode != 0 and "is not one" in refused.stderr
    assert count(postgres_url, "case") == 3 and count(postgres_url, "case_event") == 3


def test_demo_reset_wipes_and_refills_a_sandbox(store_url: str) -> None:
    first = cli("demo", "--cases", "5", "--db", store_url)
    assert first.returncode == 0, first.stderr
    assert is_sandbox(make_engine(store_url))
    again = cli("demo", "--cases", "7", "--reset", "--db", store_url)
    assert again.returncode == 0, again.stderr
    assert count(store_url, "case") == 7
    assert cli("audit", "--db", store_url).returncode == 0


def foreign_file(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total INTEGER)")
    connection.execute("INSERT INTO invoice (total) VALUES (1200)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("command", [("init",), ("init", "--sandbox"), ("demo",), ("demo", "--reset")])
def test_another_applications_file_is_refused_untouched(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "other-app.sqlite"
    foreign_file(db)
    before = digest(db)
    refused = cli(*command, "--db", str(db))
    assert refused.returncode != 0 and "invoice" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert digest(db) == before
    assert tables(str(db)) == {"invoice"}


def test_a_file_that_is_no_database_is_not_reset(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_text("nota importante\n", encoding="utf-8")
    refused = cli("demo", "--reset", "--db", str(db))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert db.read_text(encoding="utf-8") == "nota importante\n"


def test_init_refuses_a_postgresql_database_of_another_application(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoice (id serial PRIMARY KEY, total integer)"))
    engine.dispose()
    refused = cli("init", "--db", postgres_url)
    assert refused.returncode != 0 and "invoice" in refused.stderr
    assert tables(postgres_url) == {"invoice"}


def test_init_sandbox_does_not_turn_a_live_database_into_a_sandbox(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite"
    make_office(db, sandbox=False)
    refused = cli("init", "--sandbox", "--db", str(db))
    assert refused.returncode != 0
    assert not is_sandbox(make_engine(str(db)))


def test_the_agent_variable_is_ignored_on_a_database_of_real_work(store_url: str) -> None:
    make_office(store_url, sandbox=False)  # 'jefe' is its administrator
    forged = cli("rate", "set", "2031", "1", "--db", store_url, login="jefe")
    assert forged.returncode != 0 and "jefe" not in forged.stderr  # the login is the process's account
    engine = create_engine(store_url if "://" in store_url else f"sqlite:///{store_url}")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM rate WHERE year = 2031")).scalar_one() == 0
    engine.dispose()


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can write (pytest's own folders are private to the user running it)."""
    folder = Path(tempfile.mkdtemp(prefix="jq-sandbox-"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_unprivileged(*args: str, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The real command as an ordinary account: as root, through setpriv to a numeric user."""
    environment = {**env(None), **extra, "HOME": tempfile.gettempdir()}
    command = [sys.executable, "-m", "jq_console", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot run as an ordinary user")
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)


def test_a_forged_sudo_user_is_ignored_without_sudo(shared_dir: Path) -> None:
    db = shared_dir / "office.sqlite"
    make_office(db, sandbox=False)  # 'jefe' is the administrator
    db.chmod(0o666)
    forged = as_unprivileged(
        "agent", "add", "evil", "--name", "Evil", "--role", "admin", "--db", str(db), extra={"SUDO_USER": "jefe"}
    )
    assert forged.returncode != 0, forged.stdout
    assert "jefe" not in forged.stderr
    logins = {row[0] for row in sqlite3.connect(db).execute("SELECT login FROM agent")}
    assert "evil" not in logins


def test_sudo_user_is_trusted_only_for_root_or_the_service_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUDO_USER", "a01")
    monkeypatch.delenv(identity.AGENT_ENV, raising=False)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert identity.sudo_trusted() and identity.current_login(None) == "a01"
    monkeypatch.setattr(os, "geteuid", lambda: 424242)  # an account with no name: its number
    monkeypatch.setattr(os, "getuid", lambda: 424242)
    monkeypatch.setattr(identity, "configured_service_user", lambda: None)
    assert not identity.sudo_trusted() and identity.current_login(None) == "424242"
    monkeypatch.setattr(identity, "configured_service_user", lambda: "424242")
    assert identity.sudo_trusted() and identity.current_login(None) == "a01"
    monkeypatch.setattr(identity, "configured_service_user", lambda: "jq-console")
    assert identity.current_login(None) == "424242"


def test_only_the_servers_own_file_names_the_service_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A user who names their own account as the service user, in their file or their environment,
    # must not make a forged SUDO_USER believed.
    own = tmp_path / "mine.toml"
    own.write_text('[security]\nservice_user = "424242"\n', encoding="utf-8")
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(own))
    monkeypatch.setenv("JQ_CONSOLE_SERVICE_USER", "424242")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr(identity, "SYSTEM_FILE", tmp_path / "etc-config.toml")  # no server file here
    identity.configured_service_user.cache_clear()
    monkeypatch.setattr(os, "geteuid", lambda: 424242)
    monkeypatch.setattr(os, "getuid", lambda: 424242)
    monkeypatch.setenv("SUDO_USER", "boss")
    monkeypatch.delenv(identity.AGENT_ENV, raising=False)
    try:
        assert identity.configured_service_user() is None
        assert identity.current_login(None) == "424242"
        (tmp_path / "etc-config.toml").write_text('[security]\nservice_user = "424242"\n', encoding="utf-8")
        identity.configured_service_user.cache_clear()
        assert identity.current_login(None) == "boss"  # the server's file says this account is sudo's target
    finally:
        identity.configured_service_user.cache_clear()


@pytest.mark.parametrize(
    "command",
    [("cases",), ("billing", "--month", "2026-12"), ("release", "pending"), ("study", "show", "JQ-2026-00001")],
)
def test_reading_cases_billing_or_studies_needs_a_registered_login(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=1)
    refused = cli(*command, "--db", str(db), login="intruso")
    assert refused.returncode != 0 and "intruso" in refused.stderr
    assert "JQ-2026" not in refused.stdout
