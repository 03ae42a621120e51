"""`jq-console audit`: is the database whole, are its defences in place, is the history as written,
and do the policy versions and the breaches' corrective actions still say what was recorded?"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.engine import Connection

from jq_console.store import breaches, ledger, policies
from jq_console.store.engine import read
from jq_console.store.protection import expected_triggers, integrity_problems, missing_triggers
from jq_console.store.tables import CaseEvent, TimeEntry


@dataclass(frozen=True)
class Problem:
    key: str  # a catalogue key
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditReport:
    problems: list[Problem]
    triggers: int
    events: int
    entries: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _audit(connection: Connection) -> AuditReport:
    problems = [Problem("audit.integrity", {"detail": line}) for line in integrity_problems(connection)]
    missing = missing_triggers(connection)
    problems += [Problem("audit.trigger_missing", {"name": name}) for name in missing]
    for table in ledger.CHAINED:
        problems += [Problem(found.key, found.params) for found in ledger.verify(connection, table)]
    problems += [Problem("audit.policy_text", {"number": number}) for number in policies.altered_numbers(connection)]
    problems += [
        Problem("audit.corrective_action", {"code": code, "kind": clock, "occurrence": occurrence})
        for code, clock, occurrence in breaches.unmatched_actions(connection)
    ]
    triggers = len(expected_triggers(connection)) - len(missing)
    return AuditReport(problems, triggers, _count(connection, CaseEvent), _count(connection, TimeEntry))


def audit(engine: Engine) -> AuditReport:
    """Every check, in one read transaction (one snapshot of the whole database)."""
    return read(engine, _audit)
