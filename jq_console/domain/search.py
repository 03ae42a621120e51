"""Finding cases by what an agent remembers: case- and accent-insensitive words over the case's text.

`medellin` finds `Medellín`, `ferreteria` finds `FERRETERÍA`; every word typed must appear somewhere
(code, NIT with or without its check digit, client, title, description, reporter, agent). The agents'
names are passed in by the caller, who knows them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from jq_console.domain.cases import Case


def fold(text: str) -> str:
    """Lower case without accents: 'Medellín' -> 'medellin'."""
    # Compatibility forms first ('𝙰' is 'A'), then case, then once more for what casefolding composed.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def haystack(case: Case, agent_names: Mapping[str, str] | None = None) -> str:
    agent_name = (agent_names or {}).get(case.agent or "", "")
    return f"{_case_text(case)} {fold(agent_name)}"


@lru_cache(maxsize=65536)  # a case's text only changes with a new copy of it: typing re-filters for free
def _case_text(case: Case) -> str:
    digits = "".join(char for char in case.nit if char.isdigit())
    parts = (
        case.code,
        case.nit,
        digits,
        digits[:-1],  # the NIT without its check digit
        case.client_name,
        case.title,
        case.description,
        case.reporter_name,
        case.agent or "",
    )
    return fold(" ".join(parts))


def matches(query: str, text: str) -> bool:
    """Every word of `query` (folded) appears in the folded `text`."""
    return all(word in text for word in fold(query).split())
