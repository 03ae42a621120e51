"""The text quote as a PDF a client can receive, on the shared fpdf2 document (pdf_document.py).

The text quote is laid out in fixed columns, so each of its lines is drawn in DejaVu Sans Mono, which
the package ships: Spanish (á é í ó ú ñ ¿ ¡) and the euro sign print as they are.
"""

from __future__ import annotations

from jq_console.presentation.pdf_document import MONO, Document

MARGIN = 48
FONT_SIZE = 9
LEADING = 11


def text_to_pdf(text: str, title: str = "") -> bytes:
    """A PDF with `text` (plain lines) on as many A4 pages as it needs."""
    document = Document(title, margin=MARGIN)
    document.set_auto_page_break(True, MARGIN)
    document.add_page()
    document.set_font(MONO, size=FONT_SIZE)
    width = document.epw
    for line in text.splitlines() or [""]:
        document.cell(width, LEADING, document.text_of(line, MONO), new_x="LMARGIN", new_y="NEXT")
    return document.output_bytes()
