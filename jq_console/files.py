"""Writing a file the user asked for: a billing CSV, a quote, a backup of the database; and reading
whole a small file the user names (`read_small_text`).

The target is named by a person, maybe in a shared folder, so the name is not trusted:
- the folder is resolved (a link to a folder is followed), the last name is not: a target that
  is a symbolic link is refused, whatever it points at, because writing through it could
  overwrite the database or any file the running user may write;
- the database and its companions (`-wal`, `-shm`, `-journal`) are refused by name and by inode
  (a hard link to the database is the database), and so are the companions of any other SQLite
  database beside the target (writing over another database's `-wal` loses what it committed);
- an export never replaces any other SQLite database (told by the header of the existing file:
  another office's database, a backup); a backup replaces only what its caller recognises as an
  earlier backup written at the same place (`replaces`), and never a database with a companion
  beside it (open, or left half-written: renamed over, it takes the other file's `-wal` and is
  corrupt);
- only a regular file is replaced: a folder, a device (`/dev/full` as root would become a file
  otherwise), a pipe or a socket is refused;
- the content goes to a new temporary file in the target's folder (created exclusively, never
  following a link), is flushed to disk, and only then renamed over the target, so a reader sees
  the old file or the new one, never half of one, and a failure leaves the old file as it was.

The checks run again just before the rename; `rename` itself replaces a directory entry and never
writes through a link, so a link planted in between cannot redirect the bytes. Every refusal is a
`FileRefused`: a message code and its params, told as one sentence at the edge.

A file read whole (the settings, the policy, a password or token file) is named by a person too: a
wrong name may be a device that never ends (/dev/zero, or a link to it), a pipe nobody writes to, or
a log of gigabytes. Only a regular file is read, and only up to the cap its caller sets.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from jq_console.domain.coded import CodedError

T = TypeVar("T")
KIB, MIB = 1024, 1024 * 1024
DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database file
SQLITE_HEADER_SIZE = 100  # the database header, which holds the user version at 60-63
# Whether an existing SQLite database at a path (given its 100-byte header) may be replaced.
Replaces = Callable[[Path, bytes], bool]
NEW_FILE_MODE = 0o666  # as a plain open: the umask decides who else may read it
EXPORT_DIR_MODE = 0o700  # bills and quotes name clients and amounts: the user's alone


class FileRefused(CodedError):
    """A file the program will not write, or could not: the sentence names it and says why."""


def default_export_dir() -> Path:
    """Where the console's screens export when no folder is configured: beside the user's default
    database, `$XDG_DATA_HOME/jq-console/exports` (`~/.local/share/jq-console/exports`)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "jq-console" / "exports"


def export_folder(folder: Path) -> Path:
    """`folder`, made (0700, parents as the umask says) if it does not exist yet. A folder that
    exists keeps the permissions its owner gave it."""
    folder = folder.expanduser()
    try:
        folder.mkdir(mode=EXPORT_DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise FileRefused("err.file.export_dir", folder=folder, reason=error.strerror or str(error)) from None
    if not folder.is_dir():
        raise FileRefused("err.file.export_dir", folder=folder, reason=os.strerror(errno.ENOTDIR))
    return folder.resolve()


def in_folder(target: Path, default_name: str) -> Path:
    """A folder (or a link to one) given where a file was expected means a file named
    `default_name` inside it."""
    target = target.expanduser()
    try:
        is_folder = target.is_dir()
    except OSError as error:  # a name too long, a folder on the way that may not be searched
        raise FileRefused("err.file.failed", path=target, reason=error.strerror or str(error)) from None
    return target / default_name if is_folder else target


def _protected(protect: Iterable[Path]) -> tuple[set[Path], list[os.stat_result]]:
    names: set[Path] = set()
    inodes: list[os.stat_result] = []
    for database in protect:
        real = database.expanduser().resolve()
        for suffix in DATABASE_COMPANIONS:
            names.add(real.with_name(real.name + suffix))
        with contextlib.suppress(OSError):  # a database that does not exist yet has no inode to protect
            inodes.append(os.stat(real))
    return names, inodes


def checked_target(target: Path, protect: Iterable[Path] = (), *, replaces: Replaces | None = None) -> Path:
    """The absolute path that will be written (folder resolved), or `FileRefused` saying why not.
    An existing SQLite database is replaced only when `replaces` says so."""
    target = target.expanduser()
    if target.name in ("", ".", ".."):
        raise FileRefused("err.file.folder", path=target)
    try:
        folder = target.parent.resolve()
        folder_exists = folder.is_dir()
    except OSError as error:  # a name too long, a folder on the way that may not be searched
        raise FileRefused("err.file.failed", path=target, reason=error.strerror or str(error)) from None
    if not folder_exists:
        raise FileRefused("err.file.no_folder", folder=folder)
    final = folder / target.name
    try:
        found: os.stat_result | None = os.lstat(final)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise FileRefused("err.file.failed", path=final, reason=error.strerror or str(error)) from None
    names, inodes = _protected(protect)
    if final in names or (found is not None and any(os.path.samestat(found, inode) for inode in inodes)):
        raise FileRefused("err.file.database", path=final)
    _refuse_a_companion(final)
    if found is not None:
        if stat.S_ISLNK(found.st_mode):
            raise FileRefused("err.file.link", path=final)
        if stat.S_ISDIR(found.st_mode):
            raise FileRefused("err.file.folder", path=final)
        if not stat.S_ISREG(found.st_mode):
            raise FileRefused("err.file.not_regular", path=final)
        header = _database_header(final)
        if header is not None:
            _refuse_in_use(final)
            if replaces is None:
                raise FileRefused("err.file.sqlite", path=final)
            if not replaces(final, header):
                raise FileRefused("err.file.not_a_backup", path=final)
    return final


def _refuse_a_companion(final: Path) -> None:
    """`final` named as the `-wal`, `-shm` or `-journal` of a SQLite database beside it."""
    for suffix in DATABASE_COMPANIONS[1:]:
        if final.name.endswith(suffix) and len(final.name) > len(suffix):
            database = final.with_name(final.name[: -len(suffix)])
            if os.path.isfile(database) and _database_header(database) is not None:
                raise FileRefused("err.file.companion", path=final, database=database)


def _refuse_in_use(final: Path) -> None:
    """A database with a companion beside it is open, or was left mid-write."""
    for suffix in DATABASE_COMPANIONS[1:]:
        companion = final.with_name(final.name + suffix)
        if os.path.lexists(companion):
            raise FileRefused("err.file.in_use", path=final, companion=companion.name)


def _database_header(final: Path) -> bytes | None:
    """The header of the existing file `final` if it starts as every SQLite database does: another
    office's database, or an older copy, is worth more than the export that would replace it."""
    # O_NOFOLLOW and O_NONBLOCK: the name was a regular file a moment ago; if a link or a pipe took
    # its place since, opening it must neither follow the link nor wait for a writer.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        descriptor = os.open(final, flags)
    except FileNotFoundError:
        return None  # gone meanwhile: nothing to replace
    except OSError as error:  # unreadable: what it holds cannot be told, so it is not replaced
        raise FileRefused("err.file.failed", path=final, reason=error.strerror or str(error)) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise FileRefused("err.file.not_regular", path=final)
        header = handle.read(SQLITE_HEADER_SIZE)
    return header if header.startswith(SQLITE_HEADER) else None


# A temporary file's name says whose it is, so that what a killed writer left can be told apart
# from what a running one is writing: `.NAME.HOST-PID-RANDOM.tmp` (and SQLite's `-wal`, `-shm`,
# `-journal` beside a backup's copy).
_HOST = re.sub(r"[^A-Za-z0-9.-]", "_", os.uname().nodename)[:32] or "host"
_LEFTOVER = re.compile(r"(?P<pid>\d+)-[0-9a-f]{12}\.tmp(-wal|-shm|-journal)?")  # after ".NAME.HOST-"


def _process_ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, but another user's (or not ours to ask): left alone
        return False
    return False


def _remove_leftovers(final: Path) -> None:
    """The temporary files a writer of `final` on this machine left when it was killed (a nightly
    backup killed mid-copy left a full-size hidden copy each time, never removed)."""
    try:
        names = os.listdir(final.parent)
    except OSError:
        return  # the write itself says what is wrong with the folder
    ours = f".{final.name}.{_HOST}-"  # a name and a host may both hold dots: matched whole, not parsed
    for name in names:
        found = _LEFTOVER.fullmatch(name[len(ours) :]) if name.startswith(ours) else None
        if found and _process_ended(int(found["pid"])):
            with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove: left as it is
                os.unlink(final.parent / name)


def _temporary(final: Path, mode: int) -> tuple[int, Path]:
    """A new, empty file beside `final`, created by this call alone (O_EXCL, O_NOFOLLOW)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    _remove_leftovers(final)
    while True:
        # os.urandom, as secrets.token_hex does, without importing `secrets` (hashlib, random) at the
        # start of every command: the settings are read through this module.
        temp = final.with_name(f".{final.name}.{_HOST}-{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temp, flags, mode), temp
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Flush the folder itself, so the rename survives a power cut."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write(
    target: Path, protect: Iterable[Path], mode: int, fill: Callable[[int, Path, Path], T], replaces: Replaces | None
) -> tuple[Path, T]:
    """Check `target`, let `fill` write a new temporary file beside it (given its open descriptor,
    its path and the target's), flush it, check again and rename it over `target`. An existing
    SQLite database is replaced only when `replaces` says so."""
    protect = list(protect)
    final = checked_target(target, protect, replaces=replaces)
    try:
        handle, temp = _temporary(final, mode)
    except OSError as error:
        raise FileRefused("err.file.failed", path=final, reason=error.strerror or str(error)) from None
    try:
        try:
            result = fill(handle, temp, final)
            os.fsync(handle)  # whoever wrote the inode, its content is on disk before the name points at it
        finally:
            os.close(handle)
        checked_target(final, protect, replaces=replaces)  # again: the folder may have changed
        os.rename(temp, final)
        _sync_folder(final.parent)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise FileRefused("err.file.failed", path=final, reason=error.strerror or str(error)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return final, result


def write_through(
    target: Path,
    fill: Callable[[Path, Path], T],
    *,
    protect: Iterable[Path] = (),
    mode: int = NEW_FILE_MODE,
    replaces: Replaces | None = None,
) -> tuple[Path, T]:
    """Write `target` safely (see the module's docstring) by letting `fill` write the temporary
    file at the path it receives (SQLite's backup needs a path), told too the path it will become;
    returns the path written and what `fill` returned. An existing SQLite database there is replaced
    only when `replaces` recognises it (a nightly job's earlier copy under the same name)."""
    return _write(target, protect, mode, lambda _handle, temp, final: fill(temp, final), replaces)


def write_bytes(target: Path, data: bytes, *, protect: Iterable[Path] = (), mode: int = NEW_FILE_MODE) -> Path:
    """`data` as the whole content of `target`, written safely; returns the path written."""

    def pour(handle: int, _temp: Path, _final: Path) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]

    return _write(target, protect, mode, pour, None)[0]


def write_text(target: Path, text: str, *, protect: Iterable[Path] = (), mode: int = NEW_FILE_MODE) -> Path:
    """`text` in UTF-8 as the whole content of `target`, written safely; returns the path written."""
    return write_bytes(target, text.encode("utf-8"), protect=protect, mode=mode)


def size_text(count: int) -> str:
    """A size as a person reads it: '1 MiB', '64 KiB', '1000 B'."""
    for unit, name in ((MIB, "MiB"), (KIB, "KiB")):
        if count >= unit and count % unit == 0:
            return f"{count // unit} {name}"
    return f"{count} B"


def read_small_text(path: Path, cap: int) -> str:
    """The whole text of `path` (UTF-8, newlines as `Path.read_text` gives them), or `FileRefused`
    when it is not a regular file or holds more than `cap` bytes; never more than `cap` + 1 bytes
    are read. A missing, unreadable or folder `path` raises the OSError, and a text that is not
    UTF-8 the UnicodeDecodeError, that `read_text` would: the caller tells them in its own words."""
    # O_NONBLOCK: a pipe opens at once instead of waiting for a writer (it is refused just below);
    # a regular file reads the same with it. O_NOCTTY: naming a terminal must not make it ours.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise FileRefused("err.file.not_regular", path=path)
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise FileRefused("err.file.too_big", path=path, size=size_text(cap))
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


_TOML_PLACE = re.compile(r"\(at line (\d+), column \d+\)$")


def toml_error_line(message: str, text: str) -> int:
    """The line where a TOML reader stopped, from its message ("... (at line 3, column 5)", or "(at
    end of document)": the last line), so that a sentence in the user's language can name it (a
    settings or policy file read by `read_small_text`)."""
    found = _TOML_PLACE.search(message)
    return int(found.group(1)) if found else max(1, len(text.splitlines()))
