"""A quote line's estimated hours: ASCII digits only, and at most the longest estimate a line may
carry; anything else is one sentence (command line and case-study screen), and nothing is stored."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, show_study
from textual.widgets import Input, Static

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.cli import main
from jq_console.domain.parsing import InputError
from jq_console.domain.quotes import MAX_ESTIMATE_HOURS, parse_estimate
from jq_console.store import cases as case_store
from jq_console.store import studies as study_store
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case_study import CaseStudyScreen

NOW = datetime(2027, 2, 3, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
TOO_MANY = {
    "an hour over": f"{MAX_ESTIMATE_HOURS + 1}",
    "a minute over": f"{MAX_ESTIMATE_HOURS}h1m",
    "fifteen digits": "999999999999999h",
    "more digits than int() reads": "9" * 5000,
    "as many minutes": "1h" + "9" * 5000 + "m",
}


def test_an_estimate_may_reach_the_longest_a_line_carries() -> None:
    assert parse_estimate(str(MAX_ESTIMATE_HOURS)) == MAX_ESTIMATE_HOURS * 60
    assert parse_estimate(f"{MAX_ESTIMATE_HOURS - 1}h60m") == MAX_ESTIMATE_HOURS * 60
    assert parse_estimate("0040") == 2400


@pytest.mark.parametrize("text", ["²", "²h", "1h²m", "٣", "４０"])
def test_digits_other_than_ascii_are_not_hours(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_estimate(text)
    assert caught.value.code == "err.input.estimate"


@pytest.mark.parametrize("text", TOO_MANY.values(), ids=TOO_MANY.keys())
def test_more_hours_than_a_line_carries_are_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_estimate(text)
    assert caught.value.code == "err.input.estimate_too_long"
    assert caught.value.params["limit"] == MAX_ESTIMATE_HOURS


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "estimates.sqlite"), clock=frozen_clock(NOW))


def a_feature_request(services: Services) -> str:
    return next(
        c.code
        for c in case_store.open_cases(services.engine)
        if c.category == "feature_request"
        and c.service == "subscription"
        and study_store.study_of(services.engine, c.code) is None
    )


@pytest.mark.parametrize(("line", "said"), [("A=999999999999999h", "pasan de"), ("A=²", "horas inválidas")])
def test_study_decide_refuses_the_line_and_stores_nothing(
    services: Services,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    line: str,
    said: str,
) -> None:
    monkeypatch.delenv("SUDO_USER", raising=False)
    monkeypatch.setenv("JQ_CONSOLE_AGENT", services.login)
    db = str(services.engine.url).removeprefix("sqlite:///")
    code = a_feature_request(services)
    capsys.readouterr()
    asked = ["study", "decide", code, "--outcome", "custom_development", "--line", line]
    decided = main(["--db", db, "--now", "2027-02-03T10:00", *asked])
    told = capsys.readouterr()
    assert decided == 2 and told.out == ""
    assert told.err.count("\n") == 1 and said in told.err, told.err
    assert study_store.study_of(services.engine, code) is None


async def test_the_study_screen_says_why_and_keeps_the_line(services: Services) -> None:
    code = a_feature_request(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_study(app, pilot, code)
        for hours, said in (("²", "horas inválidas"), ("9" * 5000, "pasan de")):
            screen.query_one("#line-text", Input).value = "Desarrollo"
            screen.query_one("#line-time", Input).value = hours
            screen.query_one("#line-time", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert screen.lines == []
            assert app.is_running and isinstance(app.screen, CaseStudyScreen)
            assert said in str(screen.query_one("#study-status", Static).render())
            assert screen.query_one("#line-text", Input).value == "Desarrollo"
