"""Correcting a case (title, description, reporter, scope; each with a reason, the old value kept
in the history line) and recording a caller who is not a contact yet.

An edit is a move like the others (`store.moves`): a compare-and-set on the version the user saw,
with the actor checked in the same write. A caller added by an agent is a contact with the role
*other*: the cases they report wait for the USR's verification, as the policy says.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from jq_console.application.access import AGENT_ROLES, ActorCheck
from jq_console.application.cases import Target
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case, Change, Refused
from jq_console.domain.corrections import Reporter, correct_reporter, correct_scope, correct_text
from jq_console.store import callers, moves
from jq_console.store.cases import get_case


def _case(engine: Engine, target: Target) -> Case:
    if isinstance(target, Case):
        return target
    case = get_case(engine, target)
    if case is None:
        raise Refused("case_not_found", code=target)
    return case


def _apply(engine: Engine, runtime: Runtime, login: str, target: Target, decide: Callable[[Case], Change]) -> Case:
    guard = ActorCheck(login, AGENT_ROLES)
    if isinstance(target, Case):
        return moves.apply_seen(engine, runtime, target, login, decide, None, guard)
    return moves.apply(engine, runtime, target, login, decide, None, guard)


def edit_text(
    engine: Engine, runtime: Runtime, login: str, target: Target, field: str, value: str, reason: str
) -> Case:
    """A new title or description."""
    limits = runtime.policy.limits
    limit = limits.title if field == "title" else limits.description
    return _apply(
        engine, runtime, login, target, lambda case: correct_text(case, field, value, reason, limit, limits.note)
    )


def edit_scope(engine: Engine, runtime: Runtime, login: str, target: Target, scope: str, reason: str) -> Case:
    note = runtime.policy.limits.note
    return _apply(engine, runtime, login, target, lambda case: correct_scope(case, scope, reason, note))


def edit_reporter(engine: Engine, runtime: Runtime, login: str, target: Target, who: str | int, reason: str) -> Case:
    """Another contact of the case's client (named by e-mail, phone or name) reported it; the
    reporting rules are applied again to them. A number is the contact's id (the screens)."""
    case = _case(engine, target)
    found = callers.find_contacts(engine, case.client_id, who)
    if not found:
        raise Refused("edit.no_such_contact", who=who, client=case.client_name)
    if len(found) > 1:
        raise Refused("edit.several_contacts", who=who, names=", ".join(c.name for c in found))
    contact = found[0]
    reporter = Reporter(contact.id, contact.client_id, contact.name, contact.role)
    note = runtime.policy.limits.note
    return _apply(engine, runtime, login, target, lambda seen: correct_reporter(seen, reporter, reason, note))


def add_caller(
    engine: Engine, runtime: Runtime, login: str, client_id: int, name: str, phone: str, email: str
) -> callers.Caller:
    """Someone not yet among the client's contacts: recorded with the role *other* (pending USR
    verification for what they report). Any agent may; reachable by phone or e-mail."""
    return callers.add_caller(
        engine, runtime.policy.limits.name, client_id, name, phone, email, guard=ActorCheck(login)
    )


def contacts(engine: Engine, client_id: int) -> list[callers.Caller]:
    """The client's contacts, for choosing a reporter."""
    return callers.contacts_of(engine, client_id)
