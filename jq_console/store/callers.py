"""Finding one of a client's contacts by what an agent knows of them (an e-mail, a phone, a name),
and recording a caller who is not a contact yet (role *other*: pending USR verification)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Refused
from jq_console.domain.parsing import normalize_email, normalize_phone
from jq_console.domain.search import fold
from jq_console.domain.text import entered
from jq_console.store.engine import Guard, inserted_id, read, write
from jq_console.store.tables import Client, Contact


@dataclass(frozen=True)
class Caller:
    id: int
    client_id: int
    name: str
    role: str
    phone: str
    email: str


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def contacts_of(engine: Engine, client_id: int) -> list[Caller]:
    # Every column, in the table's order: the fields of Caller.
    statement = select(Contact).where(Contact.c.client_id == client_id).order_by(Contact.c.id)
    return read(engine, lambda c: [Caller(*row) for row in c.execute(statement)])


def find_contacts(engine: Engine, client_id: int, who: str | int) -> list[Caller]:
    """The client's contacts whose id is `who` (a number), or whose e-mail is `who`, or whose phone
    has its digits, or whose name is `who` (accents and case aside). Several when the name is shared."""
    everyone = contacts_of(engine, client_id)
    if isinstance(who, int):
        return [c for c in everyone if c.id == who]
    wanted = who.strip()
    by_email = [c for c in everyone if c.email and c.email.lower() == wanted.lower()]
    digits = _digits(wanted)
    by_phone = [c for c in everyone if len(digits) >= 7 and _digits(c.phone).endswith(digits)]
    by_name = [c for c in everyone if fold(c.name) == fold(wanted)]
    return by_email or by_phone or by_name


def add_caller(
    engine: Engine, name_limit: int, client_id: int, name: str, phone: str, email: str, guard: Guard | None = None
) -> Caller:
    """A new contact with the role *other*, reachable by phone or e-mail (both checked)."""
    clean_name = entered(name, "name", name_limit)
    clean_phone = normalize_phone(phone) if phone.strip() else ""
    clean_email = normalize_email(email) if email.strip() else ""
    if not clean_phone and not clean_email:
        raise Refused("admin.contact_reachable")

    def work(connection: Connection) -> Caller:
        if connection.execute(select(Client.c.id).where(Client.c.id == client_id)).first() is None:
            raise Refused("caller.no_client")
        values = {
            "client_id": client_id,
            "name": clean_name,
            "role": "other",
            "phone": clean_phone,
            "email": clean_email,
        }
        contact_id = inserted_id(connection.execute(Contact.insert().values(**values)))
        return Caller(contact_id, client_id, clean_name, "other", clean_phone, clean_email)

    return write(engine, work, guard=guard)
