"""Finding cases in the whole history, a bounded page at a time: by code (`domain.finding`) or by
words, case- and accent-insensitive (`domain.search.fold`), over the code, the NIT (with or without
its check digit), the client, title, description, the reporter's name, e-mail and phone, the agent's
login and name, and the case's conversation.

The folding runs in the database so only the page travels: SQLite calls `jq_fold` (registered on
every connection by store.engine: `domain.finding.quick_fold`, the domain's `fold` at C speed),
PostgreSQL matches each word as a pattern of its accented forms (`accent_pattern`, from
`domain.finding.ACCENTED` -> `BARE`, computed from `fold`) against the text as stored. The index
on the opening instant lets a search that fills its page stop there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, func, literal, or_, select
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Case
from jq_console.domain.finding import ACCENTED, BARE, STATUS_GROUPS, code_hint, search_words
from jq_console.store.cases import _case_select, _to_case
from jq_console.store.engine import read
from jq_console.store.tables import Agent, CaseEntry, CaseRow, Client, Contact

PAGE = 50  # cases per page of the finder; the go-to pick list shows fewer


@cache
def _variants() -> dict[str, str]:
    """Each ASCII letter and every character that folds to it, both cases: 'e' -> 'eEéÉèÈ...'."""
    found: dict[str, list[str]] = {}
    for char, bare in zip(ACCENTED, BARE, strict=True):
        found.setdefault(bare, [bare, bare.upper()]).append(char)
    return {bare: "".join(dict.fromkeys(chars)) for bare, chars in found.items()}


# The blocks of combining marks (diacritics, their extensions and supplements, the marks for symbols
# and the half marks): text stored decomposed (`i` then U+0301 for `í`) carries them after the letter.
COMBINING_MARKS = "".join(
    f"{chr(first)}-{chr(last)}"
    for first, last in ((0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
)


def accent_pattern(word: str) -> str:
    """A PostgreSQL regular expression that finds folded `word` in unfolded text: each letter
    becomes the class of the characters that fold to it (`medellin` -> `m[eEéÉ...]d...`), followed
    by any combining marks, so text stored decomposed is found as well as text stored composed.
    The query side is folded by the caller (`domain.search.fold`), which drops its own marks; no
    PostgreSQL extension (`unaccent`) is needed."""
    variants = _variants()
    marks = f"[{COMBINING_MARKS}]*"
    parts = []
    for char in word:
        if char in variants:
            parts.append(f"[{variants[char]}]{marks}")
        elif char.isalnum():
            parts.append((f"[{char}{char.upper()}]" if char.upper() != char else char) + marks)
        else:
            parts.append("\\" + char if char.isascii() else char)
    return "".join(parts)


def _finds(dialect: str, text: Any, word: str) -> ColumnElement[bool]:
    """`word` (folded) appears in `text` once folded. SQLite folds the text (`jq_fold`, the domain's
    own); PostgreSQL matches a pattern of the word's accented forms against the text as stored,
    which is far cheaper than translating every character of every case."""
    if dialect == "sqlite":
        return func.jq_fold(text).contains(word, autoescape=True)
    condition: ColumnElement[bool] = text.op("~")(accent_pattern(word))
    return condition


def _text(column: Any) -> Any:
    return func.coalesce(column, "")


def _digits(column: Any) -> Any:
    return func.replace(func.replace(func.replace(func.replace(column, ".", ""), "-", ""), " ", ""), "+", "")


@dataclass(frozen=True)
class Page:
    cases: list[Case]
    more: bool  # another page follows


def _word_condition(dialect: str, word: str, hay: Any) -> ColumnElement[bool]:
    note = select(literal(1)).where(
        CaseEntry.c.case_id == CaseRow.c.id,
        _finds(dialect, _text(CaseEntry.c.text) + " " + _text(CaseEntry.c.contact), word),
    )
    conditions: list[ColumnElement[bool]] = [_finds(dialect, hay, word), exists(note)]
    digits = "".join(char for char in word if char.isdigit())
    if len(digits) >= 3 and all(char.isdigit() or char in ".-+ ()" for char in word):
        conditions.append(_digits(Client.c.nit).contains(digits, autoescape=True))
        conditions.append(_digits(_text(Contact.c.phone)).contains(digits, autoescape=True))
    return or_(*conditions)


def _statement(
    dialect: str, words: list[str], statuses: tuple[str, ...], opened: tuple[float | None, float | None]
) -> Any:
    agent = Agent.alias()  # _case_select joins the reporter (Contact) already; the agent is joined here
    statement = _case_select().outerjoin(agent, agent.c.login == CaseRow.c.agent)
    parts = (
        CaseRow.c.code,
        Client.c.nit,
        Client.c.name,
        CaseRow.c.title,
        CaseRow.c.description,
        Contact.c.name,
        Contact.c.email,
        Contact.c.phone,
        CaseRow.c.agent,
        agent.c.name,
    )
    joined: Any = _text(parts[0])
    for part in parts[1:]:
        joined = joined + " " + _text(part)
    hay = joined
    conditions: list[ColumnElement[bool]] = [CaseRow.c.status.in_(statuses)]
    start, end = opened
    if start is not None:
        conditions.append(CaseRow.c.opened_at >= start)
    if end is not None:
        conditions.append(CaseRow.c.opened_at < end)
    conditions += [_word_condition(dialect, word, hay) for word in words]
    return statement.where(and_(*conditions))


def find_on(
    connection: Connection,
    query: str,
    group: str = "all",
    opened: tuple[float | None, float | None] = (None, None),
    limit: int = PAGE,
    offset: int = 0,
) -> Page:
    """A page of the cases `query` finds in status `group` (domain.finding.STATUS_GROUPS) opened in
    [start, end), newest first. A query that reads as a case code finds that code (or that number
    in any year); otherwise every word must appear somewhere in the case (`domain.finding.search_words`:
    `InputError` for more words than a search takes)."""
    dialect = connection.dialect.name
    statuses = STATUS_GROUPS[group]
    hint = code_hint(query)
    if hint is not None and hint.code is not None:
        statement = _statement(dialect, [], statuses, opened).where(CaseRow.c.code == hint.code)
    elif hint is not None and hint.suffix is not None:
        statement = _statement(dialect, [], statuses, opened).where(CaseRow.c.code.endswith(hint.suffix))
    else:
        statement = _statement(dialect, search_words(query), statuses, opened)
    statement = statement.order_by(CaseRow.c.opened_at.desc(), CaseRow.c.id.desc()).limit(limit + 1).offset(offset)
    rows = [_to_case(row) for row in connection.execute(statement)]
    return Page(rows[:limit], len(rows) > limit)


def find_cases(
    engine: Engine,
    query: str,
    group: str = "all",
    opened: tuple[float | None, float | None] = (None, None),
    limit: int = PAGE,
    offset: int = 0,
) -> Page:
    return read(engine, lambda connection: find_on(connection, query, group, opened, limit, offset))
