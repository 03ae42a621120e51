"""The months billing and reports accept are the months they can show: the last one still has a
next month to end at (the calendar ends with 9999), so December of the last year is shown, and
a month past it is one sentence, on the command line as in the domain, and closes nothing."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from office_support import demo_by_command, run

from jq_console.domain.billing import FIRST_YEAR, LAST_YEAR, month_bounds, parse_month
from jq_console.domain.parsing import InputError

TZ = ZoneInfo("America/Bogota")
FIRST, LAST, PAST = f"{FIRST_YEAR}-01", f"{LAST_YEAR}-12", f"{LAST_YEAR + 1}-01"


def test_every_month_accepted_has_its_bounds() -> None:
    for month in (FIRST, LAST):
        start, end = month_bounds(*parse_month(month), TZ)
        assert start < end
    for month in (PAST, "9999-12", f"{FIRST_YEAR - 1}-12"):
        with pytest.raises(InputError) as refusal:  # bad input, not a refusal of the policy
            parse_month(month)
        assert refusal.value.code == "billing.month_range"


@pytest.mark.parametrize("year", [0, FIRST_YEAR - 1, FIRST_YEAR, LAST_YEAR, LAST_YEAR + 1, 9999])
def test_a_month_parse_month_accepts_has_bounds(year: int) -> None:
    for month in range(1, 13):
        try:
            accepted = parse_month(f"{year:04d}-{month:02d}")
        except InputError:
            continue
        month_bounds(*accepted, TZ)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_by_command(tmp_path_factory.mktemp("months"), 5)


@pytest.mark.parametrize("command", [["billing"], ["report"], ["billing", "close"]])
def test_a_month_past_the_last_is_one_sentence_and_closes_nothing(office: str, command: list[str]) -> None:
    for month in ("9999-12", PAST):
        done = run("--db", office, *command, "--month", month)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr  # bad input
        assert done.stderr.count("\n") == 1 and f"entre {FIRST_YEAR} y {LAST_YEAR}" in done.stderr, done.stderr
    shown = run("--db", office, "billing", "--month", "9999-12")
    assert "cerrado" not in shown.stdout


def test_the_first_month_is_shown_and_can_be_closed(office: str) -> None:
    for command in (["billing"], ["report"], ["billing", "close"], ["billing"]):
        done = run("--db", office, *command, "--month", FIRST)
        assert done.returncode == 0 and done.stderr == "", (command, done.stderr)


def test_the_last_month_is_shown_but_has_no_report_and_cannot_be_closed_before_it_ends(office: str) -> None:
    """A month not yet begun has nothing to report, and one not yet ended cannot be closed: a
    closing is never undone, and it would refuse the rest of the month's work."""
    assert run("--db", office, "billing", "--month", LAST).returncode == 0
    done = run("--db", office, "report", "--month", LAST)
    assert (done.returncode, done.stdout) == (2, "") and "aún no ha empezado" in done.stderr
    done = run("--db", office, "billing", "close", "--month", LAST)
    assert (done.returncode, done.stdout) == (1, "") and "aún no ha terminado" in done.stderr
    assert "Mes abierto" in run("--db", office, "billing", "--month", LAST).stdout


@pytest.mark.parametrize("command", [["billing"], ["report"]])
def test_an_empty_month_is_refused_not_read_as_the_current_one(office: str, command: list[str]) -> None:
    done = run("--db", office, *command, "--month", "")
    assert done.returncode != 0 and done.stdout == "", done.stdout
    assert done.stderr.count("\n") == 1, done.stderr
