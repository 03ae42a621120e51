"""Finding any case, open or long finished: what an agent types to go to a case, and the status
groups of the case finder.

`00042`, `42`, `2026-42`, `jq-2026-00042` all name case JQ-2026-00042 (the first two in any year);
anything else is searched as words (`domain.search`), each once and at most `MAX_SEARCH_WORDS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jq_console.domain.cases import OPEN_STATUSES, STATUSES
from jq_console.domain.parsing import InputError
from jq_console.domain.search import fold
from jq_console.domain.vocabulary import ENDED_STATUSES

# Status groups of the case finder, in the order the selector cycles through them.
STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "open": OPEN_STATUSES,
    "resolved": ("resolved",),
    "closed": ENDED_STATUSES,
    "all": STATUSES,
}

_FULL = re.compile(r"^(?:jq)?[\s-]*(\d{4})[\s-]+0*(\d{1,5})$", re.IGNORECASE)
_NUMBER = re.compile(r"^0*(\d{1,5})$")


@dataclass(frozen=True)
class CodeHint:
    """A case code, whole (`code`) or as its number in any year (`suffix`, e.g. `-00042`)."""

    code: str | None = None
    suffix: str | None = None


def code_hint(query: str) -> CodeHint | None:
    """What `query` says about a case's code, or None when it is not a code (search it as words)."""
    text = query.strip()
    full = _FULL.match(text)
    if full is not None and int(full.group(2)) > 0:
        return CodeHint(code=f"JQ-{full.group(1)}-{int(full.group(2)):05d}")
    number = _NUMBER.match(text)
    if number is not None and int(number.group(1)) > 0:
        return CodeHint(suffix=f"-{int(number.group(1)):05d}")
    return None


# The most words one search takes. Each word is one more condition every case is checked against:
# 3,000 took seconds and 1,000 made SQLite refuse the query (an expression tree 1,000 deep); more
# than 20 is a pasted text, not words remembered from a case.
MAX_SEARCH_WORDS = 20


def search_words(query: str) -> list[str]:
    """The words of `query` a case must all hold: folded (`domain.search.fold`), each once, in the
    order typed. `InputError` when there are more than `MAX_SEARCH_WORDS` different ones."""
    words = list(dict.fromkeys(fold(query).split()))
    if len(words) > MAX_SEARCH_WORDS:
        raise InputError("finder.too_many_words", count=len(words), limit=MAX_SEARCH_WORDS)
    return words


def full_code(text: str) -> str:
    """`text` as a whole case code when it spells one (`2026-42` -> `JQ-2026-00042`), else as typed."""
    hint = code_hint(text)
    return hint.code if hint is not None and hint.code is not None else text.strip().upper()


def _accent_map() -> tuple[str, str]:
    """(accented, plain): every Latin letter U+00C0-U+024F that `fold` turns into one ASCII letter."""
    accented, bare = [], []
    for point in range(0xC0, 0x250):
        char = chr(point)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded != char:
            accented.append(char)
            bare.append(folded)
    return "".join(accented), "".join(bare)


ACCENTED, BARE = _accent_map()
# Every character of the Latin blocks, the combining accents and general punctuation, folded one by
# one: folding is a per-character map once the combining marks are dropped, so a text made only of
# these folds with one str.translate.
_COVERED = [*range(0x250), *range(0x300, 0x370), *range(0x2000, 0x2070)]
_QUICK = {point: fold(chr(point)) for point in _COVERED}
_UNCOVERED = re.compile("[^\x00-\u024f\u0300-\u036f\u2000-\u206f]")


def quick_fold(text: str) -> str:
    """`fold(text)` at C speed for the usual Spanish text (Latin letters, accents, punctuation such as
    ¿ ¡ · —); a text with any other character takes the full `fold`. The database calls this for
    every case a search reads, so it must be cheap."""
    if _UNCOVERED.search(text) is None:
        return text.translate(_QUICK)
    return fold(text)
