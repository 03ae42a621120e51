"""The policy of record: applied policy versions, append-only (triggers refuse UPDATE and DELETE).

A version keeps the policy file's TOML text as applied, its sha256, who applied it and when, the
holiday list it froze and a note. The newest version is the one in force: new cases are opened
under it; each case keeps the number of its own (`case.policy_version`).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.engine import Connection

from jq_console.bootstrap import DEFAULT_POLICY, freeze_holidays, policy_of_text, read_policy_text
from jq_console.domain.text import plain
from jq_console.store.engine import Guard, read, write
from jq_console.store.tables import PolicyVersion

FIRST_APPLIER = "jq-console"  # who applied version 1 when the database was made or upgraded


@dataclass(frozen=True)
class StoredPolicy:
    number: int
    text: str
    sha256: str
    applied_by: str
    applied_at: float
    holidays: str
    note: str


@dataclass(frozen=True)
class Applied:
    number: int  # the version now in force
    changed: bool  # False: the text was the one in force already, nothing was stored


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_COLUMNS = (
    PolicyVersion.c.number,
    PolicyVersion.c.text,
    PolicyVersion.c.sha256,
    PolicyVersion.c.applied_by,
    PolicyVersion.c.applied_at,
    PolicyVersion.c.holidays,
    PolicyVersion.c.note,
)


_LATEST_NUMBER = select(func.max(PolicyVersion.c.number))  # asked by every console at each change: built once


def latest_number(connection: Connection) -> int | None:
    """The version in force, or None on a database that has none yet."""
    number = connection.execute(_LATEST_NUMBER).scalar()
    return int(number) if number is not None else None


def current_number(engine: Engine) -> int | None:
    return read(engine, latest_number)


def _stored(connection: Connection, number: int) -> StoredPolicy | None:
    row = connection.execute(select(*_COLUMNS).where(PolicyVersion.c.number == number)).first()
    return StoredPolicy(*row) if row is not None else None


def stored(engine: Engine, number: int | None = None) -> StoredPolicy | None:
    """Version `number`, or the one in force."""

    def work(connection: Connection) -> StoredPolicy | None:
        wanted = number if number is not None else latest_number(connection)
        return _stored(connection, wanted) if wanted is not None else None

    return read(engine, work)


def altered_numbers(connection: Connection) -> list[int]:
    """The versions whose text no longer hashes to the sha256 stored with it. `record` stores both
    together and the triggers refuse any UPDATE, so a mismatch means the text was changed by hand
    (the triggers dropped and put back). It cannot tell a text rewritten with its hash."""
    rows = connection.execute(select(PolicyVersion.c.number, PolicyVersion.c.text, PolicyVersion.c.sha256))
    return sorted(int(number) for number, text, digest in rows if sha256_of(text) != digest)


def history(engine: Engine) -> list[StoredPolicy]:
    statement = select(*_COLUMNS).order_by(PolicyVersion.c.number)
    return read(engine, lambda connection: [StoredPolicy(*row) for row in connection.execute(statement)])


def record(connection: Connection, text: str, holidays: str, login: str, at: float, note: str = "") -> Applied:
    """Store `text` as the next version unless it is the one in force (same sha256)."""
    digest = sha256_of(text)
    number = latest_number(connection)
    if number is not None:
        current = connection.execute(select(PolicyVersion.c.sha256).where(PolicyVersion.c.number == number)).scalar()
        if current == digest:
            return Applied(number, False)
    new = (number or 0) + 1
    connection.execute(
        insert(PolicyVersion).values(
            number=new,
            text=text,
            sha256=digest,
            applied_by=login,
            applied_at=at,
            holidays=holidays,
            note=plain(note, multiline=True).strip(),
        )
    )
    return Applied(new, True)


def apply_version(engine: Engine, text: str, holidays: str, login: str, at: float, note: str, guard: Guard) -> Applied:
    """`record` in one write, after `guard` (who may apply a policy) in the same transaction."""
    return write(engine, lambda connection: record(connection, text, holidays, login, at, note), guard=guard)


@cache
def _shipped() -> tuple[str, str]:
    """The shipped policy file and the holiday list it freezes this year: computed once a process."""
    text = read_policy_text(DEFAULT_POLICY)
    policy = policy_of_text(text, DEFAULT_POLICY)
    return text, freeze_holidays(policy, datetime.now().year)


def ensure_first(connection: Connection) -> bool:
    """Store the shipped policy as version 1 on a database that has no version (made by `init` or
    `demo`, or upgraded from before versions: its cases are measured by version 1). True if stored."""
    if latest_number(connection) is not None:
        return False
    text, holidays = _shipped()
    record(connection, text, holidays, FIRST_APPLIER, time.time())
    return True
