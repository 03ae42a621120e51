"""The scripting CLI of the core: deadlines (single and batch), cases, init and demo, and
one-line errors with a non-zero exit on bad input. Expected instants are worked out by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jq_console.bootstrap import DEFAULT_POLICY
from jq_console.cli import main

POLICY = str(DEFAULT_POLICY)

# (severity, opened, assignment due, resolution due), all Bogota time
CASES = [
    # The three worked examples of docs/policy.md
    ("S3", "2026-12-07T19:30:00-05:00", "2026-12-09T08:30:00-05:00", "2026-12-10T19:30:00-05:00"),
    ("S2", "2026-12-07T15:00:00-05:00", "2026-12-14T10:00:00-05:00", "2026-12-17T15:00:00-05:00"),
    ("S1", "2026-12-24T16:30:00-05:00", "2026-12-31T11:30:00-05:00", "2027-01-23T16:30:00-05:00"),
    # Saturday on the urgency schedule; the hour left ends exactly at closing (20:00)
    ("S3", "2026-12-12T19:00", "2026-12-12T20:00:00-05:00", "2026-12-15T19:00:00-05:00"),
    # Opened at noon on a Friday: lunch and the weekend skipped
    ("S2", "2026-12-11T12:00", "2026-12-16T16:00:00-05:00", "2026-12-22T12:00:00-05:00"),
    # A target used up exactly at 13:00 is due at 13:00; Dec 8 (holiday) skipped
    ("S2", "2026-12-01T10:00", "2026-12-04T13:00:00-05:00", "2026-12-11T10:00:00-05:00"),
    # Opened after hours; seven whole days end exactly at 17:00, not at the next opening
    ("S2", "2026-11-30T17:30", "2026-12-04T12:00:00-05:00", "2026-12-10T17:00:00-05:00"),
    # Year end: Jan 1 closed, Saturday Jan 2 open on the urgency schedule
    ("S3", "2026-12-31T19:00", "2026-12-31T20:00:00-05:00", "2027-01-04T19:00:00-05:00"),
    # Reyes Magos moved to Monday Jan 12, 2026
    ("S3", "2026-01-10T19:00", "2026-01-10T20:00:00-05:00", "2026-01-14T19:00:00-05:00"),
    # Opened on a holiday (Dec 8): the clock starts at the next opening
    ("S2", "2026-12-08T10:00", "2026-12-14T12:00:00-05:00", "2026-12-17T17:00:00-05:00"),
    # An opening given in UTC is the same instant
    ("S2", "2026-12-07T20:00:00+00:00", "2026-12-14T10:00:00-05:00", "2026-12-17T15:00:00-05:00"),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("severity, opened, assignment, resolution", CASES)
def test_deadlines_json(
    capsys: pytest.CaptureFixture[str], severity: str, opened: str, assignment: str, resolution: str
) -> None:
    code, out, _ = run(capsys, "deadlines", "--severity", severity, "--opened", opened, "--json")
    assert code == 0
    assert json.loads(out) == {"assignment_due": assignment, "resolution_due": resolution}


def test_batch_keeps_order_and_reports_bad_lines_by_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps({"severity": s, "opened": o}) for s, o, _, _ in CASES[:3]]
    lines.insert(1, "{not json")
    lines.insert(3, json.dumps({"severity": "S9", "opened": "2026-12-07T10:00"}))
    lines.append(json.dumps({"severity": "S2", "opened": "ayer"}))
    source = tmp_path / "starts.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "deadlines", "--batch", str(source))
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(results) == 6
    assert results[0]["resolution_due"] == CASES[0][3]
    assert results[2]["resolution_due"] == CASES[1][3] and results[4]["resolution_due"] == CASES[2][3]
    assert [r["line"] for r in results if "error" in r] == [2, 4, 6]
    assert "línea 2" in err and "línea 4" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args, words",
    [
        (("deadlines", "--severity", "S5", "--opened", "2026-12-07T10:00"), "severidad"),
        (("deadlines", "--severity", "S2", "--opened", "7 de diciembre"), "fecha inválida"),
        (("deadlines", "--batch", "/no/existe.jsonl"), "no existe el archivo"),
        (("deadlines",), "--severity"),
        (("cases", "--db", "/no/existe/jq.sqlite"), "no existe la base de datos"),
        (("init", "--db", "/proc/jq-console/jq.sqlite"), "no se puede"),
        (("demo", "--cases", "-3", "--db", "/tmp/never-created.sqlite"), "--cases"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], words: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err


def test_a_broken_policy_file_names_the_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(Path(POLICY).read_text(encoding="utf-8").replace("amount = 2940", "amount = -1"))
    code = main(["deadlines", "--severity", "S2", "--opened", "2026-12-07T10:00", "--policy", str(policy)])
    err = capsys.readouterr().err
    assert code != 0 and str(policy) in err and "sla.S2.resolution.amount" in err


def test_init_demo_and_cases_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "ana")
    monkeypatch.delenv("SUDO_USER", raising=False)
    db = str(tmp_path / "jq.sqlite")
    assert run(capsys, "demo", "--cases", "80", "--db", db, "--now", "2026-12-07T10:00")[0] == 0
    code, out, _ = run(capsys, "cases", "--json", "--db", db, "--now", "2026-12-07T10:00")
    rows = json.loads(out)
    assert code == 0 and rows
    required = {
        "id",
        "client",
        "nit",
        "title",
        "severity",
        "category",
        "channel",
        "service",
        "level",
        "status",
        "agent",
        "rank",
        "reason",
        "assignment_due",
        "resolution_due",
    }
    assert all(required <= set(row) for row in rows)
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
    severities = [{"S3": 0, "S2": 1, "S1": 2}[row["severity"]] for row in rows]
    assert severities == sorted(severities)  # S3 first, then S2, then S1
    assert {row["service"] for row in rows} <= {"subscription", "contractual"}
    assert all(row["id"].startswith("JQ-20") and row["assignment_due"].endswith("-05:00") for row in rows)
    # demo on a database that has data is refused, and changes nothing
    code, _, err = run(capsys, "demo", "--cases", "5", "--db", db)
    assert code != 0 and "--reset" in err
    assert len(json.loads(run(capsys, "cases", "--json", "--db", db, "--now", "2026-12-07T10:00")[1])) == len(rows)


def test_demo_fills_a_database_that_init_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "ana")
    monkeypatch.delenv("SUDO_USER", raising=False)
    db = str(tmp_path / "jq.sqlite")
    assert run(capsys, "init", "--sandbox", "--db", db)[0] == 0  # registers 'ana' as the first administrator
    code, out, err = run(capsys, "demo", "--cases", "20", "--db", db)
    assert code == 0 and err == "" and "'ana'" in out
    agents = json.loads(run(capsys, "agent", "list", "--json", "--db", db)[1])
    assert [a["login"] for a in agents].count("ana") == 1
    assert next(a for a in agents if a["login"] == "ana")["role"] == "admin"


def test_the_installed_command_runs_as_a_process() -> None:
    env = {**os.environ, "JQ_CONSOLE_POLICY": POLICY}
    result = subprocess.run(
        [sys.executable, "-m", "jq_console", "deadlines", "--severity", "S3", "--opened", "2026-12-07T19:30", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["assignment_due"] == "2026-12-09T08:30:00-05:00"


def test_an_unforeseen_database_refusal_is_one_sentence_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sqlalchemy.exc import IntegrityError

    from jq_console.cli import office

    def refused(_context: object) -> int:
        raise IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE constraint failed: agent.login"))

    monkeypatch.setattr(office, "run_take", refused)
    code, out, err = run(capsys, "take", "JQ-2026-00001")
    assert code == 2 and out == ""
    assert err == "jq-console: error de base de datos: UNIQUE constraint failed: agent.login\n"


def test_a_policy_file_given_to_a_command_that_does_not_read_it_is_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--policy` is read only by `deadlines` and `policy apply`; every other command measures with the
    version stored in the database. Given to one of those, it was ignored without a word."""
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "ana")
    monkeypatch.delenv("SUDO_USER", raising=False)
    db = str(tmp_path / "jq.sqlite")

    def said(*words: str) -> tuple[int, str, str]:
        code = main(list(words))
        out, err = capsys.readouterr()
        return code, out, err

    assert said("demo", "--cases", "10", "--db", db, "--now", "2026-12-07T10:00")[0] == 0
    code, out, err = said("cases", "--db", db, "--now", "2026-12-07T10:00", "--policy", POLICY)
    assert code == 0 and "JQ-20" in out
    assert "--policy" in err and f"jq-console policy apply {POLICY}" in err
    code, _, err = said("deadlines", "--severity", "S2", "--opened", "2026-12-07T10:00", "--policy", POLICY)
    assert code == 0 and err == ""
    monkeypatch.setenv("JQ_CONSOLE_POLICY", POLICY)  # a setting of the machine, not a word of this command
    code, _, err = said("cases", "--db", db, "--now", "2026-12-07T10:00")
    assert code == 0 and err == ""
