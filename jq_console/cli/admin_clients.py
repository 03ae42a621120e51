"""Administration of clients and their contacts (registered by `cli.admin`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..access import ADMIN, require_agent
from ..domain.nit import normalize_nit
from ..domain.parsing import normalize_email, normalize_phone
from ..domain.policy import LEVELS
from ..i18n import label, t
from ..store import directory
from .context import CommandError, Context


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]",
             common: argparse.ArgumentParser) -> None:
    _clients(subparsers.add_parser("client", help="clientes: add, edit, list").add_subparsers(
        dest="action", metavar="ACCIÓN", required=True), common)
    contact = subparsers.add_parser("contact", help="contactos de un cliente: add").add_subparsers(
        dest="action", metavar="ACCIÓN", required=True)
    add = contact.add_parser("add", parents=[common], help="registra un contacto de un cliente")
    add.add_argument("--nit", required=True, help="NIT del cliente, p. ej. 900123456-8")
    add.add_argument("--name", required=True, help="nombre completo")
    add.add_argument("--role", required=True, choices=("usr", "manager", "admin", "other"),
                     help="usr (USR), manager (gerente), admin (administrador) u other")
    add.add_argument("--phone", default="", help="teléfono de 10 dígitos")
    add.add_argument("--email", default="", help="correo electrónico")
    add.set_defaults(handler=contact_add)


def _clients(actions: "argparse._SubParsersAction[argparse.ArgumentParser]", common: argparse.ArgumentParser) -> None:
    add = actions.add_parser("add", parents=[common], help="registra un cliente")
    add.add_argument("--nit", required=True, help="NIT con dígito de verificación, p. ej. 900123456-8")
    add.add_argument("--name", required=True)
    add.add_argument("--service", required=True, choices=("subscription", "contractual"))
    add.add_argument("--level", type=int, choices=LEVELS, help="nivel de la suscripción (1 a 4)")
    add.add_argument("--uc", type=int, default=1, help="usuarios concurrentes licenciados")
    add.add_argument("--behind", action="store_true", help="el cliente no está al día en sus pagos")
    add.set_defaults(handler=client_add)
    edit = actions.add_parser("edit", parents=[common], help="cambia datos de un cliente")
    edit.add_argument("nit")
    edit.add_argument("--name")
    edit.add_argument("--service", choices=("subscription", "contractual"))
    edit.add_argument("--level", type=int, choices=LEVELS)
    edit.add_argument("--uc", type=int)
    edit.add_argument("--up-to-date", choices=("yes", "no"), help="yes: al día en sus pagos; no: en mora")
    edit.set_defaults(handler=client_edit)
    listing = actions.add_parser("list", parents=[common], help="lista los clientes")
    listing.add_argument("--json", action="store_true", help="salida en JSON")
    listing.set_defaults(handler=client_list)


def _admin(context: Context) -> None:
    require_agent(context.engine(), ADMIN)


def _level(service: str, level: int | None) -> int | None:
    if service == "subscription" and level is None:
        raise CommandError(t("admin.level_required"))
    if service == "contractual" and level is not None:
        raise CommandError(t("admin.level_contractual"))
    return level


def client_add(context: Context) -> int:
    _admin(context)
    args = context.args
    nit = normalize_nit(args.nit)
    if args.uc < 1:
        raise CommandError(t("admin.uc_positive"))
    directory.add_client(context.engine(), nit, args.name.strip(), args.service, _level(args.service, args.level),
                         args.uc, not args.behind)
    print(t("admin.client_added", nit=nit, name=args.name.strip()))
    return 0


def client_edit(context: Context) -> int:
    _admin(context)
    args = context.args
    nit = normalize_nit(args.nit)
    current = directory.client_by_nit(context.engine(), nit)
    if current is None:
        raise CommandError(t("admin.no_client", nit=nit))
    values: dict[str, Any] = {}
    if args.name:
        values["name"] = args.name.strip()
    if args.uc is not None:
        if args.uc < 1:
            raise CommandError(t("admin.uc_positive"))
        values["uc"] = args.uc
    if args.up_to_date:
        values["up_to_date"] = args.up_to_date == "yes"
    service = args.service or current.service
    level = args.level if args.level is not None else (current.level if service == "subscription" else None)
    if args.service or args.level is not None:
        values["service"], values["level"] = service, _level(service, level)
    if not values:
        raise CommandError(t("admin.nothing_to_change"))
    directory.update_client(context.engine(), nit, **values)
    print(t("admin.client_updated", nit=nit))
    return 0


def client_list(context: Context) -> int:
    engine = context.engine(readonly=True)
    require_agent(engine)
    rows = [{"nit": c.nit, "name": c.name, "service": c.service, "level": c.level, "uc": c.uc,
             "up_to_date": c.up_to_date} for c in directory.clients(engine)]
    if context.args.json:
        return print_json(rows)
    for row in rows:
        service = label("service", row["service"]) + (f" N{row['level']}" if row["level"] else "")
        debt = "" if row["up_to_date"] else t("admin.behind")
        print(f"{row['nit']:<13} {str(row['name'])[:36]:<36} {service:<16} UC {row['uc']:<4} {debt}")
    return 0


def contact_add(context: Context) -> int:
    _admin(context)
    args = context.args
    engine = context.engine()
    nit = normalize_nit(args.nit)
    client = directory.client_by_nit(engine, nit)
    if client is None:
        raise CommandError(t("admin.no_client", nit=nit))
    email = normalize_email(args.email) if args.email.strip() else ""
    phone = normalize_phone(args.phone) if args.phone.strip() else ""
    if not email and not phone:
        raise CommandError(t("admin.contact_reachable"))
    if args.role == "usr" and any(c.role == "usr" for c in directory.contacts_of(engine, client.id)):
        raise CommandError(t("admin.one_usr", name=client.name))
    directory.add_contact(engine, client.id, args.name.strip(), args.role, phone, email)
    print(t("admin.contact_added", name=args.name.strip(), role=label("role", args.role), client=client.name))
    return 0


def print_json(rows: list[dict[str, Any]]) -> int:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0
