"""The message catalogue, one module per area of the product, merged here.

Each module defines `ES` and `EN` dicts of dotted keys to `str.format` templates. A key must be
defined in one module only (a test checks it) and in both languages.
"""

from __future__ import annotations

from importlib import import_module

from jq_console.i18n.catalog.core import DAY_NAMES, MONTH_NAMES

AREAS = (
    "core",
    "ui",
    "office",
    "billing",
    "ops",
    "errors",
    "policy",
    "cli_help",
    "config",
    "files",
    "text",
    "security",
    "reports",
    "policy_record",
    "board",
    "bounds",
    "conversation",
    "mail",
    "breaches",
    "live",
    "report_mail",
    "keymap",
    "leftovers",
)


def _merge() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {"es": {}, "en": {}}
    for area in AREAS:
        module = import_module(f"{__name__}.{area}")
        catalog["es"].update(module.ES)
        catalog["en"].update(module.EN)
    return catalog


CATALOG = _merge()
__all__ = ["AREAS", "CATALOG", "DAY_NAMES", "MONTH_NAMES"]
