"""A file named where the program reads one (the settings, the policy, the mail passwords, the board's
token, a batch, an intake, a batch of deadlines) that never ends: a link to /dev/zero, a pipe nobody
writes to, or a file far larger than such a file ever is. Each is refused in one sentence naming it,
in bounded memory and time; a file of lines whose one line never ends stops being read with a sentence."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_support import env, make_office

from jq_console.bootstrap import POLICY_FILE_BYTES, PolicyFileError, read_policy_text
from jq_console.config import SECRETS_FILE_BYTES, SETTINGS_FILE_BYTES, ConfigError, load_settings, read_passwords
from jq_console.files import FileRefused, read_small_text
from jq_console.i18n import error_text, set_language
from jq_console.ui.board_server import BoardError, read_token

# The address space of each command started here: a read without end fails at once (MemoryError)
# instead of filling the machine, and a command that reads within bounds never comes near it.
MEMORY = 1 << 30
OPENED = "2026-12-07T15:00"


@pytest.fixture(autouse=True)
def spanish() -> Iterator[None]:
    set_language("es")
    yield


def _bounded_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def command(
    *args: str, stdin: Path | None = None, more_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, its memory bounded; a read that waits for ever fails the
    test at the timeout."""
    with open(stdin or os.devnull, "rb") as source:
        return subprocess.run(
            [sys.executable, "-m", "jq_console", *args],
            stdin=source,
            capture_output=True,
            text=True,
            env=env() | (more_env or {}),
            timeout=60,
            preexec_fn=_bounded_memory,
        )


def endless(folder: Path) -> Path:
    link = folder / "zero"
    link.symlink_to("/dev/zero")
    return link


def test_a_file_up_to_its_cap_is_read_and_one_byte_more_is_refused_naming_file_and_cap(tmp_path: Path) -> None:
    small = tmp_path / "small.toml"
    small.write_bytes(b"a\r\nb\rc" + b"#" * (1024 - 6))
    assert read_small_text(small, 1024) == "a\nb\nc" + "#" * (1024 - 6)  # newlines as read_text gives them
    small.write_bytes(b"#" * 1025)
    with pytest.raises(FileRefused) as refusal:
        read_small_text(small, 1024)
    assert refusal.value.code == "err.file.too_big"
    assert str(small) in error_text(refusal.value) and "1 KiB" in error_text(refusal.value)


def test_a_device_behind_a_link_is_refused_unread(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as refusal:
        read_small_text(endless(tmp_path), 1024)
    assert refusal.value.code == "err.file.not_regular"
    assert str(tmp_path / "zero") in error_text(refusal.value)


def test_a_missing_file_or_a_folder_is_left_to_the_callers_words(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_small_text(tmp_path / "absent", 1024)
    with pytest.raises(IsADirectoryError):
        read_small_text(tmp_path, 1024)


def test_each_whole_file_read_keeps_its_own_error_and_its_cap(tmp_path: Path) -> None:
    huge = tmp_path / "huge"
    huge.write_bytes(b"#" * (max(POLICY_FILE_BYTES, SETTINGS_FILE_BYTES, SECRETS_FILE_BYTES) + 1))
    huge.chmod(0o600)
    with pytest.raises(PolicyFileError) as policy:
        read_policy_text(huge)
    with pytest.raises(ConfigError) as settings:
        load_settings({"HOME": "/nonexistent", "JQ_CONSOLE_CONFIG": str(huge)}, files=[huge])
    with pytest.raises(ConfigError) as passwords:
        read_passwords(huge)
    with pytest.raises(BoardError) as token:
        read_token(str(huge))
    for refusal in (policy, settings, passwords, token):
        assert refusal.value.code == "err.file.too_big" and str(huge) in error_text(refusal.value)


def test_a_policy_file_that_is_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "policy.toml"
    os.mkfifo(pipe)
    done = command("--policy", str(pipe), "deadlines", "--severity", "S2", "--opened", OPENED)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and str(pipe) in done.stderr and "no es un archivo normal" in done.stderr


@pytest.mark.parametrize(
    "args, config",
    [
        (("--policy", "{zero}", "deadlines", "--severity", "S2", "--opened", OPENED), False),
        (("policy", "apply", "{zero}", "--db", "{db}"), False),
        (("cases", "--db", "{db}"), True),
    ],
    ids=["policy", "policy apply", "settings"],
)
def test_a_whole_file_read_from_a_device_is_one_sentence(tmp_path: Path, args: tuple[str, ...], config: bool) -> None:
    zero, db = endless(tmp_path), tmp_path / "office.sqlite"
    make_office(db)
    more_env = {"JQ_CONSOLE_CONFIG": str(zero)} if config else {}
    done = command(*(word.format(zero=zero, db=db) for word in args), more_env=more_env)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.count("\n") == 1 and str(zero) in done.stderr and "no es un archivo normal" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("deadlines", "--batch", "{source}"),
        ("intake", "{source}", "--db", "{db}"),
        ("batch", "{source}", "--db", "{db}"),
    ],
    ids=["deadlines", "intake", "batch"],
)
@pytest.mark.parametrize("source", ["zero", "-"])
def test_a_line_that_never_ends_stops_the_read_with_a_sentence(
    tmp_path: Path, args: tuple[str, ...], source: str
) -> None:
    zero, db = endless(tmp_path), tmp_path / "office.sqlite"
    make_office(db)
    named = str(zero) if source == "zero" else "-"
    done = command(*(word.format(source=named, db=db) for word in args), stdin=zero if source == "-" else None)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert "línea 1" in done.stderr and "sigue sin terminar" in done.stderr
