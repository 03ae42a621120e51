"""The queue's header keeps to one line: the longest wording of the schedules that fits the terminal's
width, the shortest (wrapped) when none does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from jq_console.bootstrap import Runtime, frozen_clock, load_runtime
from jq_console.i18n import language, set_language
from jq_console.ui.widgets.schedule_status import ScheduleStatus, schedules_line

BOGOTA = ZoneInfo("America/Bogota")


class Header(App[None]):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime

    def compose(self) -> ComposeResult:
        yield ScheduleStatus(self.runtime, id="schedules")


def at(moment: datetime) -> Runtime:
    return load_runtime(clock=frozen_clock(moment))


@pytest.fixture(params=["es", "en"])
def each_language(request: pytest.FixtureRequest) -> Iterator[str]:
    before = language()
    set_language(request.param)
    yield request.param
    set_language(before)


@pytest.fixture
def spanish() -> Iterator[None]:
    before = language()
    set_language("es")
    yield
    set_language(before)


@pytest.mark.parametrize("width", [80, 100, 160])
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA),  # both open
        datetime(2026, 12, 6, 10, 0, tzinfo=BOGOTA),  # a Sunday: both closed, and why
        datetime(2026, 12, 7, 21, 0, tzinfo=BOGOTA),  # the eve of a holiday, named
    ],
)
async def test_the_header_is_one_line_at_any_width_from_80(each_language: str, width: int, moment: datetime) -> None:
    runtime = at(moment)
    texts = schedules_line(runtime, runtime.now())
    async with Header(runtime).run_test(size=(width, 6)) as pilot:
        await pilot.pause()
        header = pilot.app.query_one(ScheduleStatus)
        shown = str(header.shown)
        assert header.size.height == 1
        assert cell_len(shown) <= header.content_size.width
        # the longest wording that fits: every one before it is too long
        assert all(cell_len(text) > header.content_size.width for text in texts[: texts.index(shown)])


@pytest.mark.usefixtures("spanish")
async def test_a_wide_terminal_has_every_word_and_a_narrow_one_the_fewest() -> None:
    runtime = at(datetime(2026, 12, 6, 10, 0, tzinfo=BOGOTA))
    async with Header(runtime).run_test(size=(160, 6)) as pilot:
        await pilot.pause()
        wide = pilot.app.query_one(ScheduleStatus).shown
        await pilot.resize_terminal(80, 6)
        await pilot.pause()
        narrow = pilot.app.query_one(ScheduleStatus).shown
    assert wide == (
        "dom 6 dic 10:00   Horario regular: cerrado, abre lun 7 dic 09:00 (hoy no hay horario)"
        "   Urgencias: cerrado, abre lun 7 dic 08:00 (hoy no hay horario)"
    )
    assert narrow == "dom 6 dic 10:00  Regular: abre lun 7 dic 09:00  Urgencias: abre lun 7 dic 08:00"


@pytest.mark.usefixtures("spanish")
async def test_a_holiday_closing_both_schedules_is_named_once_when_the_full_line_does_not_fit() -> None:
    runtime = at(datetime(2026, 12, 8, 10, 0, tzinfo=BOGOTA))  # La Inmaculada Concepción
    async with Header(runtime).run_test(size=(120, 6)) as pilot:
        await pilot.pause()
        shown = pilot.app.query_one(ScheduleStatus).shown
    assert shown == (
        "mar 8 dic 10:00  Regular: abre mié 9 dic 09:00  Urgencias: abre mié 9 dic 08:00"
        "  (festivo: La Inmaculada Concepción)"
    )
