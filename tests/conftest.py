# ==== domain-test fixtures (tests/test_calendar.py, test_sla.py, test_properties.py, ...) ====
# Keep this block at the top; other fixtures go below the end marker.
from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.policy import Policy
from jq_console.domain.sla import SlaEngine

BOGOTA = ZoneInfo("America/Bogota")
FROZEN_NOW = "2026-12-07T10:00-05:00"


def bogota(iso: str) -> datetime:
    """'2026-12-07T15:00' (local) or with an explicit offset -> aware datetime in America/Bogota."""
    value = datetime.fromisoformat(iso)
    if value.tzinfo is None:
        value = value.replace(tzinfo=BOGOTA)
    return value.astimezone(BOGOTA)


def epoch(iso: str) -> float:
    return bogota(iso).timestamp()


@pytest.fixture(scope="session")
def runtime() -> Runtime:
    # The shipped policy file explicitly, so a JQ_CONSOLE_POLICY in the environment cannot leak in.
    return load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(bogota(FROZEN_NOW)))


@pytest.fixture(scope="session")
def policy(runtime: Runtime) -> Policy:
    return runtime.policy


@pytest.fixture(scope="session")
def engine(runtime: Runtime) -> SlaEngine:
    return runtime.engine


@pytest.fixture(scope="session")
def regular(engine: SlaEngine) -> BusinessCalendar:
    return engine.calendars["regular"]


@pytest.fixture(scope="session")
def urgency(engine: SlaEngine) -> BusinessCalendar:
    return engine.calendars["urgency"]


# ==== end of domain-test fixtures ====

# The commands the tests start run as on an agent's machine, whatever the runner's environment: a
# runner's PYTHONUNBUFFERED wrote every line at once, which hid a command ending with status 120
# when its reader or its terminal was gone (Python failing to flush at exit what it still held).
os.environ.pop("PYTHONUNBUFFERED", None)


@pytest.fixture(autouse=True)
def _language_kept() -> Iterator[None]:
    """Each test ends in the language it began in: a command run in-process with `--lang en`, or a
    screen switched to English, left every later test of its worker reading English."""
    from jq_console.i18n import language, set_language

    before = language()
    yield
    set_language(before)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the package once before the workers start: many tests run `jq-console` in processes
    of its own, and an editable install run with PYTHONDONTWRITEBYTECODE would otherwise compile every
    module again in each of them (compileall writes the cache whatever that variable says)."""
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller did it
        return
    import compileall

    import jq_console

    compileall.compile_dir(str(Path(jq_console.__file__).parent), quiet=2, workers=1)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than the cores. The tests often wait on a real process, a database
    or the console going quiet, so a third worker on two cores fills those waits; a fourth costs
    more in each worker's own templates than it fills (measured on 2 cores: 7 min 27 s with two
    workers, 6 min 46 s with three, 7 min 29 s with four)."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first, the rest in their usual order: a parallel run hands out the tests in
    this order, and a long one drawn last would keep one worker busy while the others wait."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The temporary databases made once per process (store_backends' templates, the snapshots'
    demo copies) go with the process's session."""
    import sys

    if "store_backends" in sys.modules:
        sys.modules["store_backends"].remove_templates()
    if "snapshot_support" in sys.modules:
        sys.modules["snapshot_support"].remove_templates()
