"""The `jq-console` command: with no sub-command it opens the console; sub-commands script it.

Every known failure becomes one line on stderr and a non-zero exit, never a traceback; an unexpected
one is written with its traceback to the log (`jq_console.logs`) and told in one sentence naming it.
Settings come from the configuration files and the environment (`jq_console.config`); the flags here
override them. Arguments are checked before any command runs (`cli.arguments`) and what the commands
print is plain text (`cli.plain_output`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC

from jq_console import config
from jq_console.cli import commands
from jq_console.cli.context import LOCAL, Context
from jq_console.cli.outcome import attempt, flush_or_let_go, output_failed
from jq_console.cli.parser import LineParser, Parser
from jq_console.cli.plain_output import OutputFailed, plain_output
from jq_console.domain.parsing import InputError, parse_instant
from jq_console.i18n import error_text, set_language, t


def common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the sub-command. Sub-parsers must not reset what the main
    parser already read, hence SUPPRESS there. A `Parser` too: its group titles must match the
    sub-parsers' so that argparse merges its options into theirs."""
    parser = Parser(add_help=False)
    default = (lambda value: value) if defaults else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--db", default=default(None), metavar=t("help.metavar.db"), help=t("help.db"))
    parser.add_argument("--policy", default=default(None), metavar=t("help.metavar.file"), help=t("help.policy"))
    parser.add_argument("--lang", default=default(None), choices=("es", "en"), help=t("help.lang"))
    parser.add_argument("--now", default=default(None), metavar=t("help.metavar.instant"), help=t("help.now"))
    parser.add_argument("--demo", action="store_true", default=default(False), help=t("help.demo_console"))
    return parser


# The common options that take a value: their values are not the sub-command's name. argparse also
# takes any unambiguous start of an option's name ("--pol" for "--policy"): so is it read here.
VALUE_OPTIONS = ("--db", "--policy", "--lang", "--now")
HELP_OPTIONS = ("-h", "--help")
COMMON_OPTIONS = (*VALUE_OPTIONS, "--demo", "--version", "--help")


def build_parser(argv: Sequence[str] | None = None, *, line: bool = False) -> argparse.ArgumentParser:
    """The command line, its help in the current language: every sub-command, or with `argv` only
    the module of the sub-command `argv` names (`commands.modules_for`). `line`: a batch's line,
    read without help or version and refused with an exception (`parser.LineParser`)."""
    kind = LineParser if line else Parser
    parser: argparse.ArgumentParser = kind(
        prog="jq-console", parents=[common_options(True)], description=t("help.description")
    )
    if not line:
        parser.add_argument("--version", action=ShowVersion, help=t("help.version"))
    subparsers = parser.add_subparsers(dest="command", metavar=t("help.metavar.command"))
    modules = tuple(commands.COMMANDS) if argv is None else commands.modules_for(*asked_command(argv))
    commands.register(subparsers, common_options(False), modules)
    return parser


def asked_command(argv: Sequence[str]) -> tuple[str | None, bool]:
    """The sub-command `argv` names (its first word that is neither an option nor an option's value),
    and whether the main help is asked (`-h` before any sub-command)."""
    words = iter(argv)
    for word in words:
        option = option_named(word)
        if option in HELP_OPTIONS:
            return None, True
        if option in VALUE_OPTIONS:
            next(words, None)
        elif word == "--":
            return next(words, None), False
        elif not word.startswith("-"):
            return word, False
    return None, False


class ShowVersion(argparse.Action):
    """`--version`, looked up only when asked: reading the installed package's metadata costs
    every other command about 30 ms of start-up."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        print(f"jq-console {version()}")
        parser.exit()


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("jq-console")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def asked_language(argv: Sequence[str], default: str = "es") -> str:
    """The language `--lang` asks for (the last one, as argparse reads it: whole, by an unambiguous
    start such as `--la`, or with "="), needed before the parser is built since argparse renders the
    help texts then. A value that is no language falls back to `default` (the configured language)
    here; the parser then refuses it, listing the choices."""
    asked = default
    for index, word in enumerate(argv):
        if word == "--":
            break
        name, equals, value = word.partition("=")
        if option_named(name) != "--lang":
            continue
        if equals:
            asked = value
        elif index + 1 < len(argv):
            asked = argv[index + 1]
    return asked if asked in ("es", "en") else default


def option_named(word: str) -> str | None:
    """The common option `word` names, whole or by an unambiguous start as argparse reads it
    ("--pol"); None for anything else, a value given with "=" included (it takes no next word)."""
    if word in ("-h", *COMMON_OPTIONS):
        return word
    if not word.startswith("--") or "=" in word:
        return None
    named = [option for option in COMMON_OPTIONS if option.startswith(word)]
    return named[0] if len(named) == 1 else None


def main(argv: Sequence[str] | None = None) -> int:
    # Plain from the first word printed: a usage error or a configuration error repeats what was
    # typed (an option, a key of the settings file), which may hold an escape sequence.
    with plain_output():
        try:
            code = _main(list(sys.argv[1:] if argv is None else argv))
        except OutputFailed as error:  # --help or --version, printed while argparse reads the words
            return output_failed(error)
        except SystemExit:  # argparse, after --help or --version or refusing the words: still an exit
            failed = flush_or_let_go()
            if failed is not None:
                raise SystemExit(failed) from None
            raise
        failed = flush_or_let_go()  # what is left for a reader gone goes nowhere (stdout or stderr alike)
        return code if failed is None else failed


def _main(words: list[str]) -> int:
    try:
        settings = config.load_settings()
    except config.ConfigError as error:
        set_language(asked_language(words))
        print(f"jq-console: {error_text(error)}", file=sys.stderr)
        return 2
    set_language(asked_language(words, settings.language))
    parser = build_parser(words)
    args = parser.parse_args(words)
    try:
        settle_settings(settings, args)
    except config.ConfigError as error:
        parser.error(error_text(error))
    set_language(settings.language)
    if settings.source("policy.file") == "--policy" and getattr(args, "policy_source", None) != LOCAL:
        # Only a local calculation reads it; anywhere else it would be dropped without a word.
        print(f"jq-console: {t('cli.policy_not_read', path=args.policy)}", file=sys.stderr)
    if args.now is not None:
        # Checked once the language is set, so the usage error speaks it. Read in the policy's
        # time zone later (Context.runtime): the policy file is not known yet.
        try:
            parse_instant(args.now, UTC)
        except InputError as error:
            parser.error(error_text(error))
    context = Context(args, frozen_at=args.now, settings=settings)
    handler = getattr(args, "handler", None) or commands.open_console
    return _run(handler, context)


def _run(handler: Callable[[Context], int], context: Context) -> int:
    """The command, its failures as one line on stderr; then its database is closed."""
    try:
        code = attempt(handler, context)
    except BrokenPipeError:  # the reader of our output is gone (`| head`): nothing left to do
        code = 0
    except OutputFailed as error:  # a full disk: the command's answer is lost, and it must be said
        code = output_failed(error)
    finally:
        context.close()
    return code


def settle_settings(settings: config.Settings, args: argparse.Namespace) -> None:
    """Flags over files and environment; `--demo` names the demo database unless `--db` names one.
    The command modules then read the settled values from `args` as before."""
    config.apply_flags(
        settings,
        {
            "database.url": ("--db", args.db),
            "ui.language": ("--lang", args.lang),
            "policy.file": ("--policy", args.policy),
        },
    )
    if args.demo and args.db is None:
        settings.set("database.url", str(commands.demo_db_path()), "--demo")
    args.db = settings.database
    args.lang = settings.language
    args.policy = settings.policy_file
