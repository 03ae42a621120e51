"""What a sub-command's handler may do with the database, marked where the handler is defined: the
command line asks it of the one handler it runs, having imported only that handler's module."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from jq_console.cli.context import Context

Handler = Callable[[Context], int]
H = TypeVar("H", bound=Handler)

# Commands that write nothing to the database: a moved clock (--now) is theirs to use anywhere.
READS_ONLY: set[Handler] = set()
# With --demo these make the demo database themselves or need none (the others find it filled).
MAKE_THEIR_OWN_DATABASE: set[Handler] = set()


def reads_only(handler: H) -> H:
    READS_ONLY.add(handler)
    return handler


def makes_its_own_database(handler: H) -> H:
    MAKE_THEIR_OWN_DATABASE.add(handler)
    return handler
