"""Clients, contacts, agents, partners and rates: the registries the cases point at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Engine, Table, bindparam, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from jq_console.domain.text import plain
from jq_console.domain.vocabulary import AgentRole, ContactRole
from jq_console.store.engine import Guard, inserted_id, read, write
from jq_console.store.errors import StoreError
from jq_console.store.tables import Agent, Client, Contact, Partner, Rate


@dataclass(frozen=True)
class ClientInfo:
    id: int
    nit: str
    name: str
    service: str
    level: int | None
    uc: int
    up_to_date: bool


@dataclass(frozen=True)
class ContactInfo:
    id: int
    client_id: int
    name: str
    role: ContactRole
    phone: str
    email: str


@dataclass(frozen=True)
class AgentInfo:
    login: str
    name: str
    role: AgentRole
    active: bool
    availability: str
    last_seen: float | None


@dataclass(frozen=True)
class PartnerInfo:
    id: int
    name: str
    specialty: str
    phone: str
    email: str


# Plain column lists (not per-column types): a row unpacks into its info dataclass, and the ids the
# tables type as optional (unset before insert) are never None when read back.
_CLIENT: tuple[Column[Any], ...] = (
    Client.c.id,
    Client.c.nit,
    Client.c.name,
    Client.c.service,
    Client.c.level,
    Client.c.uc,
    Client.c.up_to_date,
)
_AGENT: tuple[Column[Any], ...] = (
    Agent.c.login,
    Agent.c.name,
    Agent.c.role,
    Agent.c.active,
    Agent.c.availability,
    Agent.c.last_seen,
)
_PARTNER: tuple[Column[Any], ...] = (
    Partner.c.id,
    Partner.c.name,
    Partner.c.specialty,
    Partner.c.phone,
    Partner.c.email,
)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Every text of a person, company or partner on one line of plain characters (text is data:
    the commands and screens check it too; this is the last place before the database)."""
    return {key: plain(value).strip() if isinstance(value, str) else value for key, value in values.items()}


def _insert(engine: Engine, table: Table, values: dict[str, Any], duplicate: StoreError, guard: Guard | None) -> int:
    values = _plain(values)

    def work(connection: Connection) -> int:
        try:
            return inserted_id(connection.execute(table.insert().values(**values)))
        except IntegrityError:
            raise duplicate from None

    return write(engine, work, guard=guard)


def add_client(
    engine: Engine,
    nit: str,
    name: str,
    service: str,
    level: int | None,
    uc: int = 1,
    up_to_date: bool = True,
    guard: Guard | None = None,
) -> int:
    return _insert(
        engine,
        Client,
        {"nit": nit, "name": name, "service": service, "level": level, "uc": uc, "up_to_date": up_to_date},
        StoreError("err.directory.client_exists", nit=nit),
        guard,
    )


def update_client(engine: Engine, nit: str, *, guard: Guard | None = None, **values: Any) -> None:
    values = _plain(values)

    # The newest revision of all clients plus one: the live views read again the cases of the
    # clients edited since they last looked (`clients_revised_since`). Two edits at once on
    # PostgreSQL: SERIALIZABLE retries one of them, so no two edits share a revision.
    revision = select(func.coalesce(func.max(Client.c.revision), 0) + 1).scalar_subquery()

    def work(connection: Connection) -> None:
        edit = update(Client).where(Client.c.nit == nit).values(**values, revision=revision)
        if connection.execute(edit).rowcount != 1:
            raise StoreError("err.directory.no_client", nit=nit)

    write(engine, work, guard=guard)


# Asked by the dashboard at each look that found a client edited: built once, the revision bound.
_REVISED = select(Client.c.id).where(Client.c.revision > bindparam("revision"))


def clients_revised_since(connection: Connection, revision: int) -> list[int]:
    """The ids of the clients edited after `revision`."""
    return [int(client_id) for client_id in connection.execute(_REVISED, {"revision": revision}).scalars()]


def clients(engine: Engine) -> list[ClientInfo]:
    statement = select(*_CLIENT).order_by(Client.c.name)
    return read(engine, lambda c: [ClientInfo(*row) for row in c.execute(statement)])


def client_by_nit(engine: Engine, nit: str) -> ClientInfo | None:
    row = read(engine, lambda c: c.execute(select(*_CLIENT).where(Client.c.nit == nit)).first())
    return ClientInfo(*row) if row else None


def add_contact(
    engine: Engine,
    client_id: int,
    name: str,
    role: str,
    phone: str = "",
    email: str = "",
    guard: Guard | None = None,
) -> int:
    return _insert(
        engine,
        Contact,
        {"client_id": client_id, "name": name, "role": role, "phone": phone, "email": email},
        StoreError("err.directory.contact_exists"),
        guard,
    )


def contacts_of(engine: Engine, client_id: int) -> list[ContactInfo]:
    # Every column, in the table's order: the fields of ContactInfo.
    statement = select(Contact).where(Contact.c.client_id == client_id).order_by(Contact.c.role, Contact.c.name)
    return read(engine, lambda c: [ContactInfo(*row) for row in c.execute(statement)])


def add_agent(engine: Engine, login: str, name: str, role: str, guard: Guard | None = None) -> int:
    return _insert(
        engine,
        Agent,
        {"login": login, "name": name, "role": role},
        StoreError("err.directory.agent_exists", login=login),
        guard,
    )


def agent(engine: Engine, login: str) -> AgentInfo | None:
    return read(engine, lambda c: actor_on(c, login))


def actor_on(connection: Connection, login: str) -> AgentInfo | None:
    """The agent `login` as the caller's transaction sees it (the application checks who acts with it)."""
    row = connection.execute(select(*_AGENT).where(Agent.c.login == login)).first()
    return AgentInfo(*row) if row else None


_AGENTS = select(*_AGENT).order_by(Agent.c.login)  # read by every console's agents panel: built once


def agent_infos(connection: Connection) -> list[AgentInfo]:
    """Every agent, by login, read inside the caller's transaction (e.g. one snapshot with its cases)."""
    return [AgentInfo(*row) for row in connection.execute(_AGENTS)]


def agents(engine: Engine) -> list[AgentInfo]:
    return read(engine, agent_infos)


def set_agent(engine: Engine, login: str, *, guard: Guard | None = None, **values: Any) -> None:
    def work(connection: Connection) -> None:
        if connection.execute(update(Agent).where(Agent.c.login == login).values(**values)).rowcount != 1:
            raise StoreError("err.directory.no_agent", login=login)

    write(engine, work, guard=guard)


def add_partner(
    engine: Engine, name: str, specialty: str, phone: str = "", email: str = "", guard: Guard | None = None
) -> int:
    return _insert(
        engine,
        Partner,
        {"name": name, "specialty": specialty, "phone": phone, "email": email},
        StoreError("err.directory.partner_exists", name=name),
        guard,
    )


def partners(engine: Engine) -> list[PartnerInfo]:
    statement = select(*_PARTNER).order_by(Partner.c.name)
    return read(engine, lambda c: [PartnerInfo(*row) for row in c.execute(statement)])


def rates_on(connection: Connection) -> dict[int, int]:
    """The hourly rate of each year set in the database (the policy file's are the fallback)."""
    return {int(row.year): int(row.hourly) for row in connection.execute(select(Rate.c.year, Rate.c.hourly))}


def rates(engine: Engine) -> dict[int, int]:
    return read(engine, rates_on)


def set_rate(engine: Engine, year: int, hourly: int, guard: Guard | None = None) -> None:
    def work(connection: Connection) -> None:
        if connection.execute(update(Rate).where(Rate.c.year == year).values(hourly=hourly)).rowcount == 0:
            connection.execute(Rate.insert().values(year=year, hourly=hourly))

    write(engine, work, guard=guard)


def ensure_admin(engine: Engine, login: str) -> bool:
    """Make `login` the first administrator while the database has none; True if it did."""

    def work(connection: Connection) -> bool:
        admin = select(Agent.c.id).where(Agent.c.role == "admin", Agent.c.active.is_(True))
        if connection.execute(admin).first():
            return False
        promote = update(Agent).where(Agent.c.login == login).values(role="admin", active=True)
        if connection.execute(promote).rowcount:
            return True
        connection.execute(Agent.insert().values(login=login, name=login, role="admin"))
        return True

    return write(engine, work)
