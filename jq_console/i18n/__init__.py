"""Interface language: Spanish by default, English with `--lang en`.

One catalogue per language, keyed by message code. The domain speaks only in codes
(`Finding.code`, `Refused.code`); this module turns them into sentences.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from jq_console.domain.text import plain
from jq_console.i18n.catalog import CATALOG, DAY_NAMES, MONTH_NAMES

_language = "es"


def set_language(language: str) -> None:
    global _language
    if language not in CATALOG:
        raise ValueError(f"idioma desconocido {language!r}: use es o en")
    _language = language


def language() -> str:
    return _language


# `{count|caso|casos}` in a template: the first word when the param `count` is 1, else the second.
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def _plurals(text: str, params: dict[str, Any]) -> str:
    def choose(match: re.Match[str]) -> str:
        value = params.get(match.group(1))
        return match.group(2) if value == 1 else match.group(3)

    return _PLURAL.sub(choose, text)


class Said(str):
    """A sentence as `t` rendered it, remembering its key and params, so that text made before the
    language was chosen (the key labels in a class's BINDINGS, rendered when the module is imported)
    is told again in the current language where it is shown (`retold`)."""

    key: str
    params: dict[str, Any]


def t(key: str, /, **params: Any) -> str:
    """The sentence for `key` in the current language; an unknown key shows itself, never crashes.
    A param may be an error itself (the problem inside a bad policy file, the reason a form field
    was refused): it is told in the same language. Plural words are chosen by `{param|one|other}`."""
    said = Said(_filled(_plurals(CATALOG[_language].get(key) or CATALOG["es"].get(key) or key, params), params))
    said.key, said.params = key, params
    return said


def _filled(text: str, params: dict[str, Any]) -> str:
    try:
        return text.format(
            **{name: error_text(value) if isinstance(value, BaseException) else value for name, value in params.items()}
        )
    except (KeyError, IndexError, ValueError):  # a template whose braces the params do not fill: shown as written
        return text


def retold(text: str) -> str:
    """`text` in the current language if `t` made it, else `text` itself (typed by someone: data)."""
    return t(text.key, **text.params) if isinstance(text, Said) else text


# Params that carry a code with a display name (a case's status, the field a text was typed in, a
# clock's kind): told by that name, of the label kind given.
_LABELLED_PARAMS = {"status": "status", "category": "category", "what": "what", "option": "option", "clock": "kind"}


def error_text(error: BaseException) -> str:
    """The sentence for an error that names its message with `code` and `params` (a refusal by the
    policy, bad input, a NIT, the database), in the current language; any other error as its own text."""
    code = getattr(error, "code", None)
    if isinstance(code, str) and code:
        params = getattr(error, "params", None)
        given = params if isinstance(params, dict) else {}
        return t(code, **{key: _param_text(key, value) for key, value in given.items()})
    return str(error)


def _param_text(key: str, value: Any) -> Any:
    """An error's parameter as its sentence shows it: a code by its display name; any other text (a
    name, a path as typed) without the control characters it may hold; anything else as it is."""
    if not isinstance(value, str):
        return value
    return label(_LABELLED_PARAMS[key], value) if key in _LABELLED_PARAMS else plain(value, multiline=True)


def label(kind: str, value: Any) -> str:
    """Display name of a code: label('status', 'waiting') -> 'En espera'."""
    return t(f"{kind}.{value}")


def short_datetime(moment: datetime) -> str:
    """'jue 10 dic 19:30' (Spanish) / 'Thu 10 Dec 19:30' (English)."""
    day = DAY_NAMES[_language][moment.weekday()]
    month = MONTH_NAMES[_language][moment.month - 1]
    return f"{day} {moment.day} {month} {moment:%H:%M}"


def long_date(moment: datetime) -> str:
    day = DAY_NAMES[_language][moment.weekday()]
    month = MONTH_NAMES[_language][moment.month - 1]
    return f"{day} {moment.day} {month} {moment.year}"


def duration(seconds: float) -> str:
    """A span as days and hours:minutes ('2d 03:15', a calendar-day clock a day or more away) or
    hours:minutes:seconds ('03:15:07', the work timer's stopwatch); '-' before it for overdue."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours:02d}:{minutes:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}:{secs:02d}"


def pesos(amount: int) -> str:
    """Colombian format: $ 1.234.500"""
    return "$ " + f"{amount:,}".replace(",", ".")
