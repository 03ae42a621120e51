"""Administration: agents, clients, contacts, partners and rates.

Listing needs a registered agent; any change needs an administrator. `jq-console init` and
`jq-console demo` make whoever runs them the first administrator.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from jq_console.cli import admin_clients
from jq_console.cli.context import CommandError, Context
from jq_console.cli.marks import reads_only
from jq_console.domain.text import plain
from jq_console.domain.vocabulary import AGENT_ROLES
from jq_console.i18n import label, t


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    _agents(
        subparsers.add_parser("agent", help=t("help.agent")).add_subparsers(
            dest="action", metavar=t("help.metavar.action"), required=True
        ),
        common,
    )
    admin_clients.register(subparsers, common)
    partner = subparsers.add_parser("partner", help=t("help.partner")).add_subparsers(
        dest="action", metavar=t("help.metavar.action"), required=True
    )
    add = partner.add_parser("add", parents=[common], help=t("help.partner.add"))
    add.add_argument("--name", required=True)
    add.add_argument("--specialty", default="", help=t("help.partner.add.specialty"))
    add.add_argument("--phone", default="")
    add.add_argument("--email", default="")
    add.set_defaults(handler=partner_add)
    rate = subparsers.add_parser("rate", help=t("help.rate")).add_subparsers(
        dest="action", metavar=t("help.metavar.action"), required=True
    )
    add = rate.add_parser("set", parents=[common], help=t("help.rate.set"))
    add.add_argument("year", type=int, help=t("help.rate.set.year"))
    add.add_argument("hourly", type=int, help=t("help.rate.set.hourly"))
    add.set_defaults(handler=rate_set)


def _agents(actions: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    add = actions.add_parser("add", parents=[common], help=t("help.agent.add"))
    add.add_argument("login", help=t("help.agent.add.login"))
    add.add_argument("--name", required=True, help=t("help.full_name"))
    add.add_argument("--role", default="agent", choices=("agent", "supervisor", "admin"))
    add.set_defaults(handler=agent_add)
    listing = actions.add_parser("list", parents=[common], help=t("help.agent.list"))
    listing.add_argument("--json", action="store_true", help=t("help.json"))
    listing.set_defaults(handler=agent_list)
    for name, handler, text in (
        ("disable", agent_disable, t("help.agent.disable")),
        ("enable", agent_enable, t("help.agent.enable")),
    ):
        parser = actions.add_parser(name, parents=[common], help=text)
        parser.add_argument("login")
        parser.set_defaults(handler=handler)
    role = actions.add_parser("role", parents=[common], help=t("help.agent.role"))
    role.add_argument("login")
    role.add_argument("role", choices=AGENT_ROLES)
    role.set_defaults(handler=agent_role)


def agent_add(context: Context) -> int:
    from jq_console.application import admin
    from jq_console.application.identity import current_login

    login = context.args.login.strip()
    if not login or any(ch.isspace() for ch in login):
        raise CommandError(t("admin.bad_login", login=login))
    admin.add_agent(
        context.engine(), current_login(context.engine()), login, context.args.name.strip(), context.args.role
    )
    print(t("admin.agent_added", login=login, role=label("agent_role", context.args.role)))
    return 0


@reads_only
def agent_list(context: Context) -> int:
    from jq_console.application.access import require_agent
    from jq_console.domain.presence import effective
    from jq_console.presentation.columns import fit, left
    from jq_console.store import directory

    engine = context.engine(readonly=True)
    require_agent(engine)
    rows = [asdict(info) for info in directory.agents(engine)]
    if context.args.json:
        return admin_clients.print_json(rows)
    now, away_after = context.runtime.now(), context.runtime.policy.away_after_minutes
    for row in rows:
        # As the consoles show it: someone not seen for a while is away, whatever they chose.
        shown = effective(row["availability"], row["last_seen"], now, away_after)
        state = label("availability", shown) if row["active"] else t("admin.disabled")
        role = label("agent_role", row["role"])
        print(f"{left(plain(row['login']), 14)} {fit(plain(row['name']), 30)} {left(role, 14)} {state}")
    return 0


def _set_active(context: Context, active: bool) -> int:
    from jq_console.application import admin
    from jq_console.application.identity import current_login

    login = context.args.login.strip()
    admin.set_agent_active(context.engine(), current_login(context.engine()), login, active)
    print(t("admin.agent_enabled" if active else "admin.agent_disabled", login=login))
    return 0


def agent_disable(context: Context) -> int:
    return _set_active(context, False)


def agent_enable(context: Context) -> int:
    return _set_active(context, True)


def agent_role(context: Context) -> int:
    from jq_console.application import admin
    from jq_console.application.identity import current_login

    login = context.args.login.strip()
    admin.set_agent_role(context.engine(), current_login(context.engine()), login, context.args.role)
    print(t("admin.role_set", login=login, role=label("agent_role", context.args.role)))
    return 0


def partner_add(context: Context) -> int:
    from jq_console.application import admin
    from jq_console.application.identity import current_login
    from jq_console.domain.parsing import normalize_email, normalize_phone

    args = context.args
    email = normalize_email(args.email) if args.email.strip() else ""
    phone = normalize_phone(args.phone) if args.phone.strip() else ""
    admin.add_partner(
        context.engine(), current_login(context.engine()), args.name.strip(), args.specialty.strip(), phone, email
    )
    print(t("admin.partner_added", name=args.name.strip()))
    return 0


def rate_set(context: Context) -> int:
    from jq_console.application import admin
    from jq_console.application.identity import current_login

    args = context.args
    admin.set_rate(context.engine(), current_login(context.engine()), args.year, args.hourly)
    print(t("admin.rate_set", year=args.year, amount=f"{args.hourly:,}".replace(",", ".")))
    return 0
