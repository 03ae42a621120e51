"""Operations sub-commands: `upgrade` brings a database's schema to this version."""

from __future__ import annotations

import argparse

from jq_console.cli.context import Context
from jq_console.i18n import t


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    upgrade = subparsers.add_parser("upgrade", parents=[common], help=t("ops.upgrade.help"))
    upgrade.set_defaults(handler=run_upgrade)


def run_upgrade(context: Context) -> int:
    from jq_console.store.schema import upgrade_database

    engine = context.engine(initialized=False)
    done = upgrade_database(engine)
    url = engine.url.render_as_string(hide_password=True)
    key = "ops.upgrade.current" if done.before == done.after else "ops.upgrade.done"
    print(t(key, before=done.before, after=done.after, url=url))
    if done.restored:
        print(t("ops.upgrade.restored", names=", ".join(done.restored)))
    return 0
