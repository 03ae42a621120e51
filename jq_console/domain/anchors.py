"""Anchors of the history's chain, kept outside the database (docs/security.md, "Anchoring the chain").

The chain (`store.ledger`) shows a row changed, added or removed by hand, but not a forger who
recomputes every hash after the edit, nor one who removes the newest rows and moves the head back
to the row before them: the database alone cannot tell such a history from a true one. An anchor
is what `jq-console audit --anchor FILE` writes after a clean audit, one line per chained table:
how many rows it had and the hash of the last one. Kept where the database's writers cannot write,
it lets every later audit check that the chain still holds that row with that hash: the history
up to an anchor can then only grow.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jq_console.domain.coded import CodedError
from jq_console.domain.text import plain

HASH_LENGTH = 64  # a sha256 in hex
HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Anchor:
    """A table's chain as an audit found it whole: its rows and the hash of the last one."""

    table: str
    rows: int
    hash: str
    at: str  # when, as the audit's clock of record wrote it (ISO 8601)
    database: str = ""  # the database as the audit named it (a file's path, an address without password)


@dataclass(frozen=True)
class ChainEnd:
    """A table's chain as this audit read it: its rows, and the hash of the row an anchor names
    (None when the table has fewer rows)."""

    rows: int
    anchored_hash: str | None


class AnchorFileError(CodedError):
    """A line of the anchor file that is not an anchor: the file is not one this program wrote."""


def _anchor(line: str, number: int) -> Anchor:
    try:
        data: Any = json.loads(line)
        table, rows, value, at = data["table"], data["rows"], data["hash"], data["at"]
        database = data.get("database", "")
    except (ValueError, TypeError, KeyError, AttributeError):
        raise AnchorFileError("audit.anchor_line", line=number) from None
    # What this program writes, and only that: its texts are shown in the audit's sentences, so
    # one with an escape sequence or a control character is no anchor of ours.
    texts = (table, at, database)
    valid = (
        all(isinstance(text, str) and plain(text) == text for text in texts)
        and isinstance(rows, int)
        and not isinstance(rows, bool)
        and rows >= 0
        and isinstance(value, str)
        and len(value) == HASH_LENGTH
        and set(value) <= HEX
    )
    if not valid:
        raise AnchorFileError("audit.anchor_line", line=number)
    return Anchor(table, rows, value, at, database)


def latest_anchors(text: str) -> dict[str, Anchor]:
    """The last anchor of each table in the file's `text` (blank lines ignored); `AnchorFileError`
    naming the first line that is not an anchor."""
    latest: dict[str, Anchor] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            anchor = _anchor(line, number)
            latest[anchor.table] = anchor
    return latest


def anchor_lines(ends: Mapping[str, tuple[int, str]], at: str, database: str) -> str:
    """The lines that anchor each table's chain as it ends now: (rows, hash of the last row)."""
    return "".join(
        json.dumps({"table": table, "rows": rows, "hash": value, "at": at, "database": database}) + "\n"
        for table, (rows, value) in sorted(ends.items())
    )


def anchor_breaks(anchors: Mapping[str, Anchor], ends: Mapping[str, ChainEnd]) -> list[tuple[str, dict[str, Any]]]:
    """What the chain no longer holds of each anchor: rows gone, or another row where the anchored
    one was (the history before it rewritten, whatever hashes were computed again). As catalogue
    keys with their parameters."""
    breaks: list[tuple[str, dict[str, Any]]] = []
    for table, anchor in sorted(anchors.items()):
        end = ends.get(table)
        params = {"table": table, "rows": anchor.rows, "at": anchor.at}
        if end is None or end.rows < anchor.rows:
            breaks.append(("audit.anchor_shorter", {**params, "now": 0 if end is None else end.rows}))
        elif anchor.rows and end.anchored_hash != anchor.hash:
            breaks.append(("audit.anchor_differs", params))
    return breaks
