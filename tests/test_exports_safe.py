"""The real program's exports and backups against hostile or careless targets: a symbolic link named
like the export pointing at the database, the database itself, a device node, a folder. Every
refusal is one sentence, and the database stays byte-identical."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from office_support import cli, make_office, run
from pilot_support import settle, show_study

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain.quotes import QuoteLine
from jq_console.i18n import set_language
from jq_console.store import cases as case_store
from jq_console.store import studies as study_store
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.billing import BillingScreen

NOW = datetime(2027, 2, 3, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr and stderr.count("\n") == 1 and stderr.startswith("jq-console: ")


@pytest.fixture(autouse=True)
def spanish() -> Iterator[None]:
    """The sentences are checked in Spanish, whatever language an earlier test left set."""
    set_language("es")
    yield
    set_language("es")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Services, str]:
    """A demo database with one quoted custom development, and that case's code."""
    services = demo_services(
        str(tmp_path_factory.mktemp("exports") / "demo.sqlite"), cases=120, clock=frozen_clock(NOW)
    )
    code = next(
        c.code
        for c in case_store.open_cases(services.engine)
        if c.category == "feature_request" and c.service == "subscription"
    )
    study_store.save_study(
        services.engine,
        services.runtime,
        code,
        services.login,
        "custom_development",
        "Informe",
        "",
        [QuoteLine("Análisis", 360)],
    )
    return services, code


def db_of(services: Services) -> Path:
    return Path(str(services.engine.url).removeprefix("sqlite:///"))


def test_billing_csv_through_a_symlink_to_the_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=2)
    before = digest(db)
    link = tmp_path / "facturacion-2026-11.csv"
    link.symlink_to(db)
    result = cli("billing", "--month", "2026-11", "--csv", str(link), "--db", str(db), login="super")
    assert result.returncode != 0
    one_sentence(result.stderr)
    assert "enlace simbólico" in result.stderr
    assert digest(db) == before and link.is_symlink()
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_billing_csv_onto_the_database_or_its_wal_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=2)
    before = digest(db)
    for target in (db, Path(f"{db}-wal")):
        result = run("billing", "--csv", str(target), "--db", str(db), login="super")
        assert result.returncode != 0 and "base de datos" in result.stderr, result.stderr
        one_sentence(result.stderr)
    assert digest(db) == before and not Path(f"{db}-wal").exists()


def test_billing_csv_into_a_folder_writes_the_months_file_there(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    (tmp_path / "out").mkdir()
    result = run("billing", "--month", "2026-11", "--csv", str(tmp_path / "out"), "--db", str(db), login="super")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "out" / "facturacion-2026-11.csv"
    assert written.read_text(encoding="utf-8").startswith("case,client,nit")
    assert str(written) in result.stdout


def test_the_quote_onto_the_database_or_through_a_link_is_refused(demo: tuple[Services, str], tmp_path: Path) -> None:
    services, code = demo
    db = db_of(services)
    services.engine.dispose()
    before = digest(db)
    link = tmp_path / "cotizacion.pdf"
    link.symlink_to(db)
    for target in (db, link):
        result = cli("study", "quote", code, "--out", str(target), "--db", str(db), login=services.login)
        assert result.returncode != 0
        one_sentence(result.stderr)
    assert digest(db) == before


def test_the_quote_is_written_and_its_full_path_told(demo: tuple[Services, str], tmp_path: Path) -> None:
    services, code = demo
    out = str(tmp_path / "q.pdf")
    result = run("study", "quote", code, "--out", out, "--db", str(db_of(services)), login=services.login)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "q.pdf").read_bytes().startswith(b"%PDF") and str(tmp_path / "q.pdf") in result.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node (mknod) needs root")
def test_backup_onto_a_device_is_refused_and_the_node_is_untouched(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    device = tmp_path / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a second /dev/full
    result = cli("backup", str(device), "--db", str(db), login="super")
    assert result.returncode != 0
    one_sentence(result.stderr)
    assert "no es un archivo normal" in result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode) and os.lstat(device).st_rdev == os.makedev(1, 7)
    # Nothing was written beside them; the database's own WAL files (a read-only look at its policy
    # version leaves them, as any reader in WAL mode may) are the database's, not an export's.
    left = {p.name for p in tmp_path.iterdir()} - {"office.sqlite-wal", "office.sqlite-shm"}
    assert sorted(left) == ["full", "office.sqlite"]


def test_backup_onto_a_fifo_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    os.mkfifo(tmp_path / "pipe")
    result = run("backup", str(tmp_path / "pipe"), "--db", str(db), login="super")
    assert result.returncode != 0 and "no es un archivo normal" in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)


def test_backup_into_a_folder_writes_a_dated_copy_there(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=3)
    folder = tmp_path / "copias"
    folder.mkdir()
    result = cli("backup", str(folder), "--db", str(db), "--now", "2026-12-07T10:05", login="super")
    assert result.returncode == 0, result.stderr
    copy = folder / "jq-console-20261207-1005.sqlite"
    assert str(copy) in result.stdout and "Traceback" not in result.stderr
    with closing(sqlite3.connect(copy)) as connection:
        assert connection.execute('SELECT count(*) FROM "case"').fetchone() == (3,)
    assert sorted(p.name for p in folder.iterdir()) == [copy.name]


def test_backup_through_a_symlink_to_the_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=1)
    before = digest(db)
    (tmp_path / "copia.sqlite").symlink_to(db)
    result = run("backup", str(tmp_path / "copia.sqlite"), "--db", str(db), login="super")
    assert result.returncode != 0 and "enlace simbólico" in result.stderr
    assert digest(db) == before


async def test_the_billing_screen_exports_into_the_export_folder(demo: tuple[Services, str], tmp_path: Path) -> None:
    services, _code = demo
    folder = tmp_path / "exports"
    app = create_app(services, live=False, export_dir=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2027, 1))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        toasts = [str(n.message) for n in app._notifications]
    written = folder / "facturacion-2027-01.csv"
    assert written.read_text(encoding="utf-8").startswith("case,client,nit")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert any(str(written) in toast for toast in toasts), toasts


async def test_the_billing_screen_refuses_a_symlink_named_like_its_export(
    demo: tuple[Services, str], tmp_path: Path
) -> None:
    services, _code = demo
    db = db_of(services)
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "facturacion-2027-01.csv").symlink_to(db)
    services.engine.dispose()
    before = digest(db)
    app = create_app(services, live=False, export_dir=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2027, 1))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        toasts = [str(n.message) for n in app._notifications]
    services.engine.dispose()
    assert digest(db) == before
    assert any("enlace simbólico" in toast for toast in toasts), toasts


async def test_the_case_study_screen_exports_both_files_into_the_export_folder(
    demo: tuple[Services, str], tmp_path: Path
) -> None:
    services, code = demo
    folder = tmp_path / "exports"
    app = create_app(services, live=False, export_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_study(app, pilot, code)
        await pilot.press("ctrl+o")
        await settle(pilot)
        toasts = [str(n.message) for n in app._notifications]
    text, pdf = folder / f"cotizacion-{code}.txt", folder / f"cotizacion-{code}.pdf"
    assert code in text.read_text(encoding="utf-8") and pdf.read_bytes().startswith(b"%PDF")
    assert any(str(text) in toast and str(pdf) in toast for toast in toasts), toasts


def test_the_refusals_speak_english_too(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    (tmp_path / "nov.csv").symlink_to(db)
    link = run("billing", "--csv", str(tmp_path / "nov.csv"), "--db", str(db), "--lang", "en", login="super")
    assert link.returncode != 0 and "is a symbolic link" in link.stderr
    onto = run("backup", str(db), "--db", str(db), "--lang", "en", login="super")
    assert onto.returncode != 0 and "is the database or one of its files" in onto.stderr
    missing = run("study", "quote", "X", "--db", str(db), "--lang", "en", login="super")
    assert missing.returncode != 0  # no quote: told before any file is touched


def test_the_console_exports_where_the_configuration_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from jq_console.cli.context import Context
    from jq_console.config import load_settings
    from jq_console.ui import app as app_module

    db = tmp_path / "office.sqlite"
    make_office(db)
    monkeypatch.setattr(app_module, "current_login", lambda _engine: "super")  # who is at the keyboard is not the point
    settings = load_settings({"HOME": "/nonexistent", "JQ_CONSOLE_EXPORT_DIR": str(tmp_path / "mine")}, files=[])
    opened: list[app_module.JQConsoleApp] = []
    monkeypatch.setattr(app_module.JQConsoleApp, "run", lambda self, *a, **k: opened.append(self))
    context = Context(argparse.Namespace(db=str(db), lang="es", policy=None), settings=settings)
    try:
        assert app_module.run_app(context) == 0
    finally:
        context.close()
    assert [app.export_dir for app in opened] == [tmp_path / "mine"]


def test_an_export_onto_another_database_is_refused_and_it_is_untouched(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=1)
    other = tmp_path / "other.sqlite"
    make_office(other, cases=2)
    before = other.read_bytes()
    for command in (
        ("billing", "--month", "2026-11", "--csv", str(other)),
        ("report", "--month", "2026-11", "--pdf", str(other)),
    ):
        result = run(*command, "--db", str(db), login="super")
        assert result.returncode == 2, result.stderr
        one_sentence(result.stderr)
        assert str(other) in result.stderr and "base de datos SQLite" in result.stderr
        assert other.read_bytes() == before


def test_a_name_too_long_for_the_system_is_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    long_name = "a" * 300
    for command in (
        ("billing", "--month", "2026-11", "--csv", str(tmp_path / f"{long_name}.csv")),
        ("report", "--month", "2026-11", "--pdf", str(tmp_path / f"{long_name}.pdf")),
        ("backup", str(tmp_path / long_name / "copia.sqlite")),
        ("backup", str(tmp_path / f"{long_name}.sqlite")),
    ):
        result = run(*command, "--db", str(db), login="super")
        assert result.returncode == 2, result.stderr
        one_sentence(result.stderr)
        assert "no se pudo escribir" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} <= {"office.sqlite", "office.sqlite-wal", "office.sqlite-shm"}
