"""Clients, contacts, agents, partners and rates: the registries the cases point at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from .engine import StoreError, read, write
from .tables import Agent, Client, Contact, Partner, Rate


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
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class AgentInfo:
    login: str
    name: str
    role: str
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


_CLIENT = (Client.id, Client.nit, Client.name, Client.service, Client.level, Client.uc, Client.up_to_date)
_CONTACT = (Contact.id, Contact.client_id, Contact.name, Contact.role, Contact.phone, Contact.email)
_AGENT = (Agent.login, Agent.name, Agent.role, Agent.active, Agent.availability, Agent.last_seen)
_PARTNER = (Partner.id, Partner.name, Partner.specialty, Partner.phone, Partner.email)


def _insert(engine: Engine, table: Any, values: dict[str, Any], duplicate: StoreError) -> int:
    def work(connection: Connection) -> int:
        try:
            return int(connection.execute(table.__table__.insert().values(**values)).inserted_primary_key[0])
        except IntegrityError:
            raise duplicate from None
    return write(engine, work)


def add_client(engine: Engine, nit: str, name: str, service: str, level: int | None, uc: int = 1,
               up_to_date: bool = True) -> int:
    return _insert(engine, Client, {"nit": nit, "name": name, "service": service, "level": level, "uc": uc,
                                    "up_to_date": up_to_date}, StoreError("err.directory.client_exists", nit=nit))


def update_client(engine: Engine, nit: str, **values: Any) -> None:
    def work(connection: Connection) -> None:
        if connection.execute(update(Client).where(Client.nit == nit).values(**values)).rowcount != 1:
            raise StoreError("err.directory.no_client", nit=nit)
    write(engine, work)


def clients(engine: Engine) -> list[ClientInfo]:
    statement = select(*_CLIENT).order_by(Client.name)
    return read(engine, lambda c: [ClientInfo(*row) for row in c.execute(statement)])


def client_by_nit(engine: Engine, nit: str) -> ClientInfo | None:
    row = read(engine, lambda c: c.execute(select(*_CLIENT).where(Client.nit == nit)).first())
    return ClientInfo(*row) if row else None


def add_contact(engine: Engine, client_id: int, name: str, role: str, phone: str = "", email: str = "") -> int:
    return _insert(engine, Contact, {"client_id": client_id, "name": name, "role": role, "phone": phone,
                                     "email": email}, StoreError("err.directory.contact_exists"))


def contacts_of(engine: Engine, client_id: int) -> list[ContactInfo]:
    statement = select(*_CONTACT).where(Contact.client_id == client_id).order_by(Contact.role, Contact.name)
    return read(engine, lambda c: [ContactInfo(*row) for row in c.execute(statement)])


def add_agent(engine: Engine, login: str, name: str, role: str) -> int:
    return _insert(engine, Agent, {"login": login, "name": name, "role": role},
                   StoreError("err.directory.agent_exists", login=login))


def agent(engine: Engine, login: str) -> AgentInfo | None:
    row = read(engine, lambda c: c.execute(select(*_AGENT).where(Agent.login == login)).first())
    return AgentInfo(*row) if row else None


def agents(engine: Engine) -> list[AgentInfo]:
    return read(engine, lambda c: [AgentInfo(*row) for row in c.execute(select(*_AGENT).order_by(Agent.login))])


def set_agent(engine: Engine, login: str, **values: Any) -> None:
    def work(connection: Connection) -> None:
        if connection.execute(update(Agent).where(Agent.login == login).values(**values)).rowcount != 1:
            raise StoreError("err.directory.no_agent", login=login)
    write(engine, work)


def add_partner(engine: Engine, name: str, specialty: str, phone: str = "", email: str = "") -> int:
    return _insert(engine, Partner, {"name": name, "specialty": specialty, "phone": phone, "email": email},
                   StoreError("err.directory.partner_exists", name=name))


def partners(engine: Engine) -> list[PartnerInfo]:
    return read(engine, lambda c: [PartnerInfo(*row) for row in c.execute(select(*_PARTNER).order_by(Partner.name))])


def rates(engine: Engine) -> dict[int, int]:
    return read(engine, lambda c: {row.year: row.hourly for row in c.execute(select(Rate.year, Rate.hourly))})


def set_rate(engine: Engine, year: int, hourly: int) -> None:
    def work(connection: Connection) -> None:
        if connection.execute(update(Rate).where(Rate.year == year).values(hourly=hourly)).rowcount == 0:
            connection.execute(Rate.__table__.insert().values(year=year, hourly=hourly))
    write(engine, work)


def ensure_admin(engine: Engine, login: str) -> bool:
    """Make `login` the first administrator while the database has none; True if it did."""
    def work(connection: Connection) -> bool:
        if connection.execute(select(Agent.id).where(Agent.role == "admin", Agent.active.is_(True))).first():
            return False
        if connection.execute(update(Agent).where(Agent.login == login).values(role="admin", active=True)).rowcount:
            return True
        connection.execute(Agent.__table__.insert().values(login=login, name=login, role="admin"))
        return True
    return write(engine, work)
