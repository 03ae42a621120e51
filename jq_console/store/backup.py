"""An online copy of the SQLite database while agents keep working.

SQLite's backup API copies every page under one read transaction (WAL lets writers go on
meanwhile), so the copy is the database as of one instant. The copy is written to a new file
beside the target, checked with `PRAGMA integrity_check` and only then renamed into place, with
the safety of every file the program writes (`jq_console.files`): never through a symbolic link,
never onto the database or its companions, never onto a device or a folder.

A folder given as the target receives `jq-console-YYYYMMDD-HHMM.sqlite` (the local time of the
copy), so a scheduled job may name just the folder. The copy gets the database's permission bits:
it holds the same data and must be no easier to read.

A backup replaces an existing SQLite file only if that file is a backup written at the very same
place: a nightly job's copy under one name. Each copy carries, as its SQLite user version (a field of
the header the store does not otherwise use), a mark made from the path it was written to. Another
office's database carries none, and a backup put back to work under another name carries the mark
of its old place, so neither is ever replaced by a backup.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from jq_console.files import in_folder, write_through
from jq_console.store.engine import sqlite_file
from jq_console.store.errors import StoreError


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    cases: int
    integrity: str


def backup_name(moment: datetime) -> str:
    return f"jq-console-{moment:%Y%m%d-%H%M}.sqlite"


USER_VERSION_AT = slice(60, 64)  # where the SQLite header holds the user version (big-endian)


def backup_mark(place: Path) -> int:
    """The user version of a backup written at `place` (never 0, which every other database has)."""
    return zlib.crc32(str(place).encode("utf-8", "surrogateescape")) & 0x7FFF_FFFF or 1


def _is_backup_at(place: Path, header: bytes) -> bool:
    return int.from_bytes(header[USER_VERSION_AT], "big") == backup_mark(place)


def _copy(source_path: Path, partial: Path, place: Path) -> tuple[int, str]:
    """Copy into `partial` (an empty file made for it, to become `place`); the number of cases and
    the check's verdict."""
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute(f"PRAGMA user_version = {backup_mark(place)}")  # a number: no text is spliced in
            integrity = str(copy.execute("PRAGMA integrity_check").fetchone()[0])
            cases = int(copy.execute('SELECT count(*) FROM "case"').fetchone()[0])
        finally:
            copy.close()
            source.close()
    except sqlite3.Error as error:
        raise StoreError("err.backup.failed", reason=error) from None
    if integrity != "ok":
        raise StoreError("err.backup.integrity", result=integrity)
    return cases, integrity


def backup(engine: Engine, target: Path, moment: datetime) -> BackupReport:
    """Copy the database to `target` (a file, or a folder to hold a copy named after `moment`)."""
    source_path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if source_path is None:
        raise StoreError("err.backup.sqlite_only")
    mode = stat.S_IMODE(os.stat(source_path).st_mode) & 0o666
    written, (cases, integrity) = write_through(
        in_folder(target, backup_name(moment)),
        lambda partial, place: _copy(source_path, partial, place),
        protect=[source_path],
        mode=mode,
        replaces=_is_backup_at,
    )
    return BackupReport(written, written.stat().st_size, cases, integrity)
