"""Breaches, corrective actions and compliance: the supervisors' rules, pure and through the store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from office_support import make_office, run

from jq_console.domain.cases import Case, Refused
from jq_console.domain.oversight import breaches, compliance, corrective_action
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


def test_corrective_action_rules() -> None:
    late = DUE + 10
    with pytest.raises(Refused) as caught:
        corrective_action(BASE, "agent", late, "algo")
    assert caught.value.code == "corrective.supervisor_only"
    with pytest.raises(Refused) as caught:
        corrective_action(BASE, "supervisor", DUE - 10, "algo")
    assert caught.value.code == "corrective.no_breach"
    with pytest.raises(Refused) as caught:
        corrective_action(BASE, "admin", late, "   ")
    assert caught.value.code == "reason_required"
    change = corrective_action(BASE, "supervisor", late, " Refuerzo del turno ")
    assert (change.kind, change.updates, change.note, change.after) == (
        "corrective_action",
        {},
        "Refuerzo del turno",
        {"breaches": ["assignment"]},
    )


def test_compliance_counts_met_breached_and_pending() -> None:
    cases = [
        replace(BASE, agent="a", assigned_at=DUE - 1, status="assigned"),  # met
        replace(BASE, agent="a", assigned_at=DUE + 1, status="assigned"),  # late
        BASE,  # unassigned, not yet due: pending
        replace(BASE, severity="S3"),  # unassigned, past due at `now`: breached
        replace(BASE, status="rejected"),  # dropped before its deadline: not counted
    ]
    result = compliance(cases, DUE - 0.5)
    s2 = result.assignment["S2"]
    assert (s2.met, s2.breached, s2.pending, s2.percent) == (1, 1, 1, 50.0)
    assert result.assignment["S3"].pending == 1
    later = compliance(cases, DUE + 1)
    assert later.assignment["S3"].breached == 1 and later.total("assignment").decided == 4
    assert later.resolution["S1"].percent is None


def test_corrective_command_records_an_event_and_needs_a_supervisor(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    [code] = make_office(db, cases=1, severity="S3")
    late = "2027-01-20T10:00"  # long after the assignment deadline
    refused = run("corrective", code, "Hablar con el turno", "--db", str(db), "--now", late, login="a01")
    assert refused.returncode != 0 and "solo un Supervisor / Administrador" in refused.stderr
    done = run(
        "corrective", code, "Reasignar urgencias al turno de la tarde", "--db", str(db), "--now", late, login="super"
    )
    assert done.returncode == 0, done.stderr
    engine = make_engine(str(db))
    case = get_case(engine, code)
    assert case is not None and case.status == "new"  # the case itself is untouched
    [event] = [e for e in history(engine, case.id) if e.kind == "corrective_action"]
    assert (event.actor, event.note, event.after) == (
        "super",
        "Reasignar urgencias al turno de la tarde",
        {"breaches": ["assignment", "resolution"]},
    )
    engine.dispose()
