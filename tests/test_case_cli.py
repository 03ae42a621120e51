"""`jq-console case show|ACTION CODE`: every move of the case screen from the command line, through the
application layer; exit 0 and the case after the move, or 1 and the refusal's sentence."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from office_support import ADMIN, make_office, runtime

from jq_console.cli import main
from jq_console.domain.rules import Registration, evaluate
from jq_console.store import directory
from jq_console.store.cases import NewCase, register
from jq_console.store.engine import make_engine

TZ = ZoneInfo("America/Bogota")


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=TZ).timestamp()


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A database and one S2 fault opened Mon 2026-12-07 09:00 (docs/policy.md's reclassification example)."""
    db = tmp_path / "office.sqlite"
    make_office(db)
    engine = make_engine(str(db))
    rt = runtime()
    verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "form", "S2", "fault"))
    new = NewCase(1, 1, "No factura", "", "S2", "fault", "form", opened_at=at("2026-12-07T09:00"))
    code = register(engine, rt, new, verdict, ADMIN).code
    directory.add_partner(engine, "RedesYa S.A.S.", "redes", "", "")
    engine.dispose()
    monkeypatch.setenv("JQ_CONSOLE_AGENT", ADMIN)
    monkeypatch.delenv("SUDO_USER", raising=False)
    return str(db), code


def case(db: str, *args: str, now: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object] | str]:
    status = main(["case", *args, "--db", db, "--now", now, "--json"])
    captured = capsys.readouterr()
    return status, (json.loads(captured.out) if status == 0 else captured.err)


def test_show_tells_every_field_both_clocks_and_the_history(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, code = office
    status, shown = case(db, "show", code, now="2026-12-07T10:00", capsys=capsys)
    assert status == 0 and isinstance(shown, dict)
    assert shown["code"] == code and shown["severity"] == "S2" and shown["status"] == "new"
    clocks = shown["clocks"]
    assert isinstance(clocks, dict)
    # 24 regular hours from Mon 09:00: Mon 7 h, Tue a holiday, Wed 7 h, Thu 7 h, Fri 09-12 3 h
    assert clocks["assignment"]["due"].startswith("2026-12-11T12:00")
    assert clocks["assignment"]["state"] == "ok" and clocks["assignment"]["met_at"] is None
    history = shown["history"]
    assert isinstance(history, list) and [event["kind"] for event in history] == ["open"]


def test_misclassified_and_escalated_from_the_command_line(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, code = office
    assert case(db, "take", code, now="2026-12-07T10:00", capsys=capsys)[0] == 0
    status, after = case(
        db, "reclassify", code, "--severity", "S3", "--kind", "misclassified", "--reason", "nadie entra",
        now="2026-12-09T09:00", capsys=capsys,
    )  # fmt: skip
    assert status == 0 and isinstance(after, dict)
    clocks = after["clocks"]
    assert isinstance(clocks, dict)
    assert clocks["assignment"]["state"] == "met"  # taken at 10:00: stays met
    assert clocks["resolution"]["due"].startswith("2026-12-10T09:00")
    # The same case escalated back and forth: escalated counts from now.
    assert case(db, "reclassify", code, "--severity", "S2", "--kind", "misclassified", "--reason", "x",
                now="2026-12-09T09:30", capsys=capsys)[0] == 0  # fmt: skip
    status, after = case(
        db, "reclassify", code, "--severity", "S3", "--kind", "escalated", "--reason", "empeoró",
        now="2026-12-09T10:00", capsys=capsys,
    )  # fmt: skip
    assert status == 0 and isinstance(after, dict)
    assert after["clocks"]["resolution"]["due"].startswith("2026-12-11T10:00")  # type: ignore[index]


def test_a_whole_life_and_its_refusals(office: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, code = office
    steps = [
        ("take",),
        ("start",),
        ("wait", "--reason", "esperando el respaldo del cliente"),
        ("resume",),
        ("agree", "--due", "2026-12-18T12:00", "--reason", "acordado con el USR"),
        ("resolve", "--note", "se reinstaló el módulo"),
    ]
    for step in steps:
        status, result = case(db, step[0], code, *step[1:], now="2026-12-07T11:00", capsys=capsys)
        assert status == 0, (step, result)
    status, refused = case(db, "start", code, now="2026-12-07T11:00", capsys=capsys)
    assert status == 1 and isinstance(refused, str) and refused.count("\n") == 1 and "Traceback" not in refused
    assert case(db, "close", code, now="2026-12-07T11:05", capsys=capsys)[0] == 0
    status, shown = case(db, "show", code, now="2026-12-07T11:05", capsys=capsys)
    assert isinstance(shown, dict) and shown["status"] == "closed"
    history = shown["history"]
    assert isinstance(history, list)
    kinds = [event["kind"] for event in history]
    assert kinds == ["open", "take", "start", "wait", "resume", "agree_deadline", "resolve", "close"]


def test_an_s3_agreement_a_future_consent_and_an_unknown_partner_are_refused(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, code = office
    case(db, "recategorize", code, "--category", "out_of_scope", "--reason", "es la red", now="2026-12-07T10:00",
         capsys=capsys)  # fmt: skip
    refer = ["refer", code, "--consent-by", "Ana USR", "--consent-how", "llamada"]
    status, told = case(db, *refer, "--partner", "Nadie", "--consent-at", "2026-12-07T09:30", now="2026-12-07T10:00",
                        capsys=capsys)  # fmt: skip
    assert status == 1 and "Nadie" in str(told)
    status, told = case(db, *refer, "--partner", "RedesYa S.A.S.", "--consent-at", "2026-12-08T09:30",
                        now="2026-12-07T10:00", capsys=capsys)  # fmt: skip
    assert status == 1 and "futura" in str(told)
    status, after = case(db, *refer, "--partner", "RedesYa S.A.S.", "--consent-at", "2026-12-07T09:30",
                         now="2026-12-07T10:00", capsys=capsys)  # fmt: skip
    assert status == 0 and isinstance(after, dict) and after["status"] == "referred"


@pytest.mark.parametrize("spelled", ["jq-2026-1", "2026-1", "JQ-2026-001", " jq 2026 00001 "])
def test_a_case_code_is_taken_as_the_console_takes_it(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str], spelled: str
) -> None:
    """The console's go-to reads `2026-42` or `jq-2026-42` as JQ-2026-00042; the commands answered
    "no such case" to anything but the code as stored."""
    db, code = office
    assert code == "JQ-2026-00001"
    status, shown = case(db, "show", spelled, now="2026-12-07T10:00", capsys=capsys)
    assert status == 0 and isinstance(shown, dict) and shown["code"] == code
    status, taken = case(db, "take", spelled, now="2026-12-07T10:00", capsys=capsys)
    assert status == 0 and isinstance(taken, dict) and taken["agent"] == ADMIN


@pytest.mark.parametrize(("language", "shown", "raw"), [("es", "Asignado", "assigned"), ("en", "Assigned", "assigned")])
def test_the_queue_printed_names_each_status_in_the_readers_language(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str], language: str, shown: str, raw: str
) -> None:
    """`jq-console cases` printed the status's stored name (`assigned`) beside the rest in Spanish;
    `--json` keeps the stored names for scripts."""
    db, code = office
    assert main(["case", "take", code, "--db", db, "--now", "2026-12-07T10:00"]) == 0
    capsys.readouterr()
    assert main(["--lang", language, "cases", "--db", db, "--now", "2026-12-07T10:00"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if code in line)
    assert shown in line and raw not in line
    assert main(["cases", "--json", "--db", db, "--now", "2026-12-07T10:00"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == raw


@pytest.mark.parametrize(
    ("language", "moved", "noted"),
    [
        ("es", "tomó el caso", "» Nota interna — Llamar [bold]ya[/]"),
        ("en", "took the case", "» Internal note — Llamar [bold]ya[/]"),
    ],
)
def test_show_tells_the_timeline_as_the_case_screen_does(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str], language: str, moved: str, noted: str
) -> None:
    """`case show` printed each move by its stored name (`take`), at an ISO instant with microseconds,
    and the conversation after every move whatever its time."""
    db, code = office
    assert main(["case", "note", code, "Llamar [bold]ya[/]", "--db", db, "--now", "2026-12-07T10:00"]) == 0
    assert main(["case", "take", code, "--db", db, "--now", "2026-12-07T10:05"]) == 0
    capsys.readouterr()
    assert main(["--lang", language, "case", "show", code, "--db", db, "--now", "2026-12-07T10:10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    note = next(index for index, line in enumerate(lines) if noted in line)
    take = next(index for index, line in enumerate(lines) if moved in line)
    assert note < take  # 10:00 before 10:05
    when = {"es": "lun 7 dic 10:05", "en": "Mon 7 Dec 10:05"}[language]
    assert lines[take].split()[:4] == when.split() and ADMIN in lines[take]
