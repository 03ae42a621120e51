"""Properties of the SLA record, on random sequences of moves at random times, through the
application layer on a real (sandbox, SQLite) database:
- a breach once seen (recorded, or shown by the clocks) is never unseen, nor does its deadline move;
- paused time never counts: a resumed or reopened resolution clock has exactly the time it had left;
- `jq-console case show --json` agrees with the console's case screen view model on clocks and breaches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from conftest import BOGOTA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_support import ADMIN, make_office

from jq_console.application import cases
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, load_runtime
from jq_console.cli import main
from jq_console.domain.breaches import Breach
from jq_console.domain.cases import Case, Refused
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.vocabulary import Category, Severity
from jq_console.presentation.presenters import iso
from jq_console.store.breaches import recorded_of
from jq_console.store.cases import NewCase, get_case, register
from jq_console.store.engine import make_engine
from jq_console.ui.view_models.case_model import CaseView, case_view

START = datetime(2026, 11, 2, tzinfo=BOGOTA).timestamp()
# The severity a reclassification tries: S1 requests stay S1, which is refused, as it should be.
OTHER_SEVERITY: dict[Severity, Severity] = {"S1": "S1", "S2": "S3", "S3": "S2"}
MOVES = ("take", "start", "wait", "resume", "resolve", "reopen", "agree", "misclassified", "escalated", "corrective")


@dataclass
class Clock:
    """The runtime's clock, moved by the test."""

    now: float = START

    def __call__(self) -> float:
        return self.now


@dataclass
class Office:
    db: str
    runtime: Runtime
    clock: Clock


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    db = str(tmp_path_factory.mktemp("breach-properties") / "office.sqlite")
    make_office(db)
    clock = Clock()
    yield Office(db, load_runtime(str(DEFAULT_POLICY), clock=clock), clock)


@pytest.fixture(autouse=True)
def agent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JQ_CONSOLE_AGENT", ADMIN)
    monkeypatch.delenv("SUDO_USER", raising=False)


minutes = st.integers(min_value=1, max_value=6 * 24 * 60)  # up to six days between moves
steps = st.lists(st.tuples(minutes, st.sampled_from(MOVES)), min_size=1, max_size=9)
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


def _open(office: Office, severity: Severity, opened: float) -> str:
    rt = office.runtime
    category: Category = "request" if severity == "S1" else "fault"  # the categories that allow the severity
    verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "form", severity, category))
    engine = make_engine(office.db)
    try:
        return register(
            engine, rt, NewCase(1, 1, "Caso", "", severity, category, "form", opened_at=opened), verdict, ADMIN
        ).code
    finally:
        engine.dispose()


def _move(name: str, office: Office, code: str) -> Callable[[Any], Case]:
    rt, now = office.runtime, office.clock.now
    moves: dict[str, Callable[[Any], Case]] = {
        "take": lambda e: cases.take(e, rt, ADMIN, code),
        "start": lambda e: cases.start(e, rt, ADMIN, code),
        "wait": lambda e: cases.wait(e, rt, ADMIN, code, "esperando"),
        "resume": lambda e: cases.resume(e, rt, ADMIN, code),
        "resolve": lambda e: cases.resolve(e, rt, ADMIN, code, "listo"),
        "reopen": lambda e: cases.reopen(e, rt, ADMIN, code, "otra vez"),
        "agree": lambda e: cases.agree(e, rt, ADMIN, code, now + 3 * 86400, "acordado"),
        "corrective": lambda e: cases.corrective(e, rt, ADMIN, code, "acción"),
    }
    for kind in ("misclassified", "escalated"):

        def reclassify(e: Any, kind: str = kind) -> Case:
            seen = get_case(e, code)
            assert seen is not None
            severity = OTHER_SEVERITY[seen.severity]
            return cases.reclassify_told(e, rt, ADMIN, seen, severity, "otra severidad", kind)

        moves[kind] = reclassify
    return moves[name]


def _view(office: Office, code: str) -> tuple[Case, CaseView]:
    engine = make_engine(office.db)
    try:
        case = get_case(engine, code)
        assert case is not None
        recorded = recorded_of(engine, case.id)
        return case, case_view(office.runtime.of_case(case).engine, case, recorded, office.clock.now)
    finally:
        engine.dispose()


def _left(office: Office, case: Case) -> float | None:
    """The resolution clock's time left at the clock's instant, in its target's measure."""
    if case.resolution_due is None:
        return case.resolution_left
    engine = office.runtime.of_case(case).engine
    target = engine.target(case.severity, "resolution")
    instant = case.resolved_at if case.resolved_at is not None else office.clock.now
    return engine.remaining(target, instant, case.resolution_due)


def _shown(office: Office, code: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    moment = datetime.fromtimestamp(office.clock.now, BOGOTA).isoformat()
    status = main(["case", "show", code, "--json", "--db", office.db, "--now", moment])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    shown: dict[str, Any] = json.loads(captured.out)
    return shown


def _agrees(office: Office, view: CaseView, shown: dict[str, Any]) -> None:
    rt = office.runtime
    for clock in view.clocks:
        printed = shown["clocks"][clock.kind]
        assert printed["state"] == clock.state, clock.kind
        assert printed["due"] == iso(rt, clock.due), clock.kind
        assert printed["met_at"] == iso(rt, clock.met_at), clock.kind
        assert printed["left_seconds"] == (None if clock.left is None else round(clock.left)), clock.kind

    def described(breach: Breach) -> tuple[Any, ...]:
        return (breach.clock, breach.occurrence, iso(rt, breach.due), breach.severity, breach.action)

    printed_breaches = [
        (b["clock"], b["occurrence"], b["due"], b["severity"], (b["corrective_action"] or {}).get("note"))
        for b in shown["breaches"]
    ]
    assert printed_breaches == [described(breach) for breach in view.breaches]


@pytest.mark.long
@SETTINGS
@given(
    severity=st.sampled_from(["S1", "S2", "S3"]),
    opened_after=st.integers(min_value=0, max_value=40 * 24 * 60),
    moves=steps,
)
def test_breaches_stay_paused_time_never_counts_and_the_json_agrees_with_the_screen(
    office: Office,
    capsys: pytest.CaptureFixture[str],
    severity: Severity,
    opened_after: int,
    moves: list[tuple[int, str]],
) -> None:
    office.clock.now = START + opened_after * 60
    code = _open(office, severity, office.clock.now)
    seen: dict[tuple[int, str, int], float] = {}
    left_when_stopped: float | None = None
    for gap, name in moves:
        office.clock.now += gap * 60
        before, _ = _view(office, code)
        engine = make_engine(office.db)
        try:
            after = _move(name, office, code)(engine)
        except Refused:
            after = None
        finally:
            engine.dispose()
        case, view = _view(office, code)
        if after is not None and name in ("wait", "resolve"):
            left_when_stopped = _left(office, before if name == "wait" else case)
        if after is not None and name in ("resume", "reopen"):
            assert left_when_stopped is not None
            assert _left(office, case) == pytest.approx(left_when_stopped, abs=1e-3), name  # paused time never counts
        for breach in view.breaches:
            seen.setdefault(breach.key, breach.due)
        # Every breach seen so far is still there, with the same deadline, whatever the move was.
        assert {breach.key: breach.due for breach in view.breaches if breach.key in seen} == seen
        _agrees(office, view, _shown(office, code, capsys))
