"""Test databases on both engines: a fresh SQLite file or a fresh PostgreSQL database per test.

PostgreSQL comes from JQ_CONSOLE_TEST_PG (a SQLAlchemy URL; `.ci/run` starts a server and sets
it). Without it, the tests start a throw-away server with `.ci/postgres` when the server binaries
are installed. Only if neither works are the PostgreSQL cases skipped, with the reason (`-rs`).
A URL that is set but unreachable is a failure, not a skip: CI promised a server.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine

from jq_console.bootstrap import Runtime
from jq_console.domain.vocabulary import Severity
from jq_console.store.engine import make_engine
from jq_console.store.schema import create_schema

PG_ENV = "JQ_CONSOLE_TEST_PG"
ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgresql")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_private_server() -> str:
    """Start a server for this test run; returns its URL, or raises RuntimeError with the reason."""
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        raise RuntimeError(f"no PostgreSQL server binaries (/usr/lib/postgresql/*/bin) and {PG_ENV} is not set")
    directory = tempfile.mkdtemp(prefix="jq-pg-")
    done = subprocess.run(
        [str(ROOT / ".ci" / "postgres"), "start", directory, str(_free_port())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {done.stderr.strip()[-300:]}")
    atexit.register(
        subprocess.run, [str(ROOT / ".ci" / "postgres"), "stop", directory], capture_output=True, timeout=60
    )
    return done.stdout.strip().splitlines()[-1]


@cache
def _server() -> tuple[str | None, str]:
    """(admin URL, reason when there is none). Started at most once per test process."""
    url = os.environ.get(PG_ENV)
    if not url:
        try:
            url = _start_private_server()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            return None, str(error)
    try:
        probe = create_engine(url)
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
        probe.dispose()
    except Exception as error:  # noqa: BLE001  (reported below, whatever the driver raised)
        if os.environ.get(PG_ENV):
            pytest.fail(f"{PG_ENV}={url} is set but unreachable: {error}")
        return None, f"PostgreSQL started but unreachable: {error}"
    return url, ""


def postgres_admin_url() -> str:
    url, reason = _server()
    if url is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    return url


def _admin(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database, dropped afterwards."""
    admin_url = postgres_admin_url()
    name = f"jq_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each engine in turn: a SQLite file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    yield request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url: str, runtime: Runtime) -> Iterator[Engine]:
    """A writable engine on an initialised sandbox database (schema at head, rates loaded): a
    sandbox, so that JQ_CONSOLE_AGENT may name the agent at the keyboard in the tests."""
    engine = make_engine(store_url)
    create_schema(engine, runtime.policy, sandbox=True)
    yield engine
    engine.dispose()


def seed_client(engine: Engine) -> tuple[int, int]:
    """A level-4 subscription client with its USR; returns (client id, contact id)."""
    from jq_console.store import directory

    client_id = directory.add_client(engine, "900123456-8", "Ferretería Central S.A.S.", "subscription", 4, uc=5)
    contact_id = directory.add_contact(engine, client_id, "Ana Pérez", "usr", "3216664301", "ana@ferreteria.co")
    return client_id, contact_id


def register_case(
    engine: Engine,
    runtime: Runtime,
    client_id: int,
    contact_id: int,
    title: str = "No factura",
    severity: Severity = "S2",
) -> str:
    """Register a valid form case the way the console does; returns its code."""
    from jq_console.domain.rules import Registration, evaluate
    from jq_console.store.cases import NewCase, register

    verdict = evaluate(
        runtime.policy,
        Registration(
            service="subscription",
            level=4,
            up_to_date=True,
            reporter_role="usr",
            channel="form",
            severity=severity,
            category="fault",
        ),
    )
    new = NewCase(
        client_id=client_id,
        reporter_id=contact_id,
        title=title,
        description="Detalle",
        severity=severity,
        category="fault",
        channel="form",
    )
    return register(engine, runtime, new, verdict, "tester").code
