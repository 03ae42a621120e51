"""Fixed columns of plain text, measured in terminal cells rather than characters.

A name typed with a wide letter (Chinese, Japanese, most emoji) takes two cells per letter, and an
accent typed apart from its letter ("a" + U+0301) takes none; `str.ljust` and `[:n]` count both as
one, so such a name pushed or pulled every column after it out of line in the command's lists.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len, chop_cells, set_cell_size


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells (a wide letter that would straddle the edge
    leaves a space instead)."""
    return set_cell_size(text, width)


def shorten(text: str, width: int) -> str:
    """`text` in at most `width` cells, its end replaced by "…" when it is longer: never silently cut."""
    return text if cell_len(text) <= width else set_cell_size(text, width - 1).rstrip() + "…"


def left(text: str, width: int) -> str:
    """`text` padded on the right to at least `width` cells, never cut."""
    return text + " " * max(0, width - cell_len(text))


def right(text: str, width: int) -> str:
    """`text` padded on the left to at least `width` cells, never cut."""
    return " " * max(0, width - cell_len(text)) + text


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words where a word fits."""
    lines: list[str] = []
    for line in textwrap.wrap(text, width):
        lines.extend(chop_cells(line, width) if cell_len(line) > width else [line])
    return lines


def widest(texts: list[str]) -> int:
    return max((cell_len(text) for text in texts), default=0)
