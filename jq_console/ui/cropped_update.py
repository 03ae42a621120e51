"""Partial screen updates that write only the refreshed cells, not the line up to them.

Textual turns each refreshed region into spans of lines and writes, for each widget on such a line,
its line from the widget's left edge to the span's end (`ChopsUpdate.render_segments`, marked "TODO:
crop to x extents"). One second of the queue's countdowns, a few characters at columns 80 and 108 of
each visible line, so wrote every line from column 1: about 10 KB a second per console over SSH where
the changed cells need a few hundred bytes (docs: README, "The office"). Here each widget's line is
cut to the span on both sides, at a character boundary, and the cursor moved to the span's start.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate
from textual.strip import Strip


def _safe_cut(strip: Strip, offset: int, *, forward: bool) -> int:
    """A cell at `offset`, or next to it, where a cut splits no wide character: `offset` itself at a
    character boundary, else the start (or, `forward`, the end) of the character holding it."""
    if strip.text.isascii():  # one cell per character: any cell will do
        return offset
    x = 0
    for segment in strip:
        width = segment.cell_length
        if x + width <= offset:
            x += width
            continue
        for character in segment.text:
            size = get_character_cell_size(character)
            if x <= offset < x + size:
                return offset if x == offset else (x + size if forward else x)
            x += size
        return offset
    return offset


class CroppedChops(ChopsUpdate):
    """A `ChopsUpdate` that writes each span's cells and nothing to their left."""

    def __init__(self, update: ChopsUpdate) -> None:
        super().__init__(update.chops, update.spans, update.chop_ends)

    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        append = sequences.append
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(self.chop_ends[y], self.chops[y].items(), strict=False):
                if strip is None or x >= x2 or end <= x1:
                    continue
                start = _safe_cut(strip, max(0, x1 - x), forward=False)
                stop = _safe_cut(strip, min(end, x2) - x, forward=True)
                append(Control.move_to(x + start, y).segment.text)
                append(strip.crop(start, stop).render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)
