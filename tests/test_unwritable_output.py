"""Output that cannot be written (a full disk, here /dev/full; an I/O error) is one sentence on stderr
and exit 74, whatever the command, `--version` and `--help` included: never a traceback, never an
'unexpected error', never a silent 0. A reader gone (a closed pipe) stays as it was: let go."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from office_support import env, make_office

from jq_console.cli import main
from jq_console.cli.outcome import OUTPUT_FAILED

OPENED = "2026-12-07T15:00"
FULL = os.strerror(errno.ENOSPC)


def to_full(*args: str, unbuffered: bool, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command with its standard output on /dev/full (every write fails with ENOSPC)."""
    environment = env() | ({"PYTHONUNBUFFERED": "1"} if unbuffered else {})
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-m", "jq_console", *args],
            input=stdin,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            timeout=60,
        )


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args, stdin",
    [
        (("--version",), None),
        (("--help",), None),
        (("cases", "--help"), None),
        (("cases", "--db", "{db}"), None),
        (("deadlines", "--severity", "S2", "--opened", OPENED), None),
        (("batch", "-", "--db", "{db}"), "cases\ncases\n"),
    ],
    ids=["version", "help", "command help", "cases", "deadlines", "batch"],
)
def test_output_on_a_full_disk_is_one_sentence_and_exit_74(
    tmp_path: Path, args: tuple[str, ...], stdin: str | None, unbuffered: bool
) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=2)
    done = to_full(*(word.format(db=db) for word in args), unbuffered=unbuffered, stdin=stdin)
    assert done.returncode == OUTPUT_FAILED, done.stderr
    assert done.stderr.splitlines() == [
        f"jq-console: no se pudo escribir la salida: {FULL}; libere espacio o revise a dónde va la salida"
    ]


def test_the_sentence_speaks_the_language_asked(tmp_path: Path) -> None:
    done = to_full("--lang", "en", "deadlines", "--severity", "S2", "--opened", OPENED, unbuffered=False)
    assert done.returncode == OUTPUT_FAILED
    assert (
        done.stderr
        == f"jq-console: could not write the output: {FULL}; free some space or check where the output goes\n"
    )


class Unwritable(io.StringIO):
    """A terminal gone bad: every write fails with EIO."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, os.strerror(errno.EIO))


def test_an_io_error_while_printing_the_version_is_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", Unwritable())
    assert main(["--version"]) == OUTPUT_FAILED
    assert capsys.readouterr().err == (
        f"jq-console: no se pudo escribir la salida: {os.strerror(errno.EIO)}; "
        "libere espacio o revise a dónde va la salida\n"
    )
