"""Storing a move (take, start, pause, resolve…): the case row and its history line, together.

Every move is a compare-and-set on the case's version, and every write to a case goes through
here, so a copy of version N *is* the stored row as long as the row still has version N. That is
why `apply_seen` decides on the copy the user was looking at instead of reading the case again:
if anyone moved it meanwhile, the version no longer matches and the move is refused.

On PostgreSQL the update, the history's chain link (store/ledger.py) and the history line are one
statement (a data-modifying CTE), which is atomic by itself: unguarded, it runs without
BEGIN/COMMIT, one round trip to the server instead of five. A concurrent move of the same case
waits for the row lock and then finds the version changed; moves of other cases wait for the
chain head's row lock. The application's moves come with a `guard` (who acts, read in the same write).
A guard that is also an `ActorRule` (an active agent with one of some roles) is checked by that
same statement on PostgreSQL, so a move made on the copy the user saw stays one round trip; only
when it stores nothing is the guard run, to tell a refused actor from a case that changed.
Elsewhere the guard runs first in the move's transaction.

Before a move is applied, every deadline of the case that has passed is recorded as a breach
(store/breaches.py), in the move's own transaction, so no later move can take it back; a move that
gives a broken clock a new deadline in the future starts the clock's next run (domain/breaches.py).
A move of a case whose clocks show a breach is therefore never the one-statement kind.

Every move also writes the case's queue key (`store.queue_keys`) and stores nothing unless the
stored keys follow this console's policy; when they do not, the keys are brought to it and the
move is made again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any, Protocol, TypeVar, runtime_checkable

from sqlalchemy import BindParameter, Engine, Insert, Update, bindparam, exists, insert, select, true, update
from sqlalchemy.engine import Connection

from jq_console.bootstrap import Runtime
from jq_console.domain.breaches import Breach, next_runs, on_clocks
from jq_console.domain.cases import Case, Change, Refused
from jq_console.domain.priority import order_signature
from jq_console.domain.text import entered, plain
from jq_console.store import breaches as breach_store
from jq_console.store import ledger, queue_keys
from jq_console.store.cases import align_keys, event_values, find_case
from jq_console.store.engine import Guard, read, write
from jq_console.store.tables import Agent, CaseEvent, CaseRow, ChainHead

T = TypeVar("T")
Check = Callable[[Connection], None]
# What else a move writes in its own transaction, given the case before and after (the outbox's notices).
Effect = Callable[[Connection, Case, Case], None]


@runtime_checkable
class ActorRule(Protocol):
    """A guard that says what it checks: `login` is an active agent with one of `roles`."""

    @property
    def login(self) -> str: ...

    @property
    def roles(self) -> tuple[str, ...]: ...

    def __call__(self, connection: Connection) -> None: ...


_EVENT_COLUMNS = ("case_id", "at", "actor", "kind", "before", "after", "note")


# Statements are built once per set of changed columns: building `update().values()` anew for
# every move cost more client CPU than sending it.
@cache
def _update(columns: frozenset[str]) -> Update:
    return (
        update(CaseRow)
        .where(
            CaseRow.c.id == bindparam("case_id"),
            CaseRow.c.version == bindparam("seen_version"),
            queue_keys.signature_matches(),  # the new key is in the stored keys' order
        )
        .values({name: bindparam(f"new_{name}") for name in sorted(columns)})
    )


def _actor_may_act() -> Any:
    return exists().where(
        Agent.c.login == bindparam("actor_login"),
        Agent.c.active.is_(True),
        Agent.c.role.in_(bindparam("actor_roles", expanding=True)),
    )


@cache
def _update_with_event(columns: frozenset[str], ruled: bool = False) -> Insert:
    statement = _update(columns)
    if ruled:  # the actor's rule in the same statement: nothing is stored unless they may act
        statement = statement.where(_actor_may_act())
    moved = statement.returning(CaseRow.c.id).cte("moved")
    # The history's chain link (store/ledger.py), made only if the case really moved: the head's
    # row lock makes concurrent moves take turns, and after the wait the UPDATE sees the newest hash.
    head = ChainHead.c.hash
    link = (
        update(ChainHead)
        .where(ChainHead.c.name == "case_event", exists(select(moved.c.id)))
        .values(hash=ledger.sql_seal("postgresql", head, bindparam("event_content")), length=ChainHead.c.length + 1)
        .returning(head)
        .cte("link")
    )
    event: dict[str, BindParameter[Any]] = {
        name: bindparam(f"event_{name}") for name in _EVENT_COLUMNS if name != "case_id"
    }
    return (
        insert(CaseEvent)
        .from_select(
            [*_EVENT_COLUMNS, "chain_hash"],
            # one row from each (or none): a cross join, said so
            select(moved.c.id, *event.values(), link.c.hash).select_from(moved.join(link, true())),
        )
        .returning(CaseEvent.c.id)
    )


def _parameters(case: Case, values: dict[str, Any], event: dict[str, Any], signature: str) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "seen_version": case.version,
        "signature": signature,
        **{f"new_{name}": value for name, value in values.items()},
        **{f"event_{name}": value for name, value in event.items() if name != "case_id"},
    }


def _plain_change(runtime: Runtime, change: Change) -> Change:
    """Text is data: a move's texts (a reason, a consent, a partner) plain, its note within the limit."""
    note = entered(change.note, "note", runtime.policy.limits.note, multiline=True, required=False)
    return replace(change, updates=_plain_values(change.updates), detail=_plain_values(change.detail), note=note)


def _plain_values(values: dict[str, Any]) -> dict[str, Any]:
    return {key: plain(value, multiline=True) if isinstance(value, str) else value for key, value in values.items()}


def _store(
    connection: Connection, runtime: Runtime, case: Case, actor: str, change: Change, rule: ActorRule | None = None
) -> Case:
    now = runtime.now()
    change = _plain_change(runtime, change)
    change = replace(change, updates={**change.updates, **next_runs(case, change.updates, now)})
    changed = replace(case, **change.updates, version=case.version + 1)
    values = {**change.updates, **queue_keys.key_values(runtime.policy, changed), "version": changed.version}
    event = event_values(case.id, now, actor, change.kind, change.before, change.after, change.note)
    parameters = _parameters(case, values, event, order_signature(runtime.policy))
    if connection.dialect.name == "postgresql":
        if rule is not None:
            parameters.update(actor_login=rule.login, actor_roles=list(rule.roles))
        parameters["event_content"] = ledger.canonical("case_event", event)
        statement = _update_with_event(frozenset(values), rule is not None)
        stored = len(connection.execute(statement, parameters).all())
    else:
        stored = connection.execute(_update(frozenset(values)), parameters).rowcount
        if stored == 1:
            ledger.link(connection, "case_event", [event])
            connection.execute(insert(CaseEvent), event)
    if stored != 1:
        if not queue_keys.follows(connection, runtime.policy):
            raise queue_keys.StaleOrder
        raise Refused("case_changed", code=case.code)
    if on_clocks(case, now):  # the case as it was stored until this move: its breaches become facts
        breach_store.record(connection, case, now)
    if change.kind == "corrective_action":
        detail = change.detail
        breach_store.fill_corrective(
            connection, case, str(detail["clock"]), int(detail["occurrence"]), change.note, actor, now
        )
    return changed


def _aligned(engine: Engine, runtime: Runtime, move: Callable[[], T]) -> T:
    """Run `move`; if the stored keys followed another policy's order, align them and run it again."""
    try:
        return move()
    except queue_keys.StaleOrder:
        write(engine, lambda connection: align_keys(connection, runtime.policy))
        return move()


def active_agent(login: str) -> Check:
    """A check for `apply`/`apply_seen`: the case may go only to a registered, active agent. It
    runs inside the move's own write, so an agent disabled meanwhile cannot receive it."""

    def check(connection: Connection) -> None:
        row = connection.execute(select(Agent.c.active).where(Agent.c.login == login)).first()
        if row is None:
            raise Refused("assign.unknown_agent", login=login)
        if not row[0]:
            raise Refused("assign.disabled_agent", login=login)

    return check


def apply(
    engine: Engine,
    runtime: Runtime,
    code: str,
    actor: str,
    decide: Callable[[Case], Change],
    check: Check | None = None,
    guard: Guard | None = None,
    effect: Effect | None = None,
) -> Case:
    """Read the case and move it in one transaction (the command line, which has no copy of it).
    `guard` runs first in that transaction, `check` after the policy allowed the move, `effect`
    after it is stored. Raises `Refused` with the reason."""
    return _apply_read(engine, runtime, code, actor, lambda _connection, case: decide(case), check, guard, effect)


def apply_on_breaches(
    engine: Engine,
    runtime: Runtime,
    code: str,
    actor: str,
    decide: Callable[[Case, list[Breach]], Change],
    guard: Guard | None = None,
) -> Case:
    """`apply` for a move that judges the case's breaches (a corrective action): `decide` is given
    every breach of the case, recorded or shown by its clocks, read in the move's transaction."""
    return _apply_read(
        engine,
        runtime,
        code,
        actor,
        lambda connection, case: decide(case, breach_store.of(connection, case, runtime.now())),
        None,
        guard,
    )


def _apply_read(
    engine: Engine,
    runtime: Runtime,
    code: str,
    actor: str,
    decide: Callable[[Connection, Case], Change],
    check: Check | None,
    guard: Guard | None,
    effect: Effect | None = None,
) -> Case:
    def work(connection: Connection) -> Case:
        case = find_case(connection, code)
        if case is None:
            raise Refused("case_not_found", code=code)
        change = decide(connection, case)
        if check is not None:
            check(connection)
        moved = _store(connection, runtime, case, actor, change)
        if effect is not None:
            effect(connection, case, moved)
        return moved

    return _aligned(engine, runtime, lambda: write(engine, work, guard=guard))


def apply_seen(
    engine: Engine,
    runtime: Runtime,
    seen: Case,
    actor: str,
    decide: Callable[[Case], Change],
    check: Check | None = None,
    guard: Guard | None = None,
    effect: Effect | None = None,
) -> Case:
    """Move the case as the user saw it: refused with `case_changed` if it moved since. With a
    `check`, or a guard that is not an `ActorRule`, the move is no longer one statement, so it runs
    in a transaction with them, the guard first. (With an `ActorRule` on PostgreSQL the policy
    judges the copy before the statement checks the actor; the copy needs no database to judge.)
    An `effect` (a notice to queue) is written in the same transaction, so it too ends the one statement."""
    single = check is None and effect is None and not on_clocks(seen, runtime.now())
    if single and isinstance(guard, ActorRule) and engine.dialect.name == "postgresql":
        change = decide(seen)
        return _aligned(engine, runtime, lambda: _apply_ruled(engine, runtime, seen, actor, change, guard))

    def work(connection: Connection) -> Case:
        change = decide(seen)
        if check is not None:
            check(connection)
        moved = _store(connection, runtime, seen, actor, change)
        if effect is not None:
            effect(connection, seen, moved)
        return moved

    return _aligned(engine, runtime, lambda: write(engine, work, single_statement=single, guard=guard))


def _apply_ruled(engine: Engine, runtime: Runtime, seen: Case, actor: str, change: Change, rule: ActorRule) -> Case:
    """One statement that stores the move only if the actor may act and the case is still as seen.
    When it stores nothing, the guard itself says whether the actor was the reason."""
    try:
        return write(
            engine, lambda connection: _store(connection, runtime, seen, actor, change, rule), single_statement=True
        )
    except Refused as refused:
        if refused.code == "case_changed":
            read(engine, rule)  # raises the actor's refusal if that is why
        raise
