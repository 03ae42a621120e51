"""Administration of clients and their contacts (registered by `cli.admin`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from jq_console.cli.context import CommandError, Context
from jq_console.cli.marks import reads_only
from jq_console.domain.nit import normalize_nit
from jq_console.domain.parsing import normalize_email, normalize_phone
from jq_console.domain.policy import LEVELS
from jq_console.domain.text import plain
from jq_console.i18n import label, t


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    _clients(
        subparsers.add_parser("client", help=t("help.client")).add_subparsers(
            dest="action", metavar=t("help.metavar.action"), required=True
        ),
        common,
    )
    contact = subparsers.add_parser("contact", help=t("help.contact")).add_subparsers(
        dest="action", metavar=t("help.metavar.action"), required=True
    )
    add = contact.add_parser("add", parents=[common], help=t("help.contact.add"))
    add.add_argument("--nit", required=True, help=t("help.contact.add.nit"))
    add.add_argument("--name", required=True, help=t("help.full_name"))
    add.add_argument(
        "--role", required=True, choices=("usr", "manager", "admin", "other"), help=t("help.contact.add.role")
    )
    add.add_argument("--phone", default="", help=t("help.contact.add.phone"))
    add.add_argument("--email", default="", help=t("help.contact.add.email"))
    add.set_defaults(handler=contact_add)


def _clients(actions: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    add = actions.add_parser("add", parents=[common], help=t("help.client.add"))
    add.add_argument("--nit", required=True, help=t("help.client.add.nit"))
    add.add_argument("--name", required=True)
    add.add_argument("--service", required=True, choices=("subscription", "contractual"))
    add.add_argument("--level", type=int, choices=LEVELS, help=t("help.client.add.level"))
    add.add_argument("--uc", type=int, default=1, help=t("help.client.add.uc"))
    add.add_argument("--behind", action="store_true", help=t("help.client.add.behind"))
    add.set_defaults(handler=client_add)
    edit = actions.add_parser("edit", parents=[common], help=t("help.client.edit"))
    edit.add_argument("nit")
    edit.add_argument("--name")
    edit.add_argument("--service", choices=("subscription", "contractual"))
    edit.add_argument("--level", type=int, choices=LEVELS)
    edit.add_argument("--uc", type=int)
    edit.add_argument("--up-to-date", choices=("yes", "no"), help=t("help.client.edit.up_to_date"))
    edit.set_defaults(handler=client_edit)
    listing = actions.add_parser("list", parents=[common], help=t("help.client.list"))
    listing.add_argument("--json", action="store_true", help=t("help.json"))
    listing.set_defaults(handler=client_list)


def _level(service: str, level: int | None) -> int | None:
    if service == "subscription" and level is None:
        raise CommandError(t("admin.level_required"))
    if service == "contractual" and level is not None:
        raise CommandError(t("admin.level_contractual"))
    return level


def client_add(context: Context) -> int:
    from jq_console.application import admin
    from jq_console.application.identity import current_login

    args = context.args
    nit = normalize_nit(args.nit)
    if args.uc < 1:
        raise CommandError(t("admin.uc_positive"))
    admin.add_client(
        context.engine(),
        current_login(context.engine()),
        nit,
        args.name.strip(),
        args.service,
        _level(args.service, args.level),
        args.uc,
        not args.behind,
    )
    print(t("admin.client_added", nit=nit, name=args.name.strip()))
    return 0


def client_edit(context: Context) -> int:
    from jq_console.application import admin
    from jq_console.application.access import ADMIN, require_agent
    from jq_console.store import directory

    args = context.args
    nit = normalize_nit(args.nit)
    login = require_agent(context.engine(), ADMIN).login  # before telling whether the client exists
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
    admin.edit_client(context.engine(), login, nit, **values)
    print(t("admin.client_updated", nit=nit))
    return 0


@reads_only
def client_list(context: Context) -> int:
    from jq_console.application.access import require_agent
    from jq_console.presentation.columns import fit, left
    from jq_console.store import directory

    engine = context.engine(readonly=True)
    require_agent(engine)
    rows = [
        {"nit": c.nit, "name": c.name, "service": c.service, "level": c.level, "uc": c.uc, "up_to_date": c.up_to_date}
        for c in directory.clients(engine)
    ]
    if context.args.json:
        return print_json(rows)
    for row in rows:
        service = label("service", row["service"]) + (f" N{row['level']}" if row["level"] else "")
        debt = "" if row["up_to_date"] else t("admin.behind")
        print(f"{row['nit']:<13} {fit(plain(str(row['name'])), 36)} {left(service, 16)} UC {row['uc']:<4} {debt}")
    return 0


def contact_add(context: Context) -> int:
    from jq_console.application import admin
    from jq_console.application.identity import current_login

    args = context.args
    nit = normalize_nit(args.nit)
    email = normalize_email(args.email) if args.email.strip() else ""
    phone = normalize_phone(args.phone) if args.phone.strip() else ""
    client = admin.add_contact(
        context.engine(), current_login(context.engine()), nit, args.name.strip(), args.role, phone, email
    )
    print(t("admin.contact_added", name=args.name.strip(), role=label("role", args.role), client=client.name))
    return 0


def print_json(rows: list[dict[str, Any]]) -> int:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0
