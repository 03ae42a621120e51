"""The commands' standard output and error as plain text: whatever a row holds (a case title sent
through the web form, a client's name stored before text was cleaned at entry), no escape sequence
or control character reaches the terminal. Newlines and tabs pass; the console's own screens write
to the terminal through Textual, not through these streams."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from jq_console.domain.text import plain

# Line separators that `plain` turns into newlines in a note: here they become spaces instead, since
# json.dumps(ensure_ascii=False) writes them raw inside a string, where a newline would break the JSON.
_SEPARATORS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


class PlainStream:
    """A text stream that writes `plain(text, multiline=True)` to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(plain(text.translate(_SEPARATORS), multiline=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding...: the wrapped stream's
        return getattr(self._stream, name)


@contextmanager
def plain_output() -> Iterator[None]:
    """Standard output and error as plain text; one the command was started without (`>&-`) writes
    nowhere, rather than failing where the command prints."""
    saved = sys.stdout, sys.stderr
    with contextlib.ExitStack() as closing:

        def plain(stream: TextIO | None) -> PlainStream:
            if stream is None:
                stream = closing.enter_context(open(os.devnull, "w", encoding="utf-8"))
            return PlainStream(stream)

        sys.stdout, sys.stderr = plain(saved[0]), plain(saved[1])
        try:
            yield
        finally:
            sys.stdout, sys.stderr = saved
