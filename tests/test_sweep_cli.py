"""`jq-console sweep` and `jq-console billing close` on a sandbox database, time moved with --now:
what each prints, that running again does nothing, who may run them, and a month's time refused
once it is billed."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import epoch
from office_support import ADMIN, make_office, runtime
from office_support import run as office_run

from jq_console.cli import main
from jq_console.domain.rules import Registration, evaluate
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.store.cases import NewCase, register
from jq_console.store.engine import make_engine

TZ = ZoneInfo("America/Bogota")


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=TZ).timestamp()


def office_with_a_pending_case(db: Path, *, sandbox: bool = True) -> str:
    """The office of office_support and one S2 fault opened Mon 2026-12-07 09:00 by a contact who is
    not the USR: pending verification, due 8 regular business hours later (Mon 7 h, Tue a holiday, Wed 09-10)."""
    make_office(db, sandbox=sandbox)
    engine = make_engine(str(db))
    rt = runtime()
    other = directory.add_contact(engine, 1, "Pedro Otro", "other", "3100000000", "pedro@cliente.com.co")
    verdict = evaluate(rt.policy, Registration("subscription", 3, True, "other", "form", "S2", "fault"))
    new = NewCase(1, other, "Sin verificar", "", "S2", "fault", "form", opened_at=at("2026-12-07T09:00"))
    code = register(engine, rt, new, verdict, ADMIN).code
    engine.dispose()
    return code


@pytest.fixture
def agent(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "super")
    monkeypatch.delenv("SUDO_USER", raising=False)
    return monkeypatch


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_sweep_invalidates_the_overdue_case_once(
    tmp_path: Path, agent: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    code = office_with_a_pending_case(db)
    status, out, _ = run(capsys, "sweep", "--db", str(db), "--now", "2026-12-09T10:00")
    assert (status, out) == (0, "barrido: 0 casos invalidados, 0 casos cerrados\n")
    status, out, _ = run(capsys, "sweep", "--db", str(db), "--now", "2026-12-09T10:01")
    assert status == 0
    assert out.splitlines() == [
        f"{code} invalidado: no verificado por el USR en 8 horas hábiles.",
        "barrido: 1 caso invalidado, 0 casos cerrados",
    ]
    status, out, _ = run(capsys, "sweep", "--db", str(db), "--now", "2026-12-10T12:00")
    assert (status, out) == (0, "barrido: 0 casos invalidados, 0 casos cerrados\n")
    status, out, _ = run(capsys, "case", "show", code, "--db", str(db), "--json")
    assert status == 0 and '"status": "invalid"' in out and "no verificado por el USR" in out


def test_sweep_and_billing_close_are_for_supervisors(
    tmp_path: Path, agent: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    office_with_a_pending_case(db)
    agent.setenv("JQ_CONSOLE_AGENT", "a01")
    status, out, err = run(capsys, "sweep", "--db", str(db), "--now", "2026-12-10T12:00")
    assert status != 0 and out == "" and "a01" in err and "Supervisor" in err
    status, _, err = run(capsys, "billing", "close", "--month", "2026-11", "--db", str(db))
    assert status != 0 and "a01" in err


def test_sweep_with_a_moved_clock_is_refused_on_real_work(
    tmp_path: Path, agent: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    code = office_with_a_pending_case(db, sandbox=False)
    agent.delenv("JQ_CONSOLE_AGENT")  # ignored on real work anyway
    status, out, err = run(capsys, "sweep", "--db", str(db), "--now", "2027-01-10T12:00")
    assert status != 0 and out == "" and err.strip()
    case = case_store.get_case(make_engine(str(db)), code)
    assert case is not None and case.verification == "pending"


def test_a_billed_month_refuses_log_and_says_it_is_closed(
    tmp_path: Path, agent: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    (code,) = make_office(db, cases=1, opened=epoch("2026-11-13T09:00"))  # worked on in November
    when = ("--now", "2026-12-07T10:00")
    assert run(capsys, "log", code, "30m", "noviembre", "--start", "2026-11-20T10:00", "--db", str(db), *when)[0] == 0
    status, out, _ = run(capsys, "billing", "--month", "2026-11", "--db", str(db), *when)
    assert status == 0 and out.splitlines()[-1] == "Mes abierto: aún se puede registrar y corregir tiempo."
    status, out, _ = run(capsys, "billing", "close", "--month", "2026-11", "--db", str(db), *when)
    assert status == 0
    assert out.splitlines() == [
        "Mes 2026-11 cerrado para facturación.",
        "Mes cerrado para facturación por super el lun 7 dic 10:00: no admite más tiempo ni correcciones.",
    ]
    status, out, _ = run(capsys, "billing", "--month", "2026-11", "--db", str(db), *when)
    assert status == 0 and out.splitlines()[-1].startswith("Mes cerrado para facturación por super")
    status, out, err = run(
        capsys, "log", code, "15m", "tarde", "--start", "2026-11-21T10:00", "--db", str(db), *when
    )  # fmt: skip
    assert status != 0 and out == ""
    assert "El mes 2026-11 ya está facturado (cerrado)" in err
    status, _, err = run(capsys, "log", code, "15m", "--corrects", "1", "--subtract", "--db", str(db), *when)
    assert status != 0 and "El mes 2026-11 ya está facturado" in err
    status, _, err = run(capsys, "billing", "close", "--month", "2026-11", "--db", str(db), *when)
    assert status != 0 and "ya estaba cerrado para facturación (lo cerró super)" in err
    assert run(capsys, "log", code, "15m", "hoy", "--db", str(db), *when)[0] == 0  # December is open


def test_the_command_line_tells_the_deadline_and_the_marks(
    tmp_path: Path, agent: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    code = office_with_a_pending_case(db)
    engine = make_engine(str(db))
    directory.update_client(engine, "900123456-8", up_to_date=False)
    engine.dispose()
    status, out, _ = run(capsys, "case", "show", code, "--json", "--db", str(db), "--now", "2026-12-09T09:00")
    shown = json.loads(out)
    assert status == 0 and shown["verification_due"] == "2026-12-09T10:00:00-05:00"
    assert shown["client"]["up_to_date"] is False
    before = {
        row["id"]: row
        for row in json.loads(run(capsys, "cases", "--json", "--db", str(db), "--now", "2026-12-09T09:00")[1])
    }
    after = {
        row["id"]: row
        for row in json.loads(run(capsys, "cases", "--json", "--db", str(db), "--now", "2026-12-09T10:01")[1])
    }
    assert (before[code]["marks"], after[code]["marks"]) == ("$", "V$")
    status, out, _ = run(capsys, "cases", "--db", str(db), "--now", "2026-12-09T10:01")
    assert status == 0 and f"{code} V$ S2" in out
    status, out, _ = run(capsys, "case", "show", code, "--db", str(db), "--now", "2026-12-09T10:01")
    assert status == 0
    assert (
        "  Verificación: Pendiente de verificación del USR · VENCIDA desde mié 9 dic 10:00 (el barrido la "
        "invalidará) · $ pagos atrasados: puede invalidar el caso"
    ) in out.splitlines()


def test_a_closed_months_bill_keeps_the_rates_it_was_closed_at(tmp_path: Path) -> None:
    """A month's bill went out when it was closed: a rate set later (a correction for the year, or
    a mistake) must not change what that month shows. It did: November's amount followed the rate."""
    db = str(tmp_path / "office.sqlite")
    when = ("--db", db, "--now", "2026-12-07T10:00")
    assert office_run(*when, "demo", "--cases", "120", "--seed", "7").returncode == 0

    def amounts() -> list[str]:
        billed = office_run(*when, "billing", "--month", "2026-11").stdout.splitlines()
        reported = office_run(*when, "report", "--month", "2026-11").stdout.splitlines()
        return [line for line in (*billed, *reported) if "$" in line and ("Total" in line or "Contractual" in line)]

    def december() -> str:  # an open month: billed at the rates of the day
        return next(
            line
            for line in office_run(*when, "billing", "--month", "2026-12").stdout.splitlines()
            if "Total del mes" in line
        )

    assert office_run(*when, "billing", "close", "--month", "2026-11", login="sortiz").returncode == 0
    closed, open_before = amounts(), december()
    assert closed and any("2.070.000" in line for line in closed), closed
    assert office_run(*when, "rate", "set", "2026", "250000").returncode == 0
    assert amounts() == closed
    assert december() != open_before  # 8:45 h at 180,000 pesos, then at 250,000


def test_the_months_own_month_cannot_be_closed_for_billing(
    tmp_path: Path, agent: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Closing December on 7 December refused the rest of December's work, for good."""
    db = tmp_path / "office.sqlite"
    (code,) = make_office(db, cases=1, opened=epoch("2026-12-01T09:00"))
    when = ("--now", "2026-12-07T10:00")
    status, out, err = run(capsys, "billing", "close", "--month", "2026-12", "--db", str(db), *when)
    assert (status, out) == (1, "") and "El mes 2026-12 aún no ha terminado" in err and "2027-01-01" in err
    assert run(capsys, "log", code, "15m", "hoy", "--db", str(db), *when)[0] == 0  # December stays open
    status, _, err = run(capsys, "billing", "close", "--month", "2026-11", "--db", str(db), *when)
    assert status == 0, err
