"""Breaches, corrective actions and compliance: the supervisors' rules, pure and through the store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from office_support import make_office, run

from jq_console.domain.breaches import Breach, of_case, of_cases
from jq_console.domain.cases import Case, Refused
from jq_console.domain.oversight import breaches, compliance, corrective_action
from jq_console.store.breaches import recorded_of
from jq_console.store.cases import get_case, history
from jq_console.store.engine import make_engine

DUE = 1_000_000.0
BASE = Case(
    1,
    "JQ-2026-00001",
    1,
    "Cliente",
    "900123456-8",
    "t",
    "S2",
    "fault",
    "form",
    "subscription",
    3,
    "new",
    "valid",
    None,
    DUE - 5000,
    DUE,
    DUE + 50_000,
)


@pytest.mark.parametrize(
    ("changes", "now", "expected"),
    [
        ({}, DUE - 1, ()),
        ({}, DUE + 1, ("assignment",)),
        ({"agent": "a01", "assigned_at": DUE - 1, "status": "assigned"}, DUE + 60_000, ("resolution",)),
        ({"agent": "a01", "assigned_at": DUE + 1, "status": "assigned"}, DUE + 2, ("assignment",)),
        (
            {"agent": "a01", "assigned_at": DUE + 1, "status": "resolved", "resolved_at": DUE + 60_000},
            DUE + 70_000,
            ("assignment", "resolution"),
        ),
        ({"agent": "a01", "assigned_at": DUE, "status": "waiting", "resolution_due": None}, DUE + 90_000, ()),
        ({"status": "invalid"}, DUE + 1, ()),  # closed without ever being taken: nothing left to break
    ],
)
def test_breaches(changes: dict[str, Any], now: float, expected: tuple[str, ...]) -> None:
    assert breaches(replace(BASE, **changes), now) == expected


def _refused(code: str, move: Any) -> None:
    with pytest.raises(Refused) as caught:
        move()
    assert caught.value.code == code


def test_corrective_action_rules() -> None:
    late = DUE + 10
    known = of_case(BASE, [], late)
    _refused("corrective.supervisor_only", lambda: corrective_action(BASE, "agent", known, "algo"))
    _refused("corrective.no_breach", lambda: corrective_action(BASE, "supervisor", of_case(BASE, [], DUE - 10), "x"))
    _refused("reason_required", lambda: corrective_action(BASE, "admin", known, "   "))
    change = corrective_action(BASE, "supervisor", known, " Refuerzo del turno ")
    assert (change.kind, change.updates, change.note, change.after) == (
        "corrective_action",
        {},
        "Refuerzo del turno",
        {"clock": "assignment", "occurrence": 1},
    )
    # A breach that has its action is never chosen again, and cannot be given a second one.
    done = [replace(known[0], recorded_at=late, action="Refuerzo", action_by="super", action_at=late)]
    # A case whose every breach has its action is not told it has none (it said "no breached deadline").
    _refused("corrective.all_recorded", lambda: corrective_action(BASE, "supervisor", done, "otra"))
    _refused("corrective.already_recorded", lambda: corrective_action(BASE, "supervisor", done, "o", "assignment", 1))
    _refused("corrective.no_such_breach", lambda: corrective_action(BASE, "supervisor", done, "o", "resolution"))


def test_compliance_counts_each_breach_in_the_month_its_deadline_passed() -> None:
    start, now = DUE - 10_000, DUE + 1
    later = DUE + 100
    cases = [
        replace(BASE, id=1, agent="a", assigned_at=DUE - 1, status="assigned"),  # met
        replace(BASE, id=2, agent="a", assigned_at=DUE + 0.5, status="assigned"),  # met late: breached
        replace(BASE, id=3, assignment_due=later),  # unassigned, not yet due: pending
        replace(BASE, id=4, severity="S3"),  # unassigned, past due at `now`: breached
        replace(BASE, id=5, status="rejected", assignment_due=later),  # dropped before its deadline: not counted
        # opened the month before: counted where its deadline passed, this month
        replace(BASE, id=6, opened_at=start - 86_400, assignment_due=DUE - 5),
    ]
    # A resolution breach recorded while case 7 was an S3; reclassified to S2 and resolved in time since.
    reclassified = replace(BASE, id=7, severity="S2", agent="a", assigned_at=DUE - 2, resolved_at=DUE - 1)
    recorded = [Breach(7, "resolution", 1, DUE - 3, "S3", recorded_at=DUE - 2)]
    known = [b for breaches in of_cases([*cases, reclassified], recorded, now).values() for b in breaches]
    result = compliance([*cases, reclassified], known, start, now)
    s2 = result.assignment["S2"]
    assert (s2.met, s2.breached, s2.in_time) == (2, 2, 1)  # cases 1 and 7 met; 2 and 6 breached; 3 in time
    assert result.assignment["S3"].breached == 1
    assert result.resolution["S3"].breached == 1  # under the severity it had when it passed
    assert result.resolution["S2"].breached == 0 and result.resolution["S2"].met == 1
    # The month after, those breaches are last month's: none counts again.
    next_month = compliance([*cases, reclassified], known, now + 1, now + 2)
    assert next_month.total("assignment").breached == 0 and next_month.total("resolution").breached == 0


def test_corrective_command_records_one_breach_at_a_time_and_needs_a_supervisor(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    [code] = make_office(db, cases=1, severity="S3")
    late = "2027-01-20T10:00"  # long after both deadlines
    refused = run("corrective", code, "Hablar con el turno", "--db", str(db), "--now", late, login="a01")
    assert refused.returncode != 0 and "solo un Supervisor / Administrador" in refused.stderr
    for note in ("Reasignar urgencias al turno de la tarde", "Revisar la guardia del fin de semana"):
        done = run("corrective", code, note, "--db", str(db), "--now", late, login="super")
        assert done.returncode == 0, done.stderr
    third = run("corrective", code, "Otra más", "--db", str(db), "--now", late, login="super")
    assert third.returncode != 0 and code in third.stderr  # every breach has its action: nothing left
    engine = make_engine(str(db))
    case = get_case(engine, code)
    assert case is not None and case.status == "new"  # the case itself is untouched
    events = [e for e in history(engine, case.id) if e.kind == "corrective_action"]
    assert [(e.actor, e.note, e.after) for e in events] == [
        ("super", "Reasignar urgencias al turno de la tarde", {"clock": "assignment", "occurrence": 1}),
        ("super", "Revisar la guardia del fin de semana", {"clock": "resolution", "occurrence": 1}),
    ]
    assert [(b.clock, b.action) for b in recorded_of(engine, case.id)] == [
        ("assignment", "Reasignar urgencias al turno de la tarde"),
        ("resolution", "Revisar la guardia del fin de semana"),
    ]
    engine.dispose()
