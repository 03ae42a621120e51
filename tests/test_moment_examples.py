"""A field that takes an instant shows an example of a full date-time: the day before today's, so
that it reads as an earlier day (never a date fixed in the catalogue, stale a year on), and one the
field itself accepts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from snapshot_support import SHOTS
from textual.widgets import Input, Label

from jq_console.domain.moments import example_moment, parse_moment
from jq_console.ui.app import JQConsoleApp
from jq_console.ui.screens.dialog_base import DialogScreen

BOGOTA = ZoneInfo("America/Bogota")


def test_the_example_is_the_day_before_at_half_past_three_and_parses() -> None:
    now = datetime(2027, 3, 1, 9, 5, tzinfo=BOGOTA)
    example = example_moment(now)
    assert example == "2027-02-28T15:30"
    assert parse_moment(example, BOGOTA, now) < now
    later = example_moment(now, days=7, time="17:00")  # an agreed deadline's
    assert later == "2027-03-08T17:00" and parse_moment(later, BOGOTA, now) > now


@pytest.mark.parametrize(
    ("name", "days", "shown"),
    [
        ("log_time", -1, "15:30 o {}"),
        ("notify", -1, "15:30 o {}"),
        ("refer", -1, "15:30 o {}"),
        ("conversation", -1, "15:30 o {}"),
        ("agreed_deadline", 7, "({}, o 15:30 para hoy)"),
    ],
)
async def test_each_instant_field_shows_the_example_of_its_day(
    name: str, days: int, shown: str, tmp_path: Path
) -> None:
    shot = SHOTS[name]
    app = shot.app(tmp_path)
    assert isinstance(app, JQConsoleApp)
    async with app.run_test(size=(160, 48)) as pilot:
        await shot.scenario(pilot)
        dialog = app.screen
        assert isinstance(dialog, DialogScreen)
        runtime = app.services.runtime
        time = "15:30" if days < 0 else "17:00"
        expected = (runtime.local(runtime.now()) + timedelta(days=days)).strftime(f"%Y-%m-%dT{time}")
        texts = [str(label.render()) for label in dialog.query(Label)]
        texts += [str(field.placeholder) for field in dialog.query(Input)]
        assert any(shown.format(expected) in text for text in texts), texts


@pytest.mark.parametrize("name", ["case_finder", "agreed_deadline"])
async def test_an_empty_date_field_shows_the_format_never_a_date_that_reads_as_typed(name: str, tmp_path: Path) -> None:
    """A placeholder such as 2026-11-01 in 'Opened from' read, in a terminal that does not dim it, as
    a filter in force over a list that was not filtered."""
    shot = SHOTS[name]
    app = shot.app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await shot.scenario(pilot)
        placeholders = [str(field.placeholder) for field in app.screen.query(Input)]
        assert not [text for text in placeholders if re.search(r"\d{4}-\d{2}-\d{2}", text)], placeholders
        assert any("AAAA-MM-DD" in text for text in placeholders), placeholders
