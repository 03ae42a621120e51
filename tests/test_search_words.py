"""A search takes each word once and at most MAX_SEARCH_WORDS of them: a pasted paragraph is one
sentence saying how many words at most, on the command line and on the past-work screen, and never
a database error (SQLite refuses an expression 1,000 conditions deep) nor a search of many seconds."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from office_support import demo_by_command, run
from pilot_support import settle, settle_until
from textual.widgets import Input, Static

from jq_console.application import finder
from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain.finding import MAX_SEARCH_WORDS, search_words
from jq_console.domain.parsing import InputError
from jq_console.i18n import error_text, set_language
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case_finder import CaseFinderScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
TOO_MANY = " ".join(f"palabra{n}" for n in range(MAX_SEARCH_WORDS + 1))


def test_each_word_is_searched_once_folded_in_the_order_typed() -> None:
    assert search_words("Medellín bodega MEDELLIN  bodega") == ["medellin", "bodega"]
    assert search_words("z " * 50_000) == ["z"]
    assert search_words("   ") == []
    words = [f"w{n}" for n in range(MAX_SEARCH_WORDS)]
    assert search_words(" ".join(words * 3)) == words


def test_more_words_than_a_search_takes_are_told_with_the_most_it_takes() -> None:
    with pytest.raises(InputError) as caught:
        search_words(TOO_MANY)
    assert caught.value.code == "finder.too_many_words"
    assert str(MAX_SEARCH_WORDS) in error_text(caught.value)
    set_language("en")
    try:
        assert f"at most {MAX_SEARCH_WORDS}" in error_text(caught.value)
    finally:
        set_language("es")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_by_command(tmp_path_factory.mktemp("search"), 20)


def test_case_find_takes_a_repeated_word_once(office: str) -> None:
    once = run("--db", office, "case", "find", "a", "--json")
    repeated = run("--db", office, "case", "find", "a " * 3000, "--json")  # 3,000 conditions: 4.6 s, then an error
    assert (repeated.returncode, repeated.stderr, repeated.stdout) == (0, "", once.stdout)


def test_case_find_refuses_more_words_than_it_takes(office: str) -> None:
    for query in (TOO_MANY, " ".join(f"w{n}" for n in range(3000))):
        done = run("--db", office, "case", "find", query)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert done.stderr.count("\n") == 1 and f"como mucho {MAX_SEARCH_WORDS}" in done.stderr, done.stderr


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "search.sqlite"), cases=20, clock=frozen_clock(NOW))


async def test_past_work_says_how_many_words_at_most_and_stays_open(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CaseFinderScreen("all"))
        await settle_until(pilot, lambda: isinstance(app.screen, CaseFinderScreen), "past work")
        screen = app.screen
        assert isinstance(screen, CaseFinderScreen)
        status = screen.query_one("#finder-status", Static)
        screen.query_one("#finder-query", Input).value = TOO_MANY
        await settle_until(pilot, lambda: f"como mucho {MAX_SEARCH_WORDS}" in str(status.render()), "the refusal")
        assert app.is_running and isinstance(app.screen, CaseFinderScreen)
        screen.query_one("#finder-query", Input).value = "a " * 3000
        expected = finder.find(services.engine, "a", "all").cases
        await settle_until(pilot, lambda: str(status.render()).startswith("Casos"), "the search again")
        assert [case.code for case in screen.cases] == [case.code for case in expected]
