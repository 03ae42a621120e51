"""`jq-console report`: every figure of one month of a fixed demo database (frozen clock), counted
again by hand here from `jq-console case show CODE --json` (and the billing CSV for the money), and
the text, the CSV and the PDF (read back with pypdf) agreeing to the unit. Both engines."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine, make_url, select, text
from store_backends import BACKENDS, create_database, postgres_admin_url

from jq_console.bootstrap import Runtime, load_runtime
from jq_console.cli import main
from jq_console.domain.billing import month_bounds, parse_month
from jq_console.domain.oversight import breaches as derived_breaches
from jq_console.i18n import set_language
from jq_console.store.cases import open_cases
from jq_console.store.engine import make_engine
from jq_console.store.tables import CaseRow

DEMO_AT = "2026-11-20T10:00"  # the demo's clock: its cases lie before this instant
REPORT_AT = "2026-12-03T10:00"  # the clock when the report of November is read
MONTH = "2026-11"
DROPPED = ("invalid", "rejected", "referred")


@dataclass(frozen=True)
class Desk:
    db: str
    folder: Path
    moved: dict[str, str]  # what the test did in November: "wait", "agree", "corrective" -> case code


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    try:
        with redirect_stdout(out), redirect_stderr(err):
            status = main(list(argv))
    finally:
        set_language("es")  # what `--lang en` set stays in the process otherwise
    return status, out.getvalue(), err.getvalue()


def _ok(*argv: str) -> str:
    status, out, err = _run(*argv)
    assert status == 0, err
    return out


def _pick(db: str, runtime: Runtime) -> tuple[str, str, str]:
    """Three open cases of the demo: one in progress to pause, one S1/S2 with an agent to agree a
    deadline on, and one breached to act on."""
    engine = make_engine(db)
    try:
        cases = open_cases(engine)
        now = runtime.now()
        waiting = next(c for c in cases if c.status == "in_progress")
        agreed = next(c for c in cases if c.status == "assigned" and c.severity in ("S1", "S2"))
        breached = next(c for c in cases if derived_breaches(c, now) and c.code not in (waiting.code, agreed.code))
        return waiting.code, agreed.code, breached.code
    finally:
        engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    folder = tmp_path_factory.mktemp("report")
    admin = None
    name = f"jq_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        db = str(folder / "demo.sqlite")
    else:
        admin_url = postgres_admin_url()
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            create_database(connection, name)
        db = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JQ_CONSOLE_AGENT", "ana")
        patch.delenv("SUDO_USER", raising=False)
        patch.setenv("JQ_CONSOLE_EXPORT_DIR", str(folder))
        _ok("demo", "--db", db, "--now", DEMO_AT, "--cases", "80", "--seed", "11")
        runtime = load_runtime(clock=lambda: datetime.fromisoformat(DEMO_AT + "-05:00").timestamp())
        waiting, agreed, breached = _pick(db, runtime)
        _ok(
            "case",
            "wait",
            waiting,
            "--reason",
            "Esperando la copia de seguridad del USR",
            "--db",
            db,
            "--now",
            "2026-11-20T11:00",
        )
        _ok("case", "resume", waiting, "--db", db, "--now", "2026-11-24T10:00")
        _ok(
            "case",
            "agree",
            agreed,
            "--due",
            "2026-12-15T10:00",
            "--reason",
            "Acordado con el USR por correo",
            "--db",
            db,
            "--now",
            "2026-11-20T12:00",
        )
        _ok("corrective", breached, "Se reasignó y se llamó al USR", "--db", db, "--now", "2026-11-25T09:00")
        yield Desk(db, folder, {"wait": waiting, "agree": agreed, "corrective": breached})
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# -- the hand count ------------------------------------------------------------------------------
def _at(value: str | None) -> float | None:
    return None if value is None else datetime.fromisoformat(value).timestamp()


@cache
@functools.cache  # both months read the same cases at the same clock: ask the CLI once per database
def _shown(db: str) -> list[dict[str, Any]]:
    """Every case of the database as `case show --json` tells it, with the report's clock."""
    engine = make_engine(db)
    with engine.connect() as connection:
        codes = list(connection.execute(select(CaseRow.c.code).order_by(CaseRow.c.code)).scalars())
    engine.dispose()
    return [json.loads(_ok("case", "show", code, "--json", "--db", db, "--now", REPORT_AT)) for code in codes]


def _in_month(value: float | None, start: float, end: float) -> bool:
    return value is not None and start <= value < end


def _business(runtime: Runtime, severity: str, start: float, end: float) -> float:
    schedule = runtime.policy.severities[severity].assignment.schedule
    return max(0.0, runtime.engine.calendars[schedule].seconds_between(start, end)) if end > start else 0.0


def _rank(values: list[float], p: int) -> float | None:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1] if ordered else None


def _minutes(seconds: float | None) -> int | str:
    if seconds is None:
        return ""
    whole, rest = divmod(seconds, 60)
    return int(whole) + (1 if rest >= 30 else 0)


def _spans(history: list[dict[str, Any]], opens: str, ends: tuple[str, ...]) -> list[tuple[float, float | None]]:
    spans: list[tuple[float, float | None]] = []
    start: float | None = None
    for event in history:
        at = _at(event["at"])
        assert at is not None
        if event["kind"] == opens and start is None:
            start = at
        elif event["kind"] in ends and start is not None:
            spans.append((start, at))
            start = None
    if start is not None:
        spans.append((start, None))
    return spans


def hand_count(desk: Desk, runtime: Runtime, month: str) -> dict[tuple[str, str, str, str], str]:
    """The report's CSV figures, counted from the cases' own documents: (section, key, clock, metric) -> value."""
    start, end = month_bounds(*parse_month(month), runtime.tz)
    now = datetime.fromisoformat(REPORT_AT + "-05:00").timestamp()
    figures: dict[tuple[str, str, str, str], Any] = {}

    def add(key: tuple[str, str, str, str], amount: int = 1) -> None:
        figures[key] = figures.get(key, 0) + amount

    first: dict[str, list[float]] = {s: [] for s in ("S1", "S2", "S3")}
    resolution: dict[str, list[float]] = {s: [] for s in ("S1", "S2", "S3")}
    agents: dict[str, dict[str, Any]] = {}
    for case in _shown(desk.db):
        severity = case["severity"]
        opened, assigned = _at(case["opened_at"]), _at(case["assigned_at"])
        resolved, closed = _at(case["resolved_at"]), _at(case["closed_at"])
        assert opened is not None
        for section in ("severity", "category", "channel"):
            for metric, value in (("opened", opened), ("resolved", resolved), ("closed", closed)):
                add((section, case[section], "", metric), 0)
                if _in_month(value, start, end):
                    add((section, case[section], "", metric))
                    if section == "severity":
                        add(("total", "", "", metric))
        broken = {breach["clock"] for breach in case["breaches"]}
        agent = case["agent"]
        mine = agents.setdefault(agent, {"load": 0, "taken": 0, "resolved": 0}) if agent else None
        for clock in ("assignment", "resolution"):
            shown = case["clocks"][clock]
            due, met_at = _at(shown["due"]), _at(shown["met_at"])
            if clock in broken:
                state = None  # its breaches are counted below, each in the month of its own deadline
            elif case["status"] in DROPPED:
                state = None
            elif due is None:  # paused: in time in the month that holds the clock
                state = "in_time" if shown["state"] == "paused" and start <= now < end else None
            elif not _in_month(due, start, end):
                state = None
            elif met_at is not None:
                state = "met"
            elif shown["state"] in ("ok", "at_risk"):
                state = "in_time"
            else:
                state = None
            if state is not None:
                for key in (severity, "total"):
                    add(("compliance", key, clock, state))
                if mine is not None:
                    add(("agent", agent, clock, state))
        for breach in case["breaches"]:  # each breach once, under the severity it had, with its own action
            if not _in_month(_at(breach["due"]), start, end):
                continue
            for key in (breach["severity"], "total"):
                add(("compliance", key, breach["clock"], "breached"))
            if mine is not None:
                add(("agent", agent, breach["clock"], "breached"))
            add(("hand", "breaches", "", "all"))
            add(("hand", "breaches", "", "with_action" if breach["corrective_action"] else "without_action"))
        history = case["history"]
        if _in_month(assigned, start, end):
            assert assigned is not None
            first[severity].append(_business(runtime, severity, opened, assigned))
        if _in_month(resolved, start, end):
            assert resolved is not None
            stood = _spans(history, "wait", ("resume", "invalidate", "reject")) + _spans(
                history, "resolve", ("reopen",)
            )
            still = sum(
                _business(runtime, severity, max(s, opened), min(resolved, e if e is not None else resolved))
                for s, e in stood
            )
            resolution[severity].append(max(0.0, _business(runtime, severity, opened, resolved) - still))
        for pause_start, pause_end in _spans(history, "wait", ("resume", "invalidate", "reject")):
            stop = pause_end if pause_end is not None else now
            if pause_start < end and stop >= start:
                inside = _business(runtime, severity, max(pause_start, start), min(stop, end))
                figures[("pause", case["code"], "resolution", "paused_minutes")] = _minutes(inside)
        for event in history:
            if event["kind"] == "agree_deadline" and _in_month(_at(event["at"]), start, end):
                new_due = datetime.fromtimestamp(event["after"]["resolution_due"], runtime.tz).isoformat()
                figures[("agreed", case["code"], "resolution", "new_due")] = new_due
        if mine is not None:
            finished = closed if closed is not None else (resolved if case["status"] == "resolved" else None)
            mine["load"] += opened < end and (finished is None or finished >= start)
            mine["taken"] += _in_month(assigned, start, end)
            mine["resolved"] += _in_month(resolved, start, end)
    for key in ("S1", "S2", "S3", "all"):
        for clock, values in (("first_response", first), ("resolution", resolution)):
            found = [v for found in values.values() for v in found] if key == "all" else values[key]
            figures[("time", key, clock, "count")] = len(found)
            figures[("time", key, clock, "median_minutes")] = _minutes(_rank(found, 50))
            figures[("time", key, clock, "p90_minutes")] = _minutes(_rank(found, 90))
    for login, counts in agents.items():
        for metric, value in counts.items():
            figures[("agent", login, "", metric)] = value
    return {key: str(value) for key, value in figures.items()}


def _bill(desk: Desk, month: str = MONTH) -> tuple[int, int]:
    out = _ok("billing", "--month", month, "--csv", "-", "--db", desk.db, "--now", REPORT_AT)
    rows = list(csv.DictReader(io.StringIO(out)))
    return sum(int(r["minutes_billed"]) for r in rows), sum(int(r["amount"]) for r in rows)


def _report_csv(desk: Desk, *scope: str, month: str = MONTH) -> dict[tuple[str, str, str, str], str]:
    out = _ok("report", "--month", month, *scope, "--csv", "-", "--db", desk.db, "--now", REPORT_AT)
    return {(r["section"], r["key"], r["clock"], r["metric"]): r["value"] for r in csv.DictReader(io.StringIO(out))}


# -- the tests -----------------------------------------------------------------------------------
@pytest.mark.long
@pytest.mark.parametrize("month", [MONTH, "2026-12"])  # a month gone by, and the clock's own (in time so far)
def test_every_figure_of_the_month_matches_the_hand_count(desk: Desk, month: str) -> None:
    runtime = load_runtime()
    expected = hand_count(desk, runtime, month)
    got = _report_csv(desk, month=month)
    checked = 0
    for key, value in expected.items():
        if key[0] == "hand":
            continue
        if key[0] == "agent" and key[3] in ("met", "breached", "in_time"):
            continue  # the agents' tallies are summed over severities below
        assert got.get(key, "0" if key[0] in ("severity", "category", "channel") else None) == value, key
        checked += 1
    for clock in ("assignment", "resolution"):
        for login in {k[1] for k in got if k[0] == "agent"}:
            for state in ("met", "breached", "in_time"):
                assert got[("agent", login, clock, state)] == expected.get(("agent", login, clock, state), "0")
    breach_rows = [key for key in got if key[0] == "breach"]
    assert len(breach_rows) == int(expected.get(("hand", "breaches", "", "all"), "0"))
    assert got[("compliance", "total", "assignment", "breached")] == str(
        sum(1 for key in breach_rows if key[2] == "assignment")
    )
    minutes, amount = _bill(desk, month)
    assert (got[("billing", "contractual", "", "minutes_billed")], got[("billing", "contractual", "", "amount")]) == (
        str(minutes),
        str(amount),
    )
    assert checked > 80
    if month == MONTH:  # what the test itself did in November is there: the pause, the agreed deadline
        assert breach_rows and ("pause", desk.moved["wait"], "resolution", "paused_minutes") in got
        assert ("agreed", desk.moved["agree"], "resolution", "new_due") in got
    else:  # the clock's own month: clocks still running are in time so far
        assert int(got[("compliance", "total", "resolution", "in_time")]) > 0
    for key, value in got.items():  # and nothing more than the hand count
        if key[0] == "compliance" and key[3] in ("met", "breached", "in_time"):
            assert expected.get(key, "0") == value, key
        if key[0] in ("pause", "agreed"):
            assert expected.get(key) == value, key
    details = _breach_details(desk, month)
    assert sum(1 for detail in details.values() if detail) == int(
        expected.get(("hand", "breaches", "", "with_action"), "0")
    )
    assert sum(1 for detail in details.values() if not detail) == int(
        expected.get(("hand", "breaches", "", "without_action"), "0")
    )


def _breach_details(desk: Desk, month: str) -> dict[tuple[str, str], str]:
    out = _ok("report", "--month", month, "--csv", "-", "--db", desk.db, "--now", REPORT_AT)
    return {(r["key"], r["clock"]): r["detail"] for r in csv.DictReader(io.StringIO(out)) if r["section"] == "breach"}


def _table_rows(lines: list[str]) -> list[list[str]]:
    """The table rows of the text report: indented lines, cells two or more spaces apart."""
    return [re.split(r"\s{2,}", line.strip()) for line in lines if line.startswith("  ")]


def test_text_csv_and_pdf_agree_to_the_unit(desk: Desk) -> None:
    text_out = _ok("report", "--month", MONTH, "--db", desk.db, "--now", REPORT_AT)
    figures = _report_csv(desk)
    out = _ok(
        "report",
        "--month",
        MONTH,
        "--pdf",
        str(desk.folder / "r.pdf"),
        "--csv",
        str(desk.folder / "r.csv"),
        "--db",
        desk.db,
        "--now",
        REPORT_AT,
    )
    assert "r.pdf" in out and "r.csv" in out
    written = {
        (r["section"], r["key"], r["clock"], r["metric"]): r["value"]
        for r in csv.DictReader(io.StringIO((desk.folder / "r.csv").read_text(encoding="utf-8")))
    }
    assert written == figures
    reader = PdfReader(io.BytesIO((desk.folder / "r.pdf").read_bytes()), strict=True)
    pdf_text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    lines = text_out.splitlines()
    for line in lines[:4]:  # the heading: JQ Systems, the scope, the month (with its accents), when
        assert line in pdf_text
    assert "JQ Systems" in pdf_text and "noviembre de 2026" in pdf_text and "Cumplimiento por severidad" in pdf_text
    rows = _table_rows(lines)
    assert len(rows) > 30
    for cells in rows:
        assert " ".join(cells) in pdf_text, cells
    # The text's figures are the CSV's: per severity, per clock, the totals, the money.
    by_first = {(row[0], row[1] if len(row) > 1 else ""): row for row in rows}
    for severity, name in (("S1", "S1 Solicitud"), ("S2", "S2 Incidencia"), ("S3", "S3 Urgencia")):
        row = next(r for r in rows if r[0] == name)
        assert row[1:] == [figures[("severity", severity, "", m)] for m in ("opened", "resolved", "closed")]
        for clock, word in (("assignment", "Asignación"), ("resolution", "Resolución")):
            tally = by_first[(word, severity)]
            assert tally[2:5] == [figures[("compliance", severity, clock, m)] for m in ("met", "breached", "in_time")]
            percent = figures[("compliance", severity, clock, "percent")]
            assert tally[5] == (f"{percent} %" if percent else "—")
    time_row = next(r for r in rows if r[0] == "Total" and ":" in r[2])
    assert time_row[1] == figures[("time", "all", "first_response", "count")]
    median = int(figures[("time", "all", "first_response", "median_minutes")])
    assert time_row[2] == f"{median // 60}:{median % 60:02d}"
    billed = int(figures[("billing", "contractual", "", "minutes_billed")])
    money = row_of(rows, "Contractual")
    assert money[2] == f"{billed // 60}:{billed % 60:02d}"
    assert money[3] == "$ " + f"{int(figures[('billing', 'contractual', '', 'amount')]):,}".replace(",", ".")
    breaches = sum(1 for key in figures if key[0] == "breach")
    assert f"Incumplimientos: {breaches} (" in text_out and f"Incumplimientos: {breaches} (" in pdf_text


def row_of(rows: list[list[str]], first: str) -> list[str]:
    return next(row for row in rows if row[0] == first)


def test_a_clients_report_counts_only_its_cases_and_its_pdf_names_it(desk: Desk) -> None:
    engine = make_engine(desk.db)
    case = open_cases(engine)[0]
    engine.dispose()
    mine = _report_csv(desk, "--client", case.nit)
    everyone = _report_csv(desk)
    assert int(mine[("total", "", "", "opened")]) <= int(everyone[("total", "", "", "opened")])
    assert mine[("report", "client", "", "month")] == MONTH
    _ok(
        "report", "--month", MONTH, "--client", case.nit, "--pdf", str(desk.folder), "--db", desk.db, "--now", REPORT_AT
    )
    pdf = desk.folder / f"informe-{MONTH}-{case.nit}.pdf"
    text_of_pdf = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert case.client_name in " ".join(text_of_pdf.split()) and f"NIT {case.nit}" in text_of_pdf
    assert "Agentes: carga" not in text_of_pdf  # the desk's own business stays out of the client's document
    for key, value in mine.items():
        if key[0] == "breach":
            assert key in everyone and everyone[key] == value


def test_a_trend_is_each_months_own_report(desk: Desk) -> None:
    from jq_console.application.reports import monthly_report, monthly_reports

    runtime = load_runtime(clock=lambda: datetime.fromisoformat(REPORT_AT + "-05:00").timestamp())
    engine = make_engine(desk.db, readonly=True)
    try:
        trend = monthly_reports(engine, runtime, ["2026-10", MONTH, None], login="ana")
        assert [report.period.name for report in trend] == ["2026-10", MONTH, "2026-12"]
        alone = monthly_report(engine, runtime, MONTH, login="ana")
        assert trend[1].compliance == alone.compliance and trend[1].total == alone.total
    finally:
        engine.dispose()


def test_an_agents_report_is_their_cases_and_their_hours(desk: Desk) -> None:
    everyone = _report_csv(desk)
    login = next(key[1] for key in everyone if key[0] == "agent")
    theirs = _report_csv(desk, "--agent", login)
    for metric in ("load", "taken", "resolved", "minutes_logged"):
        assert theirs[("agent", login, "", metric)] == everyone[("agent", login, "", metric)]
    assert [key[1] for key in theirs if key[0] == "agent" and key[3] == "load"] == [login]


def test_only_supervisors_read_it_and_send_needs_a_client(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "cmejia")  # a demo agent, not a supervisor
    status, _out, err = _run("report", "--month", MONTH, "--db", desk.db, "--now", REPORT_AT)
    assert status == 1 and "cmejia" in err
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "ana")
    status, out, err = _run("report", "--month", MONTH, "--send", "--db", desk.db, "--now", REPORT_AT)
    assert status == 1 and out == "" and "--client" in err  # the desk's report goes to no client
    status, _out, err = _run("report", "--month", MONTH, "--client", "900123456-8", "--db", desk.db)
    assert status in (1, 2) and ("900123456-8" in err or "NIT" in err)
    status, _out, err = _run("report", "--month", "2026-13", "--db", desk.db)
    assert status == 2 and "2026-13" in err  # a month mistyped is bad input


def test_a_month_not_yet_begun_and_a_login_with_a_control_character_are_bad_input(desk: Desk) -> None:
    """A month after the clock's has no figures yet: its report showed the open cases of today as
    that month's load. A login names a person: a control character in it is a typo or an attack,
    refused like every other login, not cleaned into another name."""
    status, out, err = _run("report", "--month", "2027-01", "--db", desk.db, "--now", REPORT_AT)
    assert (status, out) == (2, "") and "2027-01" in err and "2026-12" in err
    status, out, err = _run("report", "--month", MONTH, "--agent", "ana\x1b[2J", "--db", desk.db, "--now", REPORT_AT)
    assert (status, out) == (2, "") and "\x1b" not in err
    # the clock's own month tells the time so far
    assert _run("report", "--month", "2026-12", "--db", desk.db, "--now", REPORT_AT)[0] == 0


def test_the_csv_is_formula_safe() -> None:
    from jq_console.domain.billing import month_bounds
    from jq_console.domain.report import Period, ReportInputs, Scope, build_report
    from jq_console.presentation.report_text import write_report_csv

    runtime = load_runtime()
    start, end = month_bounds(2026, 11, runtime.tz)
    inputs = ReportInputs(Period(2026, 11, start, end), Scope("agent", "=cmd|' /C calc'!A0", "@SUM(A1)"), start, ())
    buffer = io.StringIO()
    write_report_csv(runtime, build_report(inputs, runtime.engine), buffer)
    cells = [cell for row in csv.reader(io.StringIO(buffer.getvalue())) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(A1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


def test_the_report_speaks_english_with_lang_en(desk: Desk) -> None:
    out = _ok("--lang", "en", "report", "--month", MONTH, "--db", desk.db, "--now", REPORT_AT)
    assert out.startswith("Service report · JQ Systems\nScope: the whole desk\nMonth: November 2026\n")
    assert "Deadline compliance" in out and "Informe" not in out
    _ok("--lang", "en", "report", "--month", MONTH, "--pdf", str(desk.folder / "en.pdf"), "--db", desk.db)
    text_of_pdf = " ".join(page.extract_text() for page in PdfReader(desk.folder / "en.pdf").pages)
    assert "Compliance by severity" in text_of_pdf and "November 2026" in text_of_pdf


def test_a_send_refused_for_a_moved_clock_writes_no_file_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On real work a moved clock writes nothing: `--send --csv` wrote the CSV and only then refused."""
    from office_support import make_office, run

    from jq_console.application.identity import current_login
    from jq_console.store import directory

    monkeypatch.delenv("SUDO_USER", raising=False)  # as `run` leaves the command's environment

    db = tmp_path / "office.sqlite"
    make_office(db, sandbox=False)
    engine = make_engine(str(db))
    directory.add_agent(engine, current_login(None), "Quien ejecuta", "supervisor")  # a real database's user
    engine.dispose()
    csv_file = tmp_path / "informe.csv"
    done = run("report", "--month", MONTH, "--client", "900123456-8", "--send", "--csv", str(csv_file),
               "--db", str(db), "--now", REPORT_AT, login=None)  # fmt: skip
    assert done.returncode == 1 and done.stdout == "" and done.stderr.strip(), done
    assert not csv_file.exists()
