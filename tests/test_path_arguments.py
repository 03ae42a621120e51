"""A file named on the command line is taken as typed or refused, never changed: `backup` of a name
with an escape sequence made a file whose name the terminal did not show (the message named
another), and `backup "   "` a file named with spaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_support import make_office, run

NAMES = {"blank": "   ", "empty": "", "escape": "\x1b[31mb.sqlite", "newline": "b\n.sqlite"}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_file_name_that_is_blank_or_holds_a_control_character_is_refused(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "desk.sqlite"
    make_office(db)
    monkeypatch.chdir(tmp_path)  # where a relative name would be made
    before = sorted(tmp_path.iterdir())
    done = run("--lang", "en", "--db", str(db), "backup", name)
    assert done.returncode != 0
    assert "the file name" in done.stderr and "\x1b" not in done.stderr
    assert sorted(tmp_path.iterdir()) == before


def test_a_plain_file_name_is_kept_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite"
    make_office(db)
    copy = tmp_path / "copia de seguridad.sqlite"
    assert run("--db", str(db), "backup", str(copy)).returncode == 0
    assert copy.exists()
