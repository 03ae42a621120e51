"""The policy of record: applying a policy file as a new version (administrators), reading the
versions, and the runtime a console or command measures cases by.

A local policy file counts only for `deadlines` (a pure calculation) and `policy apply`; every other
command and the consoles read the version in force from the database (`of_record`), and each case
is measured by the version it was opened under (`Runtime.of_case`).
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from jq_console.application.access import ADMIN, ActorCheck, require_agent
from jq_console.bootstrap import (
    PolicyBook,
    Runtime,
    bad_value,
    build_runtime,
    freeze_holidays,
    policy_of_text,
    read_policy_text,
)
from jq_console.domain.cases import Refused
from jq_console.domain.policy import PolicyError
from jq_console.i18n import language as interface_language
from jq_console.store import policies
from jq_console.store.policies import Applied, StoredPolicy


def _loader(engine: Engine) -> Callable[[int], tuple[str, str]]:
    def load(number: int) -> tuple[str, str]:
        version = policies.stored(engine, number)
        if version is None:
            raise Refused("policy.no_version", number=number)
        return version.text, version.holidays

    return load


def of_record(engine: Engine, runtime: Runtime, language: str | None = None) -> Runtime:
    """The runtime of the version in force on `engine`, on `runtime`'s clock, able to give any other
    version's (cached). `runtime` itself when the database holds no version yet (an older schema,
    whose cases are all measured by version 1, the shipped default)."""
    number = policies.current_number(engine)
    if number is None:
        return runtime
    book = PolicyBook(_loader(engine), language or interface_language())
    policy, tz, sla = book.parts(number)
    return replace(runtime, policy=policy, tz=tz, engine=sla, version=number, book=book)


def record_runtime(engine: Engine, language: str | None = None) -> Runtime | None:
    """The runtime of the version in force on `engine` (on the real clock), or None when the database
    holds no version yet. Unlike `of_record` it needs no runtime of the shipped policy to start from,
    so a command on a database never loads the shipped file nor the holiday package."""
    number = policies.current_number(engine)
    if number is None:
        return None
    book = PolicyBook(_loader(engine), language or interface_language())
    policy, tz, sla = book.parts(number)
    return Runtime(policy, tz, sla, time.time, number, book)


def newest_version(engine: Engine) -> int | None:
    """The version in force now, for a console that checks whether a new one was applied."""
    return policies.current_number(engine)


def apply_policy(engine: Engine, runtime: Runtime, login: str, path: Path, note: str = "") -> Applied:
    """Store the policy file at `path` as a new version, applied by `login` (an administrator,
    checked again inside the write); nothing when its text is the version in force."""
    require_agent(engine, ADMIN, login)
    text = read_policy_text(path)
    policy = policy_of_text(text, path)
    try:
        build_runtime(policy)  # a time zone or holiday country the parser accepted but the runtime cannot use
    except PolicyError as error:
        raise bad_value(path, error) from None
    holidays = freeze_holidays(policy, runtime.local(runtime.now()).year)
    guard = ActorCheck(login, ADMIN)
    return policies.apply_version(engine, text, holidays, login, runtime.now(), note, guard)


def version(engine: Engine, number: int | None = None) -> StoredPolicy:
    """Version `number`, or the one in force; refused when there is no such version."""
    found = policies.stored(engine, number)
    if found is None:
        raise Refused("policy.no_version", number=number if number is not None else "-")
    return found


def versions(engine: Engine) -> list[StoredPolicy]:
    return policies.history(engine)


def diff(engine: Engine, first: int, second: int) -> list[str]:
    """The unified diff of two versions' texts, line by line."""
    a, b = version(engine, first), version(engine, second)
    return list(
        difflib.unified_diff(
            a.text.splitlines(), b.text.splitlines(), f"policy #{a.number}", f"policy #{b.number}", lineterm=""
        )
    )
