"""Speed of a month's bill (the query, the rounding and the CSV) on a large demo database.

Run (not collected by the normal test run):

    python -m pytest benchmarks/bench_billing.py -o python_files='bench_*.py' --benchmark-only -s
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.presentation.billing_text import write_csv
from jq_console.store.billing import month_bill, work_between
from jq_console.store.demo import DemoOptions, fill_demo
from jq_console.store.engine import make_engine

BOGOTA = ZoneInfo("America/Bogota")
CASES = 100_000


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Runtime]:
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(datetime(2026, 12, 7, 10, tzinfo=BOGOTA)))
    engine = make_engine(str(tmp_path_factory.mktemp("bench") / "billing.sqlite"))
    fill_demo(engine, runtime, DemoOptions(cases=CASES, login="ana"))
    return engine, runtime


def test_month_bill_and_csv(benchmark, world, capsys) -> None:  # type: ignore[no-untyped-def]
    engine, runtime = world

    def run() -> int:
        out = io.StringIO()
        return write_csv(month_bill(engine, runtime, 2026, 11), out)  # type: ignore[arg-type]

    lines = benchmark(run)
    start, end = datetime(2026, 11, 1, tzinfo=BOGOTA).timestamp(), datetime(2026, 12, 1, tzinfo=BOGOTA).timestamp()
    entries = len(work_between(engine, start, end))  # type: ignore[arg-type]
    with capsys.disabled():
        print(f"\n{CASES} cases: November has {entries} time entries -> {lines} bill lines")
