"""What `--db` names: a command that needs an existing database never makes one where the name
points (a typing mistake left folders and an empty file behind), and a database server's password
never reaches the terminal, whatever is wrong with the address."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from office_support import make_office, run

WRITERS = (("take", "2026-1"), ("log", "2026-1", "1h", "x"), ("upgrade",), ("agent", "disable", "a01"))


@pytest.mark.parametrize("command", WRITERS, ids=lambda words: words[0])
def test_a_command_on_a_database_that_does_not_exist_makes_nothing(tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = tmp_path / "typo" / "deeper" / "desk.sqlite"
    done = run("--lang", "en", "--db", str(missing), *command)
    assert done.returncode == 2, done.stderr
    assert str(missing) in done.stderr and "init" in done.stderr  # says which file, and how to make one
    assert not (tmp_path / "typo").exists()


def test_init_still_makes_the_database_and_its_folder(tmp_path: Path) -> None:
    new = tmp_path / "new" / "desk.sqlite"
    done = run("--db", str(new), "init")
    assert done.returncode == 0, done.stderr
    assert new.exists()


def test_a_command_on_an_existing_database_opens_it(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite"
    (code,) = make_office(db, cases=1)
    assert run("--db", str(db), "take", code, login="a01").returncode == 0


@pytest.mark.parametrize(
    "target",
    [
        "postgresql+psycopg://jq:S3cret@127.0.0.1:notaport/jq",  # not a URL SQLAlchemy can read
        "postgresql+psycopg://jq:S3cret@127.0.0.1:5/jq",
        "postgresql+nodriver://jq:S3cret@127.0.0.1/jq",
    ],
)
def test_a_database_servers_password_is_never_shown(target: str) -> None:
    done = run("--lang", "en", "--db", target, "cases")
    assert done.returncode != 0
    assert "S3cret" not in done.stderr + done.stdout, done.stderr
    assert "jq:***@127.0.0.1" in done.stderr or "127.0.0.1" in done.stderr


def test_a_shown_target_hides_the_password_of_an_address_that_cannot_be_read() -> None:
    from jq_console.store.engine import shown_target

    assert "S3cret" not in shown_target("postgresql+psycopg://jq:S3cret@127.0.0.1:notaport/jq")
    assert shown_target("postgresql+psycopg://jq:S3cret@db/jq") == "postgresql+psycopg://jq:***@db/jq"


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
@pytest.mark.parametrize("command", [("init",), ("demo", "--cases", "1"), ("cases",), ("audit",)], ids=lambda w: w[0])
def test_a_database_that_is_not_a_file_is_refused_and_nothing_is_made_beside_it(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    """A folder, a pipe or a device named as the database: SQLite failed on it with 'disk I/O error'
    and left a journal beside it (`/dev/null-journal`, in /dev)."""
    target = tmp_path / "desk.sqlite"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/null")  # the name a user gave; the device is what it names
    done = run("--lang", "en", "--db", str(target), *command)
    named = str(target) if kind != "device" else "/dev/null"  # the path the database's name resolves to
    assert done.returncode == 2 and named in done.stderr and "not a file" in done.stderr, done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["desk.sqlite"]
    assert not Path("/dev/null-journal").exists()
