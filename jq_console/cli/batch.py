"""`jq-console batch FILE|-`: many commands in one process, one per line, for scripts.

A command started on its own pays Python's start and the database layer's import before it does
anything (README, "Many moves in one process"); a batch pays them once, and each further move costs
what the move costs. With '-' the lines are read as they arrive and each is answered before the next
is read, so a script can keep one batch open and hand it a move at a time.

Each line is what would follow `jq-console` on a command line, split into words as a POSIX shell
splits them (quotes and backslashes; no variables, no globbing). Only case work is batched
(`BATCHED`); the database, the clock, the language and the policy are the batch's, so a line names
none of them. Each line is then checked and run exactly as the command would be on its own, through
`cli.outcome.attempt`: the actor check is inside each move's own write, so an agent disabled in the
middle of a batch is refused from the next line on. A failing line is one sentence on stderr after its
line number, and the batch goes on (with `--stop` it ends there). Blank lines and lines that start
with '#' are passed over.

Before each line the batch takes up a policy version applied since the line before, as an open
console does: a batch kept open for hours judges each move under the version in force.

The exit code is 0 when every line succeeded, else the highest code of a failing line (1 refused, 2
bad input, 70 unexpected). When its answers can no longer be written (the reader closed the pipe),
the batch stops before the next line and exits with 141, as a shell reports a broken pipe.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from collections.abc import Sequence

from jq_console.cli.context import CommandError, Context
from jq_console.cli.outcome import attempt, output_gone, told
from jq_console.i18n import error_text, t

# The sub-commands a line may name: the day's case work. Not the ones that make, replace, copy or
# migrate the database, change people or policy, open a screen, or start another batch.
BATCHED = ("take", "assign", "case", "log", "corrective", "availability", "cases")
# What the batch itself settles for every line (`jq_console.cli.common_options`).
BATCH_OWNS = ("--db", "--policy", "--lang", "--now", "--demo")
INTERRUPTED, PIPE_CLOSED = 130, 141


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    batch = subparsers.add_parser("batch", parents=[common], help=t("help.batch"))
    batch.add_argument(
        "source", metavar=t("help.metavar.file"), help=t("help.batch.source", commands=", ".join(BATCHED))
    )
    batch.add_argument("--stop", action="store_true", help=t("help.batch.stop"))
    batch.set_defaults(handler=run_batch)


def run_batch(context: Context) -> int:
    from jq_console.cli.line_source import bounded_lines
    from jq_console.domain.intake import SubmissionError

    if sys.__stdout__ is None:  # started with its output closed: no line could be answered
        raise CommandError(t("batch.no_output"))
    outer, worst = context.args, 0
    limit = context.runtime.policy.limits.intake_line_bytes
    try:
        for number, line in bounded_lines(outer.source, limit):
            where = t("batch.line", number=number) + ": "
            if isinstance(line, SubmissionError):
                code = told(where + error_text(line), 2)
            else:
                code = _run_line(context, outer, line, where)
            _flush()
            if code == INTERRUPTED:
                return code
            worst = max(worst, code)
            if code and outer.stop:
                break
    except BrokenPipeError:
        output_gone()
        return max(worst, PIPE_CLOSED)
    except CommandError as error:  # the source stopped reading half-way
        return max(worst, told(str(error), error.code))
    finally:
        context.args = outer
    return worst


def _run_line(context: Context, outer: argparse.Namespace, line: str, where: str) -> int:
    if line.lstrip().startswith("#"):  # a comment, whatever quotes it holds
        return 0
    try:
        words = shlex.split(line)
    except ValueError:  # an unclosed quote, or a backslash at the very end
        return told(where + t("batch.quotes"), 2)
    if not words:
        return 0
    refusal = _not_batched(words)
    if refusal is not None:
        return told(where + refusal, 2)
    try:
        parsed = _parsed(words)
    except CommandError as error:  # argparse's refusal, one sentence
        return told(where + str(error), error.code)
    for name in ("db", "policy", "lang", "now", "demo"):  # the batch's own, settled once
        setattr(parsed, name, getattr(outer, name))
    context.args = parsed
    return attempt(parsed.handler, context, where, prepare=Context.follow_newest_policy)


def _not_batched(words: Sequence[str]) -> str | None:
    """Why this line may not run in a batch, or None."""
    from jq_console.cli import option_named

    for word in words:
        if word == "--":
            break
        typed = word.partition("=")[0]
        named = option_named(typed)
        if named in BATCH_OWNS:
            option = typed if typed == named else f"{typed} ({named})"
            return t("batch.owned_option", option=option, options=", ".join(BATCH_OWNS))
    if words[0] not in BATCHED:
        return t("batch.not_batched", command=words[0], commands=", ".join(BATCHED))
    return None


def _parsed(words: list[str]) -> argparse.Namespace:
    """The line's arguments as its command reads them; a `CommandError` with argparse's sentence
    (without the usage it would print, which would bury the line number) when it refuses them."""
    from jq_console.cli import build_parser

    parsed: argparse.Namespace = build_parser(words, line=True).parse_args(words)
    return parsed


def _flush() -> None:
    """Each line's answer leaves before the next line is read: a script waiting for it may go on."""
    sys.stdout.flush()
    with contextlib.suppress(BrokenPipeError):  # no one reads the refusals any more: the answers tell
        sys.stderr.flush()
