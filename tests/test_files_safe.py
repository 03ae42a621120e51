"""Writing a file the user asked for (exports, quotes, backups): never through a symbolic link, never
onto the database or its companions, never onto a device or a folder; written whole or not at all."""

from __future__ import annotations

import os
import stat
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jq_console.files import (
    FileRefused,
    default_export_dir,
    export_folder,
    in_folder,
    write_bytes,
    write_text,
    write_through,
)
from jq_console.i18n import error_text, set_language


@pytest.fixture(autouse=True)
def spanish() -> Iterator[None]:
    """The sentences are checked in Spanish, whatever language an earlier test left set."""
    set_language("es")
    yield
    set_language("es")


def _db(folder: Path) -> Path:
    db = folder / "office.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    return db


def _refusal(error: pytest.ExceptionInfo[FileRefused]) -> str:
    text = error_text(error.value)
    assert "\n" not in text and "Traceback" not in text and not text.startswith("err.")
    return text


def test_a_new_file_is_written_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    written = write_bytes(tmp_path / "facturacion.csv", b"a;b\r\n1;2\r\n")
    assert written == tmp_path / "facturacion.csv"
    assert written.read_bytes() == b"a;b\r\n1;2\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facturacion.csv"]


def test_an_existing_file_is_replaced_not_appended(tmp_path: Path) -> None:
    target = tmp_path / "cotizacion.txt"
    target.write_bytes(b"old text that is longer than the new one")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_symlink_to_the_database_is_refused_and_the_database_is_untouched(tmp_path: Path) -> None:
    db = _db(tmp_path)
    before = db.read_bytes()
    link = tmp_path / "facturacion-2026-11.csv"
    link.symlink_to(db)
    with pytest.raises(FileRefused) as refused:
        write_bytes(link, b"case;client\r\n", protect=[db])
    assert "enlace" in _refusal(refused)
    assert db.read_bytes() == before and link.is_symlink()


def test_a_symlink_anywhere_is_refused_even_when_no_database_is_named(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"keep me")
    link = tmp_path / "quote.txt"
    link.symlink_to(elsewhere)
    with pytest.raises(FileRefused):
        write_bytes(link, b"x")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere" / "x")
    with pytest.raises(FileRefused):
        write_bytes(dangling, b"x")
    assert elsewhere.read_bytes() == b"keep me" and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_database_and_its_companions_are_refused(tmp_path: Path, suffix: str) -> None:
    db = _db(tmp_path)
    target = db.with_name(db.name + suffix)
    if suffix:
        target.write_bytes(b"companion")
    before = target.read_bytes()
    with pytest.raises(FileRefused) as refused:
        write_bytes(target, b"x", protect=[db])
    assert "base de datos" in _refusal(refused)
    assert target.read_bytes() == before


def test_the_database_named_through_a_linked_folder_or_a_hard_link_is_refused(tmp_path: Path) -> None:
    db = _db(tmp_path)
    before = db.read_bytes()
    (tmp_path / "via").symlink_to(tmp_path)
    with pytest.raises(FileRefused):
        write_bytes(tmp_path / "via" / db.name, b"x", protect=[db])
    os.link(db, tmp_path / "hard.sqlite")
    with pytest.raises(FileRefused):
        write_bytes(tmp_path / "hard.sqlite", b"x", protect=[db])
    assert db.read_bytes() == before


def test_a_linked_folder_is_followed_to_its_real_place(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "exports").symlink_to(tmp_path / "real")
    written = write_bytes(tmp_path / "exports" / "a.csv", b"x")
    assert written == tmp_path / "real" / "a.csv" and written.read_bytes() == b"x"


def test_a_folder_is_refused_with_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    with pytest.raises(FileRefused) as refused:
        write_bytes(tmp_path / "sub", b"x")
    assert "carpeta" in _refusal(refused)
    assert (tmp_path / "sub").is_dir()


def test_a_missing_folder_is_refused_with_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as refused:
        write_bytes(tmp_path / "no" / "a.csv", b"x")
    assert "no existe la carpeta" in _refusal(refused)
    assert not (tmp_path / "no").exists()


def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused) as refused:
        write_bytes(fifo, b"x")
    assert "no es un archivo normal" in _refusal(refused)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.csv"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node (mknod) needs root")
def test_a_device_is_refused_and_the_node_is_untouched(tmp_path: Path) -> None:
    device = tmp_path / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # what /dev/full is
    with pytest.raises(FileRefused):
        write_bytes(device, b"x")
    mode = os.lstat(device)
    assert stat.S_ISCHR(mode.st_mode) and mode.st_rdev == os.makedev(1, 7)


def test_a_failure_while_filling_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"previous copy")

    def fill(path: Path, _final: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(FileRefused) as refused:
        write_through(target, fill)
    assert "No space left" in _refusal(refused)
    assert target.read_bytes() == b"previous copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.sqlite"]


def test_the_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        written = write_bytes(tmp_path / "a.csv", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_a_folder_given_as_target_means_the_default_name_inside_it(tmp_path: Path) -> None:
    assert in_folder(tmp_path, "facturacion-2026-11.csv") == tmp_path / "facturacion-2026-11.csv"
    assert in_folder(tmp_path / "mine.csv", "facturacion-2026-11.csv") == tmp_path / "mine.csv"


def test_the_export_folder_is_made_private_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = default_export_dir()
    assert folder == tmp_path / "data" / "jq-console" / "exports"
    assert export_folder(folder) == folder
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o750)  # one the user made or opened up: left as it is
    assert export_folder(folder) == folder and stat.S_IMODE(folder.stat().st_mode) == 0o750


def test_an_export_folder_that_is_a_file_is_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "exports").write_bytes(b"")
    with pytest.raises(FileRefused) as refused:
        export_folder(tmp_path / "exports")
    assert "exports" in _refusal(refused)


KINDS = ("missing", "regular", "link_to_db", "link_elsewhere", "folder", "fifo", "db", "wal", "shm", "hard_link")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=2048), name=st.text(string.ascii_letters, min_size=1))
def test_whatever_the_target_the_database_is_never_changed(
    tmp_path_factory: pytest.TempPathFactory, kind: str, data: bytes, name: str
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    db = _db(folder)
    Path(f"{db}-wal").write_bytes(b"wal")
    Path(f"{db}-shm").write_bytes(b"shm")
    kept = {p.name: p.read_bytes() for p in folder.iterdir()}
    target = {"db": db, "wal": Path(f"{db}-wal"), "shm": Path(f"{db}-shm")}.get(kind, folder / f"x{name}")
    if kind == "regular":
        target.write_bytes(b"old")
    elif kind == "link_to_db":
        target.symlink_to(db)
    elif kind == "link_elsewhere":
        target.symlink_to(folder / "elsewhere")
    elif kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "hard_link":
        os.link(db, target)
    try:
        written = write_bytes(target, data, protect=[db])
    except FileRefused as refused:
        assert kind not in ("missing", "regular"), error_text(refused)
    else:
        assert kind in ("missing", "regular")
        assert written.read_bytes() == data and stat.S_ISREG(os.lstat(written).st_mode)
    assert {name: (folder / name).read_bytes() for name in kept} == kept  # the database and companions
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_another_sqlite_database_is_refused_by_an_export_and_left_as_it_was(tmp_path: Path) -> None:
    other = _db(tmp_path)
    before = other.read_bytes()
    for write in (write_bytes, lambda target, data: write_text(target, data.decode())):
        with pytest.raises(FileRefused) as refused:
            write(other, b"case;client\r\n")
        assert refused.value.code == "err.file.sqlite" and str(other) in _refusal(refused)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name]


def test_a_database_is_replaced_only_when_the_writer_recognises_it(tmp_path: Path) -> None:
    """A nightly job writes its copy under the same name: the earlier copy, a SQLite database too,
    is replaced when the backup recognises it as its own (`store/backup.py`), and only then; never
    while a companion lies beside it (open, or left half-written)."""
    earlier = _db(tmp_path)
    before = earlier.read_bytes()

    def tonight(partial: Path, _final: Path) -> None:
        partial.write_bytes(b"SQLite format 3\x00 tonight")

    for replaces in (None, lambda _place, _header: False):
        with pytest.raises(FileRefused):
            write_through(earlier, tonight, replaces=replaces)
    (tmp_path / "office.sqlite-journal").write_bytes(b"")
    with pytest.raises(FileRefused) as refused:
        write_through(earlier, tonight, replaces=lambda place, header: True)
    assert refused.value.code == "err.file.in_use" and "office.sqlite-journal" in _refusal(refused)
    assert earlier.read_bytes() == before
    (tmp_path / "office.sqlite-journal").unlink()
    seen: list[tuple[Path, bytes]] = []

    def recognised(place: Path, header: bytes) -> bool:
        seen.append((place, header))
        return True

    written, _ = write_through(earlier, tonight, replaces=recognised)
    assert written == earlier and earlier.read_bytes() == b"SQLite format 3\x00 tonight"
    assert seen == [(earlier, before[:100])] * 2  # checked before the copy and again before the rename


def test_a_file_that_only_looks_like_a_database_by_name_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "old.sqlite"
    target.write_bytes(b"SQLite format 2")  # not the 16-byte header of a SQLite 3 database
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_name_too_long_is_refused_with_a_sentence(tmp_path: Path) -> None:
    long_name = "a" * 300
    for target in (tmp_path / f"{long_name}.pdf", tmp_path / long_name / "x.pdf"):
        with pytest.raises(FileRefused) as refused:
            write_bytes(in_folder(target, "informe.pdf"), b"%PDF")
        assert refused.value.code == "err.file.failed" and long_name in _refusal(refused)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("host", ["", "srv.office.local"])  # the machine's own name; a full one has dots
def test_what_a_killed_writer_left_is_removed_and_a_running_ones_kept(
    tmp_path: Path, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup killed mid-copy left its hidden full-size copy (and SQLite's files beside it) every
    time, and no later write removed them: a nightly job killed now and then filled the disk."""
    import socket
    import subprocess
    import sys

    from jq_console import files

    if host:
        monkeypatch.setattr(files, "_HOST", host)
    _HOST = files._HOST
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, alive = int(ended.stdout), os.getpid()
    left = [f".copy.sqlite.{_HOST}-{dead}-0123456789ab.tmp{suffix}" for suffix in ("", "-wal", "-shm")]
    kept = [
        f".copy.sqlite.{_HOST}-{alive}-0123456789ab.tmp",  # a writer still at work
        f".copy.sqlite.other-{socket.gethostname()}x-{dead}-0123456789ab.tmp",  # another machine's, on a shared folder
        f".other.sqlite.{_HOST}-{dead}-0123456789ab.tmp",  # another target's
        ".copy.sqlite.0123456789ab.tmp",  # named otherwise: whose it is cannot be told
    ]
    for name in left + kept:
        (tmp_path / name).write_bytes(b"x")
    write_bytes(tmp_path / "copy.sqlite", b"tonight")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "copy.sqlite"])
