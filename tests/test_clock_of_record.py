"""Everything written carries the real clock: --now moves it only for commands that write nothing, or
on a sandbox database (docs/policy.md, "The record")."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from jq_console.cli import main
from jq_console.store.engine import make_engine

NOW = "2020-01-01T10:00"


@pytest.fixture
def real_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("JQ_CONSOLE_AGENT", raising=False)
    monkeypatch.delenv("SUDO_USER", raising=False)
    db = str(tmp_path / "office.sqlite")
    assert main(["init", "--db", db]) == 0  # real work: the caller becomes its administrator
    return db


def rates(db: str) -> list[tuple[int, int]]:
    engine = make_engine(db)
    with engine.connect() as connection:
        rows = [(int(year), int(rate)) for year, rate in connection.execute(text("SELECT year, hourly FROM rate"))]
    engine.dispose()
    return sorted(rows)


def test_a_moved_clock_cannot_write_to_real_work(real_office: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = rates(real_office)
    assert main(["rate", "set", "2027", "200000", "--db", real_office, "--now", NOW]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--now" in err
    assert rates(real_office) == before
    assert main(["rate", "set", "2027", "200000", "--db", real_office]) == 0  # the real clock may
    assert (2027, 200000) in rates(real_office)


def test_a_moved_clock_may_read_real_work(real_office: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "--json", "--db", real_office, "--now", NOW]) == 0
    assert main(["billing", "--month", "2019-12", "--db", real_office, "--now", NOW]) == 0


def test_a_sandbox_takes_any_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JQ_CONSOLE_AGENT", raising=False)
    monkeypatch.delenv("SUDO_USER", raising=False)
    db = str(tmp_path / "sandbox.sqlite")
    assert main(["init", "--sandbox", "--db", db]) == 0
    assert main(["rate", "set", "2027", "200000", "--db", db, "--now", NOW]) == 0
