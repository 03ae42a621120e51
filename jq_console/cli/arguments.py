"""Every command-line value checked once, before any command runs: text is data, numbers are bounded.

Texts that become stored data (names, notes, quote lines) go through `domain.text.entered`: plain,
trimmed, refused with one sentence when blank or over the policy's `[limits]`. Every other word
(case codes, NITs, dates, choices) loses its control characters; a case code is read as the
console's go-to reads it (`2026-42` is JQ-2026-00042, `domain.finding.full_code`); a file path is
taken as typed or refused, never changed (a backup named with an escape sequence made a file whose
name the terminal did not show, and one named "   " a file of spaces): it may not be blank or hold
a control character, and the command that opens it reports any other fault. Integers are bounded,
so a value that no column can hold is one sentence and not an OverflowError from the database driver.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from jq_console.cli.context import Context
from jq_console.domain.billing import FIRST_YEAR, LAST_YEAR
from jq_console.domain.finding import full_code
from jq_console.domain.parsing import InputError
from jq_console.domain.policy import Limits
from jq_console.domain.text import TextRefused, entered, plain


@dataclass(frozen=True)
class TextArgument:
    what: str  # the catalogue's what.* label
    limit: str  # the attribute of `Limits`
    multiline: bool = False
    required: bool = True
    exact: bool = False  # refused, not cleaned, when it holds a control character (a login names a person)


# Destinations (argparse `dest`) whose value is stored as text.
STORED_TEXTS: dict[str, TextArgument] = {
    "name": TextArgument("name", "name"),  # agent, client, contact, partner, release
    "login": TextArgument("login", "name", exact=True),
    "agent": TextArgument("login", "name", exact=True),  # report --agent
    "specialty": TextArgument("specialty", "name", required=False),
    "feature": TextArgument("feature", "name", required=False),
    "note": TextArgument("note", "note", multiline=True, required=False),
    "line": TextArgument("quote_line", "title"),
}
PATHS = frozenset({"db", "policy", "source", "path", "csv", "out", "batch", "pdf"})
CASE_CODE = "code"  # every command's `code` names a case (a study's or a quote's too)

BIGINT = 2**63 - 1  # the largest integer both engines store
# The largest value of an Integer column on PostgreSQL (SQLite's hold more): the ids, policy
# versions and breach occurrences an option names are stored in such columns.
INTEGER_COLUMN = 2**31 - 1
# The finder's last page: at 50 cases a page, 50 million cases, more than an office ever records;
# a page past it is a typo, and its offset would overflow the database's integers.
LAST_PAGE = 1_000_000
# (lowest, highest) for each integer destination; the catalogue's `option.<dest>` names it.
INTEGERS: dict[str, tuple[int, int]] = {
    "year": (FIRST_YEAR, LAST_YEAR),
    "hourly": (1, 1_000_000_000),
    "uc": (1, 1_000_000),
    "level": (1, 4),
    "corrects": (1, INTEGER_COLUMN),  # a time entry's id
    "cases": (0, 1_000_000),
    "seed": (0, BIGINT),
    "page": (1, LAST_PAGE),
    "id": (1, INTEGER_COLUMN),  # a mail message's id
    "number": (1, INTEGER_COLUMN),  # a policy version
    "first": (1, INTEGER_COLUMN),
    "second": (1, INTEGER_COLUMN),
    "occurrence": (1, INTEGER_COLUMN),  # which breach of a deadline
}


def _integer(dest: str, value: int) -> None:
    low, high = INTEGERS.get(dest, (-BIGINT, BIGINT))
    if not low <= value <= high:
        raise InputError("arg.range", option=dest, low=low, high=high)


def _text(dest: str, value: str, limits: Limits | None) -> str:
    if dest in PATHS:
        if not value.strip():
            raise TextRefused("text.blank", what="path")
        if plain(value) != value:
            raise TextRefused("text.control", what="path")
        return value
    if dest == CASE_CODE:
        return full_code(plain(value))
    rule = STORED_TEXTS.get(dest)
    if rule is None or limits is None:
        return plain(value)
    if rule.exact and plain(value) != value:
        raise TextRefused("text.control", what=rule.what)
    return entered(value, rule.what, getattr(limits, rule.limit), multiline=rule.multiline, required=rule.required)


def _clean(dest: str, value: Any, limits: Limits | None) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        _integer(dest, value)
        return value
    if isinstance(value, str):
        return _text(dest, value, limits)
    if isinstance(value, list):
        return [_clean(dest, item, limits) for item in value]
    return value


def check_arguments(context: Context) -> None:
    """Clean `context.args` in place, or raise `InputError` or `TextRefused` (bad input: exit 2) with the
    sentence for the first bad value.
    The policy file (for the text limits) is read only when a stored text was given."""
    args: argparse.Namespace = context.args
    needs_limits = any(getattr(args, dest, None) not in (None, "", []) for dest in STORED_TEXTS)
    limits = context.runtime.policy.limits if needs_limits else None
    for dest, value in vars(args).items():
        if callable(value):
            continue  # the handler
        setattr(args, dest, _clean(dest, value, limits))
