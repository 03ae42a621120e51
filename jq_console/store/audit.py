"""`jq-console audit`: is the database whole, are its defences in place, is the history as written
(and does it still hold the rows anchored outside the database), and do the policy versions and
the breaches' corrective actions still say what was recorded?"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.engine import Connection

from jq_console.domain.anchors import Anchor, ChainEnd, anchor_breaks
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
    ends: dict[str, tuple[int, str]] = field(default_factory=dict)  # each chain's rows and last hash

    @property
    def ok(self) -> bool:
        return not self.problems


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _audit(connection: Connection, anchors: Mapping[str, Anchor]) -> AuditReport:
    problems = [Problem("audit.integrity", {"detail": line}) for line in integrity_problems(connection)]
    missing = missing_triggers(connection)
    problems += [Problem("audit.trigger_missing", {"name": name}) for name in missing]
    ends: dict[str, tuple[int, str]] = {}
    found_ends: dict[str, ChainEnd] = {}
    for table in (*ledger.CHAINED, *ledger.RECORDS):
        anchor = anchors.get(table)
        positions = () if anchor is None else (anchor.rows,)
        if table in ledger.CHAINED:
            walked = ledger.verify(connection, table, positions)
        else:
            walked = ledger.walk_records(connection, table, positions)
        problems += [Problem(found.key, found.params) for found in walked.breaks]
        ends[table] = (walked.rows, walked.end)
        found_ends[table] = ChainEnd(walked.rows, None if anchor is None else walked.at.get(anchor.rows))
    problems += [Problem(key, params) for key, params in anchor_breaks(anchors, found_ends)]
    problems += [Problem("audit.policy_text", {"number": number}) for number in policies.altered_numbers(connection)]
    problems += [
        Problem("audit.corrective_action", {"code": code, "kind": clock, "occurrence": occurrence})
        for code, clock, occurrence in breaches.unmatched_actions(connection)
    ]
    triggers = len(expected_triggers(connection)) - len(missing)
    return AuditReport(problems, triggers, _count(connection, CaseEvent), _count(connection, TimeEntry), ends)


def audit(engine: Engine, anchors: Mapping[str, Anchor] | None = None) -> AuditReport:
    """Every check, in one read transaction (one snapshot of the whole database); with `anchors`
    (the last of each table, `domain.anchors`), also that the chain still holds each of them."""
    return read(engine, lambda connection: _audit(connection, anchors or {}))
