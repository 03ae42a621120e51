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
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Connection, Engine

from jq_console.bootstrap import Runtime
from jq_console.domain.vocabulary import Category, Severity
from jq_console.store.engine import make_engine
from jq_console.store.schema import create_schema

PG_ENV = "JQ_CONSOLE_TEST_PG"
ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgresql")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _scratch() -> str | None:
    """Where the throw-away server keeps its files: memory (tmpfs) when there is one. The suite makes
    and drops hundreds of databases of ~450 files each; on ext4, creating a file beside thousands of
    recently deleted ones scans them (0.5 s of server CPU per database, 13 ms on tmpfs; `.ci/run`)."""
    memory = Path("/dev/shm")
    return str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None


def _start_private_server() -> str:
    """Start a server for this test run; returns its URL, or raises RuntimeError with the reason."""
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        raise RuntimeError(f"no PostgreSQL server binaries (/usr/lib/postgresql/*/bin) and {PG_ENV} is not set")
    directory = tempfile.mkdtemp(prefix="jq-pg-", dir=_scratch())
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


def create_database(connection: Connection, name: str, template: str = "") -> None:
    """CREATE DATABASE, copying the template's files (PostgreSQL 15+ copies block by block through
    the write-ahead log by default: 235 ms of server CPU per database against 27 ms, measured; the
    suite makes hundreds). Older servers have only the file copy and no STRATEGY clause."""
    statement = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    version = connection.execute(text("SHOW server_version_num")).scalar_one()
    if int(version) >= 150000:
        statement += " STRATEGY FILE_COPY"
    connection.execute(text(statement))


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A brand-new PostgreSQL database, dropped afterwards: empty, or already at head when the test
    also asks for `store` (made from the schema template at once: creating a database costs more
    than anything a short test does with it)."""
    admin_url = postgres_admin_url()
    name = f"jq_{uuid.uuid4().hex[:12]}"
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    template = ""
    if "store" in request.fixturenames:
        runtime: Runtime = request.getfixturevalue("runtime")
        template = _template("postgresql", f"schema {runtime.policy!r}", _schema_at_head(runtime))
        _PREFILLED.add(url)
    admin = _admin(admin_url)
    with admin.connect() as connection:
        create_database(connection, name, template)
    try:
        yield url
    finally:
        _PREFILLED.discard(url)
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


_TEMPLATES: dict[tuple[str, str], str] = {}
_PREFILLED: set[str] = set()  # PostgreSQL databases `postgres_url` made from the schema template


def copy_of_template(url: str, key: str, build: Callable[[str], object]) -> None:
    """Fill the new database `url` (a SQLite path not yet created, or an empty PostgreSQL database)
    with a copy of what `build(url)` makes, built once per test process and `key`: migrations and
    seeding cost far more than a copy (a file copy, or CREATE DATABASE ... TEMPLATE on the server).
    `build` must dispose of its engines: a template database is copied only without connections."""
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    template = _template(backend, key, build)
    if backend == "sqlite":
        shutil.copyfile(template, url)
        return
    name = make_url(url).database
    assert name is not None, url
    admin = _admin(postgres_admin_url())
    with admin.connect() as connection:  # the empty database the fixture made, refilled from the template
        connection.execute(text(f'DROP DATABASE "{name}"'))
        create_database(connection, name, template)
    admin.dispose()


_CLEAN_UP: list[Callable[[], None]] = []


def remove_templates() -> None:
    """Drop this process's templates (conftest's pytest_sessionfinish: a test worker process may end
    without running atexit handlers)."""
    while _CLEAN_UP:
        _CLEAN_UP.pop()()
    _TEMPLATES.clear()


def _template(backend: str, key: str, build: Callable[[str], object]) -> str:
    if (backend, key) not in _TEMPLATES:
        _TEMPLATES[backend, key] = _make_template(backend, build)
    return _TEMPLATES[backend, key]


def _make_template(backend: str, build: Callable[[str], object]) -> str:
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="jq-template-")
        _CLEAN_UP.append(lambda: shutil.rmtree(folder, True))
        path = str(Path(folder) / "template.sqlite")
        build(path)
        return path
    admin_url = postgres_admin_url()
    name = f"jq_template_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    with admin.connect() as connection:
        create_database(connection, name)
    admin.dispose()
    _CLEAN_UP.append(lambda: _drop_database(admin_url, name))
    build(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
    return name


def _drop_database(admin_url: str, name: str) -> None:
    admin = _admin(admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _schema_at_head(runtime: Runtime) -> Callable[[str], object]:
    def build(url: str) -> None:
        engine = make_engine(url)
        create_schema(engine, runtime.policy, sandbox=True)
        engine.dispose()

    return build


@pytest.fixture
def store(store_url: str, runtime: Runtime) -> Iterator[Engine]:
    """A writable engine on an initialised sandbox database (schema at head, rates loaded): a
    sandbox, so that JQ_CONSOLE_AGENT may name the agent at the keyboard in the tests. A copy of
    one `create_schema` made once per test process (and policy: the tests all use the shipped one)."""
    if store_url not in _PREFILLED:
        copy_of_template(store_url, f"schema {runtime.policy!r}", _schema_at_head(runtime))
    engine = make_engine(store_url)
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
    category: Category = "fault",
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
            category=category,
        ),
    )
    new = NewCase(
        client_id=client_id,
        reporter_id=contact_id,
        title=title,
        description="Detalle",
        severity=severity,
        category=category,
        channel="form",
    )
    return register(engine, runtime, new, verdict, "tester").code
