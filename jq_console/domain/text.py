"""Text is data: what people and web forms type is stored and shown as plain characters only.

A title, a name or a note may come from a stranger (the public web form) or from a careless paste.
Terminals obey control characters: `ESC ] 52` writes the clipboard, `ESC [ 2 J` blanks the screen,
a bidi override makes `abc` read as `cba`. So every text that enters is cleaned here, once, and
cleaned again wherever it leaves for a terminal (rows stored before this rule existed).

- `plain(text)` removes escape sequences whole (CSI, OSC, DCS... with their parameters, so no
  `[2J` remains), every other C0/C1 control character, bidi embedding/override/isolate marks and
  lone surrogates. A single-line text also turns newlines and tabs into spaces; a multi-line one
  keeps `\\n` and `\\t` (and reads `\\r\\n` as `\\n`).
- `entered(text, field, limit)` is what an entry point calls: plain, trimmed, refused with a
  sentence (`TextRefused`) when blank or longer than the policy's limit.
"""

from __future__ import annotations

import re
import unicodedata

from jq_console.domain.cases import Refused

# An escape sequence, taken whole so that no parameter text is left behind:
# CSI (ESC [ or 0x9B) params and a final byte; OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ or their C1 forms)
# up to BEL or ST (ESC \\ or 0x9C), or to the end of the text when never terminated; any other
# ESC with its one following character.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?",
)
# C0 and C1 controls, DEL, the bidi marks, embeddings, overrides and isolates (Trojan-source reordering),
# the byte-order mark and lone surrogates (unencodable: a database or a terminal would refuse them).
_INVISIBLE = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_CONTROLS_MULTI = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_CONTROLS_SINGLE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")
_SPACES = re.compile("[\t\n]")


# What draws nothing by itself: spaces, controls and format characters (zero-width space, joiners,
# the soft hyphen), unassigned and private code points, and combining marks with no letter to sit on.
_SHOWS_NOTHING = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"))


def shows_something(text: str) -> bool:
    """Whether `text` draws anything on a screen: a title of zero-width characters looks blank."""
    return any(unicodedata.category(character) not in _SHOWS_NOTHING for character in text)


class TextRefused(Refused):
    """A typed text that cannot be stored; `code` is `text.blank` or `text.too_long`."""


def plain(text: str, *, multiline: bool = False) -> str:
    """`text` with no escape sequence and no control character (see the module's docstring)."""
    if text.isprintable() and text.isascii():  # the common case: nothing to do
        return text
    text = _ESCAPES.sub("", _LINE_BREAKS.sub("\n", text))
    if multiline:
        return _CONTROLS_MULTI.sub("", text)
    return _CONTROLS_SINGLE.sub("", _SPACES.sub(" ", text))


def entered(text: str, field: str, limit: int, *, multiline: bool = False, required: bool = True) -> str:
    """A text typed by someone, ready to store: plain, trimmed, at most `limit` characters.
    Blank (only spaces, controls or what draws nothing: `shows_something`) is refused when
    `required`; longer than `limit` is always refused, naming `field` (a catalogue label key) and
    the limit."""
    cleaned = plain(text, multiline=multiline).strip()
    if required and not shows_something(cleaned):
        raise TextRefused("text.blank", what=field)
    if len(cleaned) > limit:
        raise TextRefused("text.too_long", what=field, limit=limit)
    return cleaned


def formula_safe(cell: str) -> str:
    """A spreadsheet cell that cannot run: text starting with = + - @ (or a tab or carriage return
    that hides one) is read by spreadsheets as a formula, so it gets a leading apostrophe."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
