"""A command's outcome: its exit code, and each failure told as one line on stderr, never a traceback.

The one place the command line turns an exception into a sentence and an exit code: a refusal exits
with 1, bad input or a database refusal with 2, an unexpected failure with 70 after its traceback went
to the log (`jq_console.logs`). A batch runs each of its lines through here, naming the line.

Output that can no longer be written (the reader closed the pipe, or a full disk: `OutputFailed`) is
the caller's to judge: a command on its own has nothing left to do, a batch must not go on making
moves nobody hears of. A full disk or an I/O error is told in one sentence and exits with 74
(EX_IOERR in sysexits.h); a reader gone is let go without a word."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TextIO

from jq_console import logs
from jq_console.cli import commands
from jq_console.cli.arguments import check_arguments
from jq_console.cli.context import CommandError, Context
from jq_console.cli.marks import MAKE_THEIR_OWN_DATABASE, Handler
from jq_console.cli.plain_output import OutputFailed
from jq_console.domain.cases import Refused
from jq_console.domain.coded import CodedError
from jq_console.domain.text import TextRefused
from jq_console.i18n import error_text

OUTPUT_FAILED = 74  # EX_IOERR: the output could not be written (a full disk, an I/O error)


def attempt(
    handler: Handler, context: Context, where: str = "", prepare: Callable[[Context], None] | None = None
) -> int:
    """Run the command `context.args` holds; `where` ("line 3: ") goes before each failure's sentence.
    `prepare` runs first, its failures told as the command's (a batch takes up a new policy version)."""
    from sqlalchemy.exc import DBAPIError  # here, not at the top: building the parser needs no database

    from jq_console.store.errors import classify

    try:
        if prepare is not None:
            prepare(context)
        check_arguments(context)  # before anything is created or written
        if context.args.demo and handler not in MAKE_THEIR_OWN_DATABASE:
            commands.ensure_demo(context)
        commands.require_clock_of_record(context, handler)
        return handler(context)
    except OutputFailed:  # before CodedError, its root: the caller's to judge (see the module's docstring)
        raise
    except TextRefused as refusal:  # a typed text that cannot be stored is bad input, not the policy's refusal
        return told(where + error_text(refusal), 2)
    except Refused as refusal:  # before CodedError, its root: a refusal exits with 1
        return told(where + error_text(refusal), 1)
    except CommandError as error:
        return told(where + str(error), error.code)
    except CodedError as error:  # bad input, a NIT, the policy file, the database
        return told(where + error_text(error), 2)
    except DBAPIError as error:  # a database refusal no command foresaw: still one sentence, no traceback
        return told(where + error_text(classify(error)), 2)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence: logged with its traceback, told in one line
        return told(where + logs.unexpected(error), 70)


def output_gone(stream: TextIO | None = None) -> None:
    """The reader of `stream` (standard output unless said) went away (`| head -1`, a terminal hung
    up): what is still buffered for it goes nowhere, so that Python's own flush at exit neither fails
    nor prints 'Exception ignored' and exits 120."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # a stream without a descriptor
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (stream or sys.stdout).fileno())
        os.close(devnull)


def output_failed(error: OutputFailed) -> int:
    """Tell `error`; what standard output still holds goes nowhere, so that Python's own flush at exit
    does not fail on it again. The exit code."""
    output_gone()
    return told(error_text(error), OUTPUT_FAILED)


def flush_or_let_go() -> int | None:
    """Write out what standard output and error still hold, here where a failure is caught rather
    than by Python at exit: a reader gone (a closed pipe, stdout or stderr alike) is let go, standard
    output that cannot be written is told. The exit code that calls for, else None."""
    failed = None
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        output_gone(sys.stdout)
    except OutputFailed as error:
        failed = output_failed(error)
    try:
        sys.stderr.flush()
    except OSError:
        output_gone(sys.stderr)
    return failed


def told(sentence: str, code: int) -> int:
    """`sentence` on stderr (if it can still be written: nothing can be told otherwise), and the exit code."""
    with contextlib.suppress(OSError):
        print(f"jq-console: {sentence}", file=sys.stderr)
    return code
