"""The base of every PDF the console writes (the client's report, quotes), on fpdf2.

Text is drawn in DejaVu Sans and DejaVu Sans Mono, shipped in `jq_console/data/fonts/` (cut down to
the Latin, punctuation and currency characters: `data/fonts/README.md` says how, and carries the fonts'
licence), so Spanish prints with its accents whatever the machine has installed, even typed
decomposed (the text is composed, NFC, first). A character the fonts lack is drawn as '?', never
dropped silently, and the text is plain (no control characters).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib.resources import as_file, files
from pathlib import Path

from fpdf import FPDF

from jq_console.domain.text import plain

SANS, MONO = "DejaVuSans", "DejaVuSansMono"
_FONT_FILES = {(SANS, ""): "DejaVuSans.ttf", (SANS, "B"): "DejaVuSans-Bold.ttf", (MONO, ""): "DejaVuSansMono.ttf"}


@contextmanager
def _font_paths() -> Iterator[dict[tuple[str, str], Path]]:
    """The shipped font files as paths on disk (extracted for the moment if the package is zipped)."""
    folder = files("jq_console") / "data" / "fonts"
    with ExitStack() as stack:
        yield {key: stack.enter_context(as_file(folder / name)) for key, name in _FONT_FILES.items()}


class Document(FPDF):
    """An A4 document in points with the shipped fonts registered; `text` makes any string drawable."""

    def __init__(self, title: str, *, landscape: bool = False, margin: float = 36) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="pt", format="A4")
        with _font_paths() as paths:
            for (family, style), path in paths.items():
                self.add_font(family, style, str(path))
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin)
        self.set_title(plain(title))
        self.set_creator("JQ Console")
        self.set_producer("JQ Console")

    def text_of(self, value: str, family: str = SANS) -> str:
        """`value` as plain text with every character the font lacks replaced by '?'."""
        cmap = self.fonts[family.lower()].cmap  # type: ignore[union-attr]  # always a TTF font here
        # Composed (NFC) first: a name typed or pasted decomposed ("i" + U+0301) would otherwise be
        # looked up one code point at a time, and the fonts carry "í" but no lone combining accent.
        return "".join(ch if ord(ch) in cmap else "?" for ch in unicodedata.normalize("NFC", plain(value)))

    def output_bytes(self) -> bytes:
        return bytes(self.output())
