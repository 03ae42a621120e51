"""The policy of record: versions in the database (`jq-console policy apply|show|history|diff`), each
case measured by the version it was opened under, on both engines (sandbox databases, `--now`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import bogota, epoch
from office_support import ADMIN, make_office, run
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from store_backends import postgres_url, store_url  # noqa: F401 - fixtures

from jq_console.application.policy import of_record
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.vocabulary import Severity
from jq_console.i18n import set_language
from jq_console.presentation.deadline_text import explanation
from jq_console.store import cases as case_store
from jq_console.store import policies
from jq_console.store.cases import NewCase, register
from jq_console.store.engine import make_engine, write

SHIPPED = DEFAULT_POLICY.read_text(encoding="utf-8")


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    assert old in SHIPPED
    path = tmp_path / name
    path.write_text(SHIPPED.replace(old, new), encoding="utf-8")
    return path


def four_pm(tmp_path: Path) -> Path:
    """The shipped policy with regular hours ending at 16:00 instead of 17:00."""
    return _edited(tmp_path, "four_pm.toml", '"14:00-17:00"', '"14:00-16:00"')


def extra_holiday(tmp_path: Path, day: str) -> Path:
    """The shipped policy with one more holiday (a newer holidays list, simulated)."""
    return _edited(tmp_path, "holiday.toml", "add = []", f'add = [{{ date = {day}, name = "Día decretado" }}]')


def policy(url: str, *args: str, login: str = ADMIN, now: str = "2026-12-07T09:00") -> tuple[int, str, str]:
    done = run("policy", *args, "--db", url, "--now", now, login=login)
    return done.returncode, done.stdout, done.stderr


def record_runtime(url: str, now: str) -> Runtime:
    from office_support import runtime

    shipped = runtime()
    shipped.clock = frozen_clock(bogota(now))
    return of_record(make_engine(url), shipped, "es")


def open_case(url: str, opened: str, severity: Severity = "S2") -> str:
    """A valid S2 fault registered through the store, under the version in force."""
    rt = record_runtime(url, opened)
    engine = make_engine(url)
    verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "form", severity, "fault"))
    new = NewCase(1, 1, "No factura", "", severity, "fault", "form", opened_at=epoch(opened))
    code = register(engine, rt, new, verdict, ADMIN).code
    engine.dispose()
    return code


def show(url: str, code: str, now: str) -> dict[str, object]:
    done = run("case", "show", code, "--json", "--db", url, "--now", now)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert isinstance(shown, dict)
    return shown


def test_init_stores_the_shipped_policy_as_version_1(store_url: str) -> None:
    make_office(store_url)
    code, out, _ = policy(store_url, "show")
    assert code == 0 and out == SHIPPED
    stored = policies.stored(make_engine(store_url), 1)
    assert stored is not None and stored.sha256 == policies.sha256_of(SHIPPED)
    frozen = json.loads(stored.holidays)
    assert frozen["es"]["2026-12-08"] and frozen["years"][1] - frozen["years"][0] == 12


def test_apply_unchanged_history_and_diff(store_url: str, tmp_path: Path) -> None:
    make_office(store_url)
    code, out, err = policy(store_url, "apply", str(four_pm(tmp_path)), "--note", "Cierre a las 16:00")
    assert code == 0 and "versión 2" in out and ADMIN in out, err
    code, out, _ = policy(store_url, "apply", str(four_pm(tmp_path)))
    assert code == 0 and "sin cambios" in out
    assert policies.current_number(make_engine(store_url)) == 2  # nothing stored the second time
    code, out, _ = policy(store_url, "history")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    second = policies.sha256_of(four_pm(tmp_path).read_text(encoding="utf-8"))
    assert lines[1].startswith("*   2") and ADMIN in lines[1] and second[:12] in lines[1]
    assert "Cierre a las 16:00" in lines[1] and not lines[0].startswith("*")
    # When, to the second, in the policy's time zone (it printed the microseconds of the write).
    assert all(re.search(r" \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00 ", line) for line in lines), lines
    code, out, _ = policy(store_url, "diff", "1", "2")
    assert code == 0
    assert '-mon = ["09:00-13:00", "14:00-17:00"]' in out.splitlines()
    assert '+mon = ["09:00-13:00", "14:00-16:00"]' in out.splitlines()
    code, out, _ = policy(store_url, "show", "--version", "1")
    assert code == 0 and out == SHIPPED


def test_a_non_admin_is_refused_and_nothing_is_stored(store_url: str, tmp_path: Path) -> None:
    make_office(store_url)
    code, _, err = policy(store_url, "apply", str(four_pm(tmp_path)), login="a01")
    assert code == 1 and "Administrador" in err
    assert policies.current_number(make_engine(store_url)) == 1


def test_a_broken_file_is_refused_naming_the_key(store_url: str, tmp_path: Path) -> None:
    make_office(store_url)
    bad = _edited(tmp_path, "bad.toml", "add = []", 'add = [{ date = "mañana", name = "x" }]')
    code, _, err = policy(store_url, "apply", str(bad))
    assert code == 2 and "holidays.add[0].date" in err
    assert policies.current_number(make_engine(store_url)) == 1


def test_versions_are_append_only(store_url: str) -> None:
    make_office(store_url)
    engine = make_engine(store_url)
    for statement in ("UPDATE policy_version SET text = 'x'", "DELETE FROM policy_version"):

        def tamper(connection: Connection, sql: str = statement) -> None:
            connection.execute(text(sql))

        with pytest.raises(DBAPIError):
            write(engine, tamper)
    first = policies.stored(engine, 1)
    assert first is not None and first.text == SHIPPED
    engine.dispose()


def test_a_new_schedule_leaves_an_open_case_consistent_and_new_cases_use_it(store_url: str, tmp_path: Path) -> None:
    make_office(store_url)
    old = open_case(store_url, "2026-12-07T15:00")  # docs/policy.md: assignment due Mon 12-14 10:00
    assert policy(store_url, "apply", str(four_pm(tmp_path)))[0] == 0
    new = open_case(store_url, "2026-12-07T15:00")

    shown = show(store_url, old, now="2026-12-09T10:00")
    clocks = shown["clocks"]
    assert isinstance(clocks, dict) and shown["policy_version"] == 1
    assert clocks["assignment"]["due"].startswith("2026-12-14T10:00")
    # The countdown on version 1's hours: Wed 10-13 and 14-17, Thu 7 h, Fri 7 h, Mon 09-10 = 21 h.
    assert clocks["assignment"]["left_seconds"] == 21 * 3600
    # The explanation counts the same hours up to the same deadline: exactly the 24 h target.
    rt = record_runtime(store_url, "2026-12-09T10:00")
    engine = make_engine(store_url)
    case = case_store.get_case(engine, old)
    assert case is not None and case.policy_version == 1 and rt.version == 2
    set_language("es")
    told = explanation(rt, case, case_store.history(engine, case.id), rt.now()).plain
    assert "Total contado: 24 h 00 min de 24 h 00 min" in told and "16:00" not in told

    shown = show(store_url, new, now="2026-12-09T10:00")
    clocks = shown["clocks"]
    assert isinstance(clocks, dict) and shown["policy_version"] == 2
    # On 16:00 closings: Mon 15-16 1 h, Tue a holiday, Wed-Fri 6 h each, Mon 09-13 and 14-15 5 h.
    assert clocks["assignment"]["due"].startswith("2026-12-14T15:00")
    assert clocks["assignment"]["left_seconds"] == (5 + 6 + 6 + 5) * 3600
    engine.dispose()


def test_a_newer_holiday_list_never_moves_an_open_case(store_url: str, tmp_path: Path) -> None:
    make_office(store_url)
    old = open_case(store_url, "2026-12-07T15:00")
    assert policy(store_url, "apply", str(extra_holiday(tmp_path, "2026-12-10")))[0] == 0
    new = open_case(store_url, "2026-12-07T15:00")
    assert show(store_url, old, now="2026-12-09T10:00")["clocks"]["assignment"]["due"].startswith(  # type: ignore[index]
        "2026-12-14T10:00"
    )
    # Thu 12-10 is now a holiday for cases opened under version 2: one working day later.
    assert show(store_url, new, now="2026-12-09T10:00")["clocks"]["assignment"]["due"].startswith(  # type: ignore[index]
        "2026-12-15T10:00"
    )
    frozen = json.loads(policies.stored(make_engine(store_url), 2).holidays)  # type: ignore[union-attr]
    assert frozen["es"]["2026-12-10"] == "Día decretado"


def test_pause_and_resume_run_on_the_case_version(store_url: str, tmp_path: Path) -> None:
    make_office(store_url)
    code = open_case(store_url, "2026-12-07T09:00")
    assert run("case", "take", code, "--db", store_url, "--now", "2026-12-07T10:00").returncode == 0
    assert policy(store_url, "apply", str(four_pm(tmp_path)))[0] == 0
    assert (
        run("case", "wait", code, "--reason", "espera", "--db", store_url, "--now", "2026-12-08T09:00").returncode == 0
    )
    done = run("case", "resume", code, "--json", "--db", store_url, "--now", "2026-12-09T09:00")
    assert done.returncode == 0, done.stderr
    # 49 regular hours from Mon 09:00 on version 1 (7 h days, Tue 12-08 a holiday, paused Tue-Wed 09:00):
    # Mon 7, Wed 7, Thu 7, Fri 7, Mon 7, Tue 7, Wed 7 -> Wed 12-16 17:00.
    assert json.loads(done.stdout)["clocks"]["resolution"]["due"].startswith("2026-12-16T17:00")


def test_a_local_policy_file_counts_only_for_deadlines(store_url: str, tmp_path: Path) -> None:
    make_office(store_url)
    edited = str(four_pm(tmp_path))
    done = run("deadlines", "--severity", "S2", "--opened", "2026-12-07T15:00", "--json", "--policy", edited)
    assert json.loads(done.stdout)["assignment_due"].startswith("2026-12-14T15:00")
    code = open_case(store_url, "2026-12-07T15:00")
    done = run("case", "show", code, "--json", "--db", store_url, "--now", "2026-12-08T10:00", "--policy", edited)
    assert json.loads(done.stdout)["clocks"]["assignment"]["due"].startswith("2026-12-14T10:00")


def test_an_older_database_gets_version_1_and_its_cases_are_measured_by_it(store_url: str) -> None:
    from jq_console.store import migrations
    from jq_console.store.engine import write_schema
    from jq_console.store.schema import upgrade_database

    codes = make_office(store_url, cases=2)
    engine = make_engine(store_url)
    write_schema(engine, lambda connection: migrations.downgrade(connection, "0004"))
    assert upgrade_database(engine).before == "0004"
    assert [version.number for version in policies.history(engine)] == [1]
    for code in codes:
        case = case_store.get_case(engine, code)
        assert case is not None and case.policy_version == 1
    engine.dispose()


def test_the_monthly_report_measures_each_case_by_its_version(store_url: str, tmp_path: Path) -> None:
    from jq_console.application.reports import monthly_report

    make_office(store_url)
    code = open_case(store_url, "2026-12-07T15:00")
    assert policy(store_url, "apply", str(four_pm(tmp_path)))[0] == 0
    assert run("case", "take", code, "--db", store_url, "--now", "2026-12-09T10:00").returncode == 0
    engine = make_engine(store_url)
    report = monthly_report(engine, record_runtime(store_url, "2026-12-10T10:00"), "2026-12", login=ADMIN)
    # First response on version 1's hours: Mon 15-17 and Wed 09-10 (3 h), not 16:00 closings' 2 h.
    assert report.first_response["S2"].median == 3 * 3600
    engine.dispose()
