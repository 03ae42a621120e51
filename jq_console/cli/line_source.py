"""Reading a file of lines without trusting it (a web-form intake file, a batch of commands): one line
at a time, each at most the policy's `limits.intake_line_bytes`, so memory stays flat however large
the file or one of its lines. Standard input ('-') is read as it arrives: a line is handed on as soon
as its newline is read.

A longer line is reported (`intake.line_too_long`) and the rest of it skipped in chunks, never held
whole; a line that goes on past `ENDLESS_LINE_BYTES` is reported (`intake.line_endless`) and ends the
read: the source is no file of lines (/dev/zero, a binary file), and skipping it would never end. A
line that is not UTF-8 is reported; blank lines are passed over. A small file that is one
pretty-printed JSON object is one item at line 1, as the web form's single-submission export writes it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO, Protocol, TextIO

from jq_console.cli.context import CommandError
from jq_console.domain.intake import SubmissionError, decode_line
from jq_console.domain.policy import Limits
from jq_console.files import MIB, size_text
from jq_console.i18n import t

SKIP_CHUNK = 64 * 1024  # how much of an oversized line is read (and dropped) at a time
# How much of one oversized line is skipped before the source is taken for no file of lines: far
# above any line worth skipping (the policy allows lines up to 16 MiB), and read in a fraction of a
# second, where a device such as /dev/zero would otherwise be skipped for ever.
ENDLESS_LINE_BYTES = 256 * MIB
BYTE_ORDER_MARK = "\ufeff"


class _Lines(Protocol):
    def readline(self, size: int, /) -> bytes: ...


class _Rejoined:
    """The bytes already read to look at the file's start, followed by the rest of the stream."""

    def __init__(self, head: bytes, rest: _Lines) -> None:
        self.head, self.offset, self.rest = head, 0, rest

    def readline(self, size: int, /) -> bytes:
        if self.offset >= len(self.head):
            return self.rest.readline(size)
        window = min(len(self.head), self.offset + size)
        newline = self.head.find(b"\n", self.offset, window)
        stop = newline + 1 if newline >= 0 else window
        line = self.head[self.offset : stop]
        self.offset = stop
        if line.endswith(b"\n") or len(line) >= size:
            return line
        return line + self.rest.readline(size - len(line))


class _Encoded:
    """A text stream read as bytes (standard input replaced by a text buffer, as in tests)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def read(self, size: int, /) -> bytes:
        return self.stream.read(size).encode("utf-8", "surrogateescape")

    def readline(self, size: int, /) -> bytes:
        return self.stream.readline(size).encode("utf-8", "surrogateescape")

    def close(self) -> None:
        pass  # standard input is not ours to close


def _stdin() -> BinaryIO | _Encoded:
    if sys.stdin is None:  # started with its standard input closed
        raise CommandError(t("office.no_stdin"))
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer if buffer is not None else _Encoded(sys.stdin)


def _skipped(stream: _Lines, read: int) -> bool:
    """Drop the rest of an oversized line of which `read` bytes were read: True once its end is read,
    False when it goes on past `ENDLESS_LINE_BYTES` (what was dropped is over the limit whatever it holds)."""
    while read < ENDLESS_LINE_BYTES:
        rest = stream.readline(SKIP_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return True
        read += len(rest)
    return False


def _bounded(stream: _Lines, limit: int) -> Iterator[tuple[int, str | SubmissionError]]:
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            if not _skipped(stream, len(raw)):
                yield number, SubmissionError("intake.line_endless", size=size_text(ENDLESS_LINE_BYTES))
                return
            yield number, SubmissionError("intake.line_too_long", limit=limit)
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, SubmissionError("intake.not_utf8")
            continue
        if number == 1:
            text = text.removeprefix(BYTE_ORDER_MARK)  # some editors start a UTF-8 file with one
        if text.strip():
            yield number, text


def _whole_object(head: bytes, limits: Limits) -> str | None:
    """The file's text when it is small and one (pretty-printed) JSON object, else None."""
    if len(head) > limits.intake_line_bytes:
        return None
    try:
        text = head.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if not (text.startswith("{") and "\n" in text):
        return None
    try:
        decode_line(text, limits)
    except SubmissionError:
        return None  # JSON lines, read one by one
    return text


@contextmanager
def _opened(source: str, missing: str, unreadable: str) -> Iterator[BinaryIO | _Encoded]:
    """`source` open for reading bytes ('-' is standard input, left open), or one sentence why not:
    `missing` and `unreadable` are the codes of the sentences (filled with `path`, and `error`)."""
    try:
        stream = _stdin() if source == "-" else open(source, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise CommandError(t(missing, path=source)) from None
    except IsADirectoryError:
        raise CommandError(t("err.file.folder", path=source)) from None
    except OSError as error:
        raise CommandError(t(unreadable, path=source, error=error.strerror)) from None
    try:
        yield stream
    except IsADirectoryError:  # where a folder opens but does not read
        raise CommandError(t("err.file.folder", path=source)) from None
    except OSError as error:
        raise CommandError(t(unreadable, path=source, error=error.strerror)) from None
    finally:
        if source != "-":
            stream.close()


def bounded_lines(
    source: str, limit: int, *, missing: str = "office.no_file", unreadable: str = "office.unreadable"
) -> Iterator[tuple[int, str | SubmissionError]]:
    """(line number, text) for each line of `source` that is not blank, or (line number, why it cannot
    be read) for one that is skipped: longer than `limit` bytes, or not UTF-8. `missing` and
    `unreadable` are the codes of the sentences for a file that does not exist or cannot be read."""
    with _opened(source, missing, unreadable) as stream:
        yield from _bounded(stream, limit)


def intake_lines(source: str, limits: Limits) -> Iterator[tuple[int, str | SubmissionError]]:
    """(line number, text) for each submission in `source` ('-' is standard input), or (line number,
    the reason it cannot be read) for a line that is skipped."""
    with _opened(source, "office.no_file", "office.unreadable") as stream:
        head = stream.read(limits.intake_line_bytes + 1).removeprefix(BYTE_ORDER_MARK.encode())
        whole = _whole_object(head, limits)
        if whole is not None:
            yield 1, whole
            return
        yield from _bounded(_Rejoined(head, stream), limits.intake_line_bytes)
