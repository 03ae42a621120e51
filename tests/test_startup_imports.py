"""A console and a scripted command load only what they use: no migrations (alembic) when the schema
is current, no PostgreSQL driver or dialect on SQLite, no PDF (fpdf2, fontTools), no mail transport (smtplib,
imaplib), no wall-board server (textual-serve, aiohttp) and no holiday package while the policy
version of record holds the holiday list. What each costs is in benchmarks/bench_startup.py; here,
only whether it is loaded (a fresh process: `sys.modules` of this one holds everything the suite ran).

And `jq-console intake` stores a file in batches: one transaction for many submissions, a refused
one leaving the others of its batch in place."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import epoch
from office_support import ADMIN, env, make_office, run
from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine
from store_backends import postgres_url, store_url  # noqa: F401 - fixtures

from jq_console.bootstrap import DEFAULT_POLICY, Runtime, holiday_source, load_policy
from jq_console.domain.cases import Refused
from jq_console.domain.intake import Submission, parse_submission
from jq_console.store.engine import make_engine, read
from jq_console.store.intake import IntakeResult
from jq_console.store.tables import CaseRow

HEAVY = (
    "alembic",
    "psycopg",
    "sqlalchemy.dialects.postgresql",  # SQLAlchemy loads it to check `postgresql_*` keywords (store.tables)
    "fpdf",
    "fontTools",
    "pypdf",
    "aiohttp",
    "textual_serve",
    "smtplib",
    "imaplib",
    "holidays",
    "sqlalchemy.orm",  # the tables are Core tables: no ORM, no SQLModel, no pydantic
    "pydantic",
)
# Our own modules a take has no use for: the notices of studies, talk and intake name their types
# in signatures only.
TAKE_SPARES = ("jq_console.store.studies", "jq_console.store.conversation", "jq_console.store.intake")

# Takes a case through the command's own entry, then draws the console's queue and the dashboard
# headless (their first paint), and says which of HEAVY got loaded on the way.
PROBE = """
import asyncio, json, sys
from contextlib import suppress

from textual.worker import WorkerCancelled

from jq_console.cli import main

db, code, heavy, spares = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4].split(",")
loaded = {}
taken = main(["--db", db, "take", code])
loaded["take"] = [name for name in heavy if name in sys.modules]
loaded["take, our own"] = [name for name in spares if name in sys.modules]


async def first_paint(app):
    # what the app shows once its first load is drawn: the queue's codes, or the screen's name
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(4):
            for worker in list(app.workers):
                with suppress(WorkerCancelled):
                    await worker.wait()
            await pilot.pause()
        model = getattr(app.screen, "model", None)
        return sorted(model.cases) if model is not None else type(app.screen).__name__


from jq_console.application.oversight import dashboard_services
from jq_console.application.policy import record_runtime
from jq_console.application.services import Services
from jq_console.store.engine import make_engine
from jq_console.ui.app import create_app
from jq_console.ui.dashboard_app import DashboardApp

engine = make_engine(db)
runtime = record_runtime(engine)
shown = {}
shown["console"] = asyncio.run(first_paint(create_app(Services(engine, runtime, "a01", "agent"), live=False)))
loaded["console"] = [name for name in heavy if name in sys.modules]
app = DashboardApp(dashboard_services(db, runtime, login="super"), live=False)
shown["dashboard"] = asyncio.run(first_paint(app))
loaded["dashboard"] = [name for name in heavy if name in sys.modules]
print(json.dumps({"taken": taken, "loaded": loaded, "shown": shown}))
"""


def test_a_take_and_the_first_paint_of_a_console_and_a_dashboard_load_nothing_they_do_not_use(
    tmp_path: Path,
) -> None:
    db = tmp_path / "office.sqlite"
    codes = make_office(db, cases=3)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), codes[0], ",".join(HEAVY), ",".join(TAKE_SPARES)],
        capture_output=True,
        text=True,
        env=env("a01"),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["taken"] == 0
    assert found["shown"] == {"console": sorted(codes), "dashboard": "DashboardScreen"}  # really drawn
    assert found["loaded"] == {"take": [], "take, our own": [], "console": [], "dashboard": []}


def test_the_parser_and_the_help_load_no_database_code() -> None:
    probe = (
        "import sys; from jq_console.cli import build_parser; build_parser().format_help(); "
        "print(','.join(m for m in ('sqlalchemy', 'textual', *sys.argv[1:]) if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *HEAVY], capture_output=True, text=True, env=env(), timeout=120, check=True
    )
    assert done.stdout.strip() == ""


def test_the_shipped_policy_names_a_country_the_holiday_package_knows() -> None:
    """The shipped policy's country is not checked when it is loaded (that would import the package)."""
    policy = load_policy(DEFAULT_POLICY)
    source = holiday_source(policy.holiday_country, check=True)  # raises PolicyError for an unknown one
    assert source(2026)


def _submission(number: int, nit: str = "900123456-8") -> dict[str, object]:
    return {
        "submission_id": f"WEB-{number}",
        "nit": nit,
        "reporter_email": "ana@cliente.com.co",
        "severity": "S3",
        "category": "fault",
        "title": f"Consulta {number}",
        "description": "El informe no cuadra",
        "submitted_at": "2026-12-07T15:00:00-05:00",
    }


def test_a_batch_of_submissions_is_one_transaction_and_a_refused_one_keeps_the_others(
    store_url: str, runtime: Runtime
) -> None:
    from jq_console.application.intake import import_submissions

    make_office(store_url)
    engine = make_engine(store_url)
    commits: list[Connection] = []
    event.listen(engine, "commit", commits.append)
    items = [_submission(n, nit="800197268-4" if n == 3 else "900123456-8") for n in range(1, 6)]  # 3: no such client
    now = epoch("2026-12-08T10:00")
    batch = [parse_submission(item, runtime.tz, now, runtime.policy.limits) for item in items]
    try:
        results = import_submissions(engine, runtime, ADMIN, batch)
        again = import_submissions(engine, runtime, ADMIN, batch[:2])  # a repeated import: the same cases
        writes = len(commits)
        stored = read(engine, lambda connection: set(connection.execute(select(CaseRow.c.submission_id)).scalars()))
    finally:
        engine.dispose()
    assert writes == 2  # one per batch, not one per submission
    assert [type(result).__name__ for result in results] == ["IntakeResult"] * 2 + ["Refused"] + ["IntakeResult"] * 2
    refused = results[2]
    assert isinstance(refused, Refused) and refused.code == "intake.unknown_nit"
    assert stored == {"WEB-1", "WEB-2", "WEB-4", "WEB-5"}
    first = [(r.code, False) for r in results[:2] if isinstance(r, IntakeResult)]
    assert [(r.code, r.created) for r in again if isinstance(r, IntakeResult)] == first and len(first) == 2


def test_the_intake_command_stores_a_file_in_batches_told_in_the_files_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jq_console.application import intake

    db = tmp_path / "office.sqlite"
    make_office(db)
    batches: list[int] = []
    real = intake.import_submissions

    def counted(engine: Engine, runtime: Runtime, login: str, submissions: Sequence[Submission]) -> list[Any]:
        batches.append(len(submissions))
        return real(engine, runtime, login, submissions)

    monkeypatch.setattr(intake, "INTAKE_BATCH", 4)
    monkeypatch.setattr(intake, "import_submissions", counted)
    lines = [json.dumps(_submission(n, nit="800197268-4" if n == 6 else "900123456-8")) for n in range(1, 10)]
    lines[6] = "{not json"  # line 7: refused before the store
    source = tmp_path / "form.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("intake", "--db", str(db), str(source), "--now", "2026-12-10T10:00", login=ADMIN)
    assert done.returncode == 1, done.stderr  # two bad lines
    assert batches == [4, 3, 1]  # lines 1-4, lines 5-8 but the unreadable 7, line 9
    told = [line for line in done.stdout.splitlines() if "WEB-" in line]
    assert [line.split("WEB-")[1][0] for line in told] == ["1", "2", "3", "4", "5", "8", "9"]
    assert re.findall(r"línea (\d+):", done.stderr) == ["6", "7"]
