"""The commands' standard output and error as plain text: whatever a row holds (a case title sent
through the web form, a client's name stored before text was cleaned at entry), no escape sequence
or control character reaches the terminal. Newlines and tabs pass; the console's own screens write
to the terminal through Textual, not through these streams.

Standard output that cannot be written (a full disk, an I/O error) raises `OutputFailed`, told in one
sentence by `cli.outcome`; a reader gone (BrokenPipeError) is left as it is, for `cli.outcome` to let go."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from jq_console.domain.coded import CodedError
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


class OutputFailed(CodedError):
    """Standard output could not be written: `reason`. No OSError, so that no handler of a file's or
    a server's failure takes it for its own."""


@contextmanager
def _output_failures() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed("err.output.failed", reason=error.strerror or str(error)) from None


class PlainOutput(PlainStream):
    """Standard output: plain text, and a failure to write it an `OutputFailed`."""

    def write(self, text: str) -> int:
        with _output_failures():
            return super().write(text)

    def flush(self) -> None:
        with _output_failures():
            self._stream.flush()


@contextmanager
def plain_output() -> Iterator[None]:
    """Standard output and error as plain text; one the command was started without (`>&-`) writes
    nowhere, rather than failing where the command prints."""
    saved = sys.stdout, sys.stderr
    with contextlib.ExitStack() as closing:

        def opened(stream: TextIO | None) -> TextIO:
            return stream if stream is not None else closing.enter_context(open(os.devnull, "w", encoding="utf-8"))

        sys.stdout, sys.stderr = PlainOutput(opened(saved[0])), PlainStream(opened(saved[1]))
        try:
            yield
        finally:
            sys.stdout, sys.stderr = saved
