"""`jq-console config show`: the effective settings and where each one came from."""

from __future__ import annotations

import argparse
import json
import os

from jq_console.cli.context import Context
from jq_console.cli.keymap import refuse_bad_keymap
from jq_console.cli.marks import makes_its_own_database, reads_only
from jq_console.config import DEFAULT, KEYS, config_files
from jq_console.domain.text import plain
from jq_console.i18n import t


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("config", parents=[common], help=t("help.config"))
    actions = group.add_subparsers(dest="config_action", metavar=t("help.metavar.command"), required=True)
    show = actions.add_parser("show", parents=[common], help=t("help.config.show"))
    show.add_argument("--json", action="store_true", help=t("help.json"))
    show.set_defaults(handler=run_show)


@reads_only
@makes_its_own_database
def run_show(context: Context) -> int:
    settings = context.settings
    refuse_bad_keymap(settings)  # as the console and the dashboard would refuse it
    if context.args.json:
        document = {
            "settings": {
                key.name: {"value": settings.get(key.name), "source": settings.source(key.name)} for key in KEYS
            },
            "keymap": {
                binding: {"keys": keys, "source": settings.keymap_sources[binding]}
                for binding, keys in sorted(settings.keymap.items())
            },
            "files_read": [str(path) for path in settings.files_read],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    print(t("config.show.title"))
    width = max(len(key.name) for key in KEYS)
    for key in KEYS:
        value = settings.get(key.name)
        shown = t("config.show.unset") if value is None else plain(str(value))
        source = settings.source(key.name)
        print(f"  {key.name:<{width}}  {shown}  ({t('config.source.default') if source == DEFAULT else plain(source)})")
    if settings.keymap:
        print(t("config.keymap"))
        for binding, keys in sorted(settings.keymap.items()):
            print(f"  {plain(binding):<{width}}  {plain(keys)}  ({plain(settings.keymap_sources[binding])})")
    if settings.files_read:
        print(t("config.show.files", files=", ".join(plain(str(path)) for path in settings.files_read)))
    else:
        print(t("config.show.no_files", files=", ".join(str(path) for path in config_files(os.environ))))
    return 0
