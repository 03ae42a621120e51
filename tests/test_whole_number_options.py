"""A whole number typed on the command line is checked against its option's range before anything
runs: one sentence naming the option in the user's language and its range, never an OverflowError
from the database driver nor a catalogue key."""

from __future__ import annotations

import pytest
from office_support import demo_by_command, run

from jq_console.cli.arguments import INTEGERS

HUGE = str(2**63 - 1)  # the largest integer SQLite stores: one page of 50 past it overflows


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_by_command(tmp_path_factory.mktemp("numbers"), 5)


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["case", "find", "x", "--page", HUGE], "--page debe ser un número entero entre 1 y"),
        (["case", "find", "x", "--page", "0"], "--page debe ser un número entero entre 1 y"),
        (["case", "find", "x", "--page", "9" * 23], "--page debe ser un número entero entre 1 y"),
        (["mail", "discard", "9" * 20, "--reason", "spam"], "el número del mensaje debe ser un número entero entre 1"),
        (["policy", "show", "--version", "9" * 20], "--version debe ser un número entero entre 1"),
        (["policy", "diff", "0", "2"], "la versión anterior debe ser un número entero entre 1"),
        (["policy", "diff", "1", "9" * 20], "la versión posterior debe ser un número entero entre 1"),
        (
            ["corrective", "JQ-2026-00001", "nota", "--occurrence", "-1"],
            "--occurrence debe ser un número entero entre 1",
        ),
    ],
)
def test_a_number_out_of_range_is_one_sentence_naming_the_option(office: str, words: list[str], said: str) -> None:
    done = run("--db", office, *words)
    assert (done.returncode, done.stdout) == (2, "")  # bad input, as argparse's own
    assert done.stderr.count("\n") == 1 and said in done.stderr, done.stderr
    assert "option." not in done.stderr


def test_the_english_sentence_names_the_option_too(office: str) -> None:
    done = run("--db", office, "--lang", "en", "mail", "discard", "9" * 20, "--reason", "spam")
    assert done.returncode == 2 and "the message's number must be a whole number between 1" in done.stderr


def test_what_counts_from_one_starts_at_one() -> None:
    """A page, a message, a policy version, a breach's occurrence, a time entry: the first is 1,
    and the last is one a column of either engine can hold."""
    for option in ("page", "id", "number", "first", "second", "occurrence", "corrects"):
        low, high = INTEGERS[option]
        assert low == 1 and high <= 2**31 - 1, option
