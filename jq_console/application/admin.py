"""Administration: agents (add, disable, enable, change role), clients, contacts, partners and
rates. Every change needs an active administrator, checked inside the write that makes it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from jq_console.application.access import ADMIN, AGENT_ROLES, ActorCheck, require_agent
from jq_console.domain.cases import Refused
from jq_console.store import directory


def _admin(login: str) -> ActorCheck:
    return ActorCheck(login, ADMIN)


def add_agent(engine: Engine, login: str, new_login: str, name: str, role: str) -> int:
    if role not in AGENT_ROLES:
        raise Refused("admin.bad_role", role=role)
    return directory.add_agent(engine, new_login, name, role, guard=_admin(login))


def set_agent_active(engine: Engine, login: str, target: str, active: bool) -> None:
    """Enable or disable `target`; an administrator cannot disable themselves (the office would be
    left without anyone who may undo it)."""
    if not active and target == login:
        raise Refused("admin.not_yourself")
    directory.set_agent(engine, target, active=active, guard=_admin(login))


def set_agent_role(engine: Engine, login: str, target: str, role: str) -> None:
    """Give `target` another role; as with disabling, never one's own."""
    if role not in AGENT_ROLES:
        raise Refused("admin.bad_role", role=role)
    if target == login:
        raise Refused("admin.not_yourself_role")
    directory.set_agent(engine, target, role=role, guard=_admin(login))


def add_client(
    engine: Engine,
    login: str,
    nit: str,
    name: str,
    service: str,
    level: int | None,
    uc: int = 1,
    up_to_date: bool = True,
) -> int:
    return directory.add_client(engine, nit, name, service, level, uc, up_to_date, guard=_admin(login))


def edit_client(engine: Engine, login: str, nit: str, **values: Any) -> None:
    directory.update_client(engine, nit, guard=_admin(login), **values)


def add_contact(
    engine: Engine, login: str, nit: str, name: str, role: str, phone: str, email: str
) -> directory.ClientInfo:
    """A contact of the client `nit`, reachable by phone or e-mail; a client has a single USR.
    Returns the client. Who acts is checked before the client is looked up (so a refused login
    learns nothing about the clients), and again inside the write."""
    require_agent(engine, ADMIN, login)
    client = directory.client_by_nit(engine, nit)
    if client is None:
        raise Refused("admin.no_client", nit=nit)
    if not email and not phone:
        raise Refused("admin.contact_reachable")
    if role == "usr" and any(c.role == "usr" for c in directory.contacts_of(engine, client.id)):
        raise Refused("admin.one_usr", name=client.name)
    directory.add_contact(engine, client.id, name, role, phone, email, guard=_admin(login))
    return client


def add_partner(engine: Engine, login: str, name: str, specialty: str, phone: str = "", email: str = "") -> int:
    return directory.add_partner(engine, name, specialty, phone, email, guard=_admin(login))


def set_rate(engine: Engine, login: str, year: int, hourly: int) -> None:
    """The hourly rate billed for `year`'s work."""
    if hourly <= 0 or not 1900 < year < 2200:
        raise Refused("admin.bad_rate")
    directory.set_rate(engine, year, hourly, guard=_admin(login))
