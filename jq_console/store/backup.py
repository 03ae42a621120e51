"""An online copy of the SQLite database while agents keep working.

SQLite's backup API copies every page under one read transaction (WAL lets writers go on
meanwhile), so the copy is the database as of one instant. The copy is written beside the
target, checked with `PRAGMA integrity_check` and only then renamed into place.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from jq_console.store.engine import StoreError, sqlite_file


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    cases: int
    integrity: str


def backup(engine: Engine, target: Path) -> BackupReport:
    source_path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if source_path is None:
        raise StoreError("err.backup.sqlite_only")
    target = target.expanduser().resolve()
    if target == source_path.resolve():
        raise StoreError("err.backup.same_file")
    if not target.parent.is_dir():
        raise StoreError("err.backup.no_folder", folder=target.parent)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            integrity = str(copy.execute("PRAGMA integrity_check").fetchone()[0])
            cases = int(copy.execute('SELECT count(*) FROM "case"').fetchone()[0])
        finally:
            copy.close()
            source.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise StoreError("err.backup.failed", reason=error) from None
    if integrity != "ok":
        partial.unlink(missing_ok=True)
        raise StoreError("err.backup.integrity", result=integrity)
    os.replace(partial, target)
    return BackupReport(target, target.stat().st_size, cases, integrity)
