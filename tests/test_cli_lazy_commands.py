"""A sub-command imports only its own module (`cli.commands.COMMANDS`); the help and an unknown word
still see every sub-command; what a handler may do with a moved clock is marked on the handler."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from office_support import env

from jq_console.cli import COMMON_OPTIONS, asked_command, asked_language, build_parser, commands, common_options
from jq_console.cli.marks import MAKE_THEIR_OWN_DATABASE, READS_ONLY


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    found = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return list(found[0].choices) if found else []


@pytest.mark.parametrize("module", sorted(commands.COMMANDS))
def test_each_module_registers_exactly_the_commands_listed_for_it(module: str) -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    commands.register(subparsers, common_options(False), (module,))
    assert _subcommands(parser) == list(commands.COMMANDS[module])


def test_the_whole_parser_lists_every_command_once_in_the_modules_order() -> None:
    listed = [word for words in commands.COMMANDS.values() for word in words]
    assert _subcommands(build_parser()) == listed
    assert len(set(listed)) == len(listed)


@pytest.mark.parametrize(
    ("argv", "asked"),
    [
        ([], (None, False)),
        (["take", "JQ-1"], ("take", False)),
        (["--db", "take", "cases"], ("cases", False)),  # a value named like a command is a value
        (["--lang=en", "--now", "2026-12-07T10:00", "billing", "--month", "2026-11"], ("billing", False)),
        (["--demo", "--", "case", "show"], ("case", False)),
        (["-h"], (None, True)),
        (["--db", "x.sqlite", "--help", "take"], (None, True)),
        (["take", "--help"], ("take", False)),  # the take's own help needs only the take
        (["--version"], (None, False)),
        (["--pol", "case", "--demo", "cases"], ("cases", False)),  # argparse's "--pol" is "--policy"
        (["--la", "en", "cases"], ("cases", False)),
        (["--he"], (None, True)),
        (["--policy=case", "cases"], ("cases", False)),
    ],
)
def test_the_asked_command_is_the_first_word_that_is_no_option_or_value(
    argv: list[str], asked: tuple[str | None, bool]
) -> None:
    assert asked_command(argv) == asked


def test_the_parser_for_a_command_holds_only_its_module_and_an_unknown_word_gets_them_all() -> None:
    assert _subcommands(build_parser(["take", "JQ-1"])) == list(commands.COMMANDS["office"])
    assert _subcommands(build_parser(["--demo"])) == ["console"]  # the console opens
    everything = _subcommands(build_parser())
    assert _subcommands(build_parser(["tkae"])) == everything  # refused, listing every command
    assert _subcommands(build_parser(["-h"])) == everything


def test_every_value_option_of_the_common_options_is_skipped_when_looking_for_the_command() -> None:
    takes_a_value = {
        option
        for action in common_options(True)._actions
        if action.nargs != 0 and action.option_strings
        for option in action.option_strings
    }
    assert takes_a_value == {"--db", "--policy", "--lang", "--now"}
    every_option = {option for action in build_parser()._actions for option in action.option_strings}
    assert every_option == {"-h", *COMMON_OPTIONS}
    assert all(asked_command([option, "take", "cases"]) == ("cases", False) for option in takes_a_value)


def test_an_abbreviated_option_whose_value_names_a_command_still_runs_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from jq_console.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--pol", "case", "cases", "--help"])  # "case" is the policy file's name here
    assert exit_.value.code == 0
    assert "cases" in capsys.readouterr().out


def test_a_mistyped_command_is_refused_listing_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from jq_console.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["tkae"])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "tkae" in error and all(word in error for word in ("take", "billing", "mail", "config"))


def test_the_marked_handlers_are_the_commands_that_read_or_make_their_own_database() -> None:
    build_parser()  # every module imported: every mark made
    reads = sorted(f"{handler.__module__.rsplit('.', 1)[1]}.{handler.__name__}" for handler in READS_ONLY)
    own = sorted(f"{handler.__module__.rsplit('.', 1)[1]}.{handler.__name__}" for handler in MAKE_THEIR_OWN_DATABASE)
    assert own == ["core.run_demo", "core.run_init", "settings.run_show"]
    assert "office.run_take" not in reads and "billing.run_log" not in reads
    assert reads == sorted(
        [
            "admin.agent_list",
            "admin_clients.client_list",
            "audit.run_audit",
            "billing.run_billing",
            "billing.run_release_pending",
            "billing.run_study_quote",
            "billing.run_study_show",
            "case.run_show",
            "case_talk.run_find",
            "core.run_cases",
            "core.run_deadlines",
            "mail.run_check",
            "mail.run_inbox",
            "mail.run_status",
            "office.run_backup",
            "office.run_dashboard",
            "report.run_report",
            "policy.run_diff",
            "policy.run_history",
            "policy.run_show",
            "settings.run_show",
        ]
    )


def test_a_take_imports_no_other_command_module() -> None:
    probe = (
        "import sys\n"
        "from jq_console.cli import main\n"
        "main(['--db', sys.argv[1], 'take', 'JQ-1'])\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('jq_console.cli.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "sqlite:///:memory:"],
        capture_output=True,
        text=True,
        env=env("a01"),
        timeout=120,
        check=False,
    )
    loaded = set(done.stdout.strip().splitlines()[-1].split(","))
    others = {f"jq_console.cli.{name}" for name in commands.COMMANDS} - {
        "jq_console.cli.office",
        "jq_console.cli.console",  # the default handler's module: small, imports no database code
    }
    assert loaded & others == set(), done.stderr
    assert "jq_console.cli.office" in loaded


@pytest.mark.parametrize(
    "argv",
    [
        ["cases"],
        ["--lang", "en", "cases"],
        ["--la", "en", "cases"],
        ["--lang=en", "cases"],
        ["--lan=en", "take", "JQ-1"],
        ["cases", "--lang", "en"],
        ["cases", "--la", "en"],
        ["take", "JQ-1", "--la=en"],
        ["--lang", "en", "--lang", "es", "cases"],
        ["--la", "en", "cases", "--lang", "es"],
    ],
)
def test_the_language_read_before_the_parser_is_the_one_argparse_reads(argv: list[str]) -> None:
    """The help and the errors come in the language the command runs in, whichever way `--lang` is
    written: before the parser exists, its help texts are rendered in `asked_language`'s answer."""
    args = build_parser(argv).parse_args(argv)
    assert asked_language(argv, "es") == (getattr(args, "lang", None) or "es")
