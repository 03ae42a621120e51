"""The dashboard's lists of cases (`CaseList`): drawn as a row-cursor DataTable with zebra stripes
draws the same rows, moved through alike, and after a change only the visible lines that show
something else are refreshed: a row removed out of view refreshes nothing."""

from __future__ import annotations

import contextlib
import random
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from jq_console.ui.widgets.case_list import CaseList
from jq_console.ui.widgets.plain_table import Row

COLUMNS = (("Caso", "case", 13), ("Restante", "left", 9), ("Cliente", "client", 24))
HOSTILE = "[b]Ferre[/b] \x1b[31mLtda."


def rows(count: int, *, start: int = 1) -> list[Row]:
    made: list[Row] = []
    for number in range(start, start + count):
        left = Text(f"-{number}h 00m", style=Style(color="bright_white", bgcolor="red", bold=True))
        made.append((f"JQ-2026-{number:05}", (f"JQ-2026-{number:05}", left, f"Cliente {number} [S.A.]")))
    return made


class OneList(App[None]):
    CSS = "CaseList, DataTable { height: 12; }"

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        for label, key, width in COLUMNS:
            self.widget.add_column(label, width=width, key=key)  # type: ignore[attr-defined]
        self.widget.focus()


@contextlib.asynccontextmanager
async def one_list() -> AsyncIterator[tuple[CaseList, Pilot[None]]]:
    """A list alone in an app (60x14), focused, with the three columns."""
    widget = CaseList()
    async with OneList(widget).run_test(size=(60, 14)) as pilot:
        yield widget, pilot


def a_table() -> DataTable[Any]:
    return DataTable(cursor_type="row", zebra_stripes=True)


def fill(widget: Widget, shown: Sequence[Row]) -> None:
    if isinstance(widget, CaseList):
        widget.show_rows(shown)
    else:
        assert isinstance(widget, DataTable)
        for key, cells in shown:
            widget.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells), key=key)


def characters(app: App[None]) -> list[list[tuple[str, Style | None]]]:
    """The screen as composed for the terminal, character by character with its style (without
    the mouse's metadata, which a DataTable writes into each cell)."""
    return [
        [
            (character, segment.style.clear_meta_and_links() if segment.style else None)
            for segment in strip
            for character in segment.text
        ]
        for strip in app.screen._compositor.render_strips()
    ]


async def picture_after(widget: Widget, shown: Sequence[Row], keys: Sequence[str]) -> tuple[Any, int, float]:
    """The screen, the cursor's row and the scroll after `keys`, the list focused."""
    app = OneList(widget)
    async with app.run_test(size=(60, 14)) as pilot:
        fill(widget, shown)
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        cursor = widget.cursor_row  # type: ignore[attr-defined]
        return characters(app), cursor, widget.scroll_offset.y


@pytest.mark.parametrize(
    "keys",
    [[], ["down", "down"], ["pagedown"], ["pagedown", "pagedown", "up"], ["pagedown", "pageup", "down"]],
    ids=lambda keys: "-".join(keys) or "none",
)
async def test_a_list_looks_and_moves_as_a_row_cursor_datatable(keys: list[str]) -> None:
    shown = rows(40)
    table = await picture_after(a_table(), shown, keys)
    listed = await picture_after(CaseList(), shown, keys)
    assert listed[1:] == table[1:]
    assert listed[0] == table[0]


async def test_end_and_home_go_to_the_last_and_the_first_case() -> None:
    """As in the queue (a DataTable's Home and End scroll sideways)."""
    shown = rows(40)
    screen, cursor, top = await picture_after(CaseList(), shown, ["end"])
    assert (cursor, top) == (39, 40 - 11)
    assert "JQ-2026-00040" in "".join(character for character, _ in screen[11])
    assert (await picture_after(CaseList(), shown, ["end", "home"]))[1:] == (0, 0)


async def test_text_is_shown_as_typed_never_as_markup() -> None:
    async with one_list() as (widget, pilot):
        widget.show_rows([("JQ-2026-00001", ("JQ-2026-00001", "-1h 00m", HOSTILE))])
        await pilot.pause()
        line = widget.render_line(1).text
        assert "[b]Ferre[/b] Ltda." in line and "\x1b" not in line  # the escape sequence dropped whole


async def refreshed_by(widget: CaseList, pilot: Any, change: Sequence[Row]) -> list[Region]:
    regions: list[Region] = []
    real = widget.refresh

    def counted(*asked: Region, **options: Any) -> Any:
        regions.extend(asked or [widget.size.region])
        return real(*asked, **options)

    widget.refresh = counted  # type: ignore[method-assign]
    try:
        widget.show_rows(change)
        await pilot.pause()
    finally:
        del widget.refresh
    return regions


async def test_a_row_removed_out_of_view_refreshes_nothing_and_one_in_view_the_lines_below_it() -> None:
    async with one_list() as (widget, pilot):
        shown = rows(40)
        widget.show_rows(shown)
        await pilot.pause()
        widget.action_cursor(1)
        await pilot.pause()
        assert await refreshed_by(widget, pilot, shown[:30] + shown[31:]) == []  # row 31 of 40: out of view
        assert widget.cursor_row == 1
        fewer = shown[:5] + shown[6:30] + shown[31:]
        regions = await refreshed_by(widget, pilot, fewer)  # the sixth row: lines 6 to 11 now show others
        assert sorted(region.y for region in regions) == list(range(6, 12))
        assert all(region.width == widget.size.width for region in regions)
        assert widget.cursor_row == 1 and widget.current_key == shown[1][0]  # rows only gone: it stays on its case
        # A countdown that moved: only its characters.
        moved = list(fewer)
        key, cells = moved[2]
        moved[2] = (key, (cells[0], Text("-3h 01m", style=cells[1].style), cells[2]))
        assert await refreshed_by(widget, pilot, moved) == [Region(1 + 13 + 2 + 5, 3, 1, 1)]
        assert widget.render_line(3).text.startswith(" JQ-2026-00003  -3h 01m")


@pytest.mark.parametrize("seed", range(6))
async def test_what_a_list_draws_after_any_changes_is_what_a_fresh_list_draws(seed: int) -> None:
    """Rows gone, new, reordered and changed in any mix, the cursor and the scroll moved between
    them: every line drawn is the line a list given the final rows at once draws."""
    chance = random.Random(seed)
    widget, fresh = CaseList(), CaseList()

    class Two(App[None]):
        CSS = "CaseList { height: 12; }"

        def compose(self) -> ComposeResult:
            yield widget
            yield fresh

        def on_mount(self) -> None:
            for each in (widget, fresh):
                for label, key, width in COLUMNS:
                    each.add_column(label, width=width, key=key)

    app = Two()
    async with app.run_test(size=(60, 26)) as pilot:
        pool = rows(60)
        shown = pool[:30]
        widget.show_rows(shown)
        await pilot.pause()
        for _ in range(12):
            shown = chance.sample(pool, chance.randint(0, 40))
            if chance.random() < 0.5:
                shown.sort()
            widget.show_rows(shown)
            widget.action_cursor(chance.randint(-3, 8))
            await pilot.pause()
            fresh.show_rows(shown)
            fresh.cursor_row = widget.cursor_row
            fresh.scroll_to(y=widget.scroll_offset.y, animate=False, immediate=True)
            fresh._forget_drawings()
            fresh.refresh()
            await pilot.pause()
            # As composed for the terminal, with every colour: a line the changes did not refresh
            # shows its old drawing (an old cursor, a stripe of the row before). Each list in turn
            # focused, or neither, as the seed says.
            focused = seed % 3
            if focused:
                widget.focus()
            else:
                app.set_focus(None)  # the first list has the focus when the app starts
            await pilot.pause()
            changed = characters(app)[:12]
            if focused:
                fresh.focus()
                await pilot.pause()
            assert changed == characters(app)[12:24]
            assert sum("JQ-2026" in "".join(c for c, _ in line) for line in changed) == min(len(shown), 11)


async def test_a_changed_cell_with_control_characters_is_drawn_again_whole() -> None:
    """A `str` is drawn without its control characters, so its characters' places on the screen are
    not their places in the string: the whole cell is refreshed, not a span computed on the string."""
    async with one_list() as (widget, pilot):
        widget.show_rows([("JQ-2026-00001", ("JQ-2026-00001", "-1h 00m", "Ca\x07fe Uno"))])
        await pilot.pause()
        regions = await refreshed_by(widget, pilot, [("JQ-2026-00001", ("JQ-2026-00001", "-1h 00m", "Ca\x07fe Dos"))])
        assert regions == [Region(1 + 13 + 2 + 9 + 2 - 1, 1, 24 + 2, 1)]
        assert widget.render_line(1).text.rstrip().endswith("Cafe Dos")


async def test_the_cursor_stays_on_its_case_while_the_rows_kept_keep_their_order() -> None:
    """One case handled above the cursor, another arrives below: a cursor the supervisor moved stays
    on its case (Enter opens what it showed). Rows in another order keep it on its row number, and
    one never moved stays on the first row."""
    async with one_list() as (widget, pilot):
        a, b, c, d, e, f = rows(6)
        widget.show_rows([a, b, c, d])
        widget.action_cursor(2)
        await pilot.pause()
        assert widget.current_key == c[0]
        widget.show_rows([b, c, d, e, f])  # one gone above it, two new below
        assert widget.current_key == c[0] and widget.cursor_row == 1
        widget.show_rows([b, d, c, e, f])  # reordered: the row number stays, on another case
        assert widget.cursor_row == 1 and widget.current_key == d[0]
        widget.clear()
        widget.show_rows([c, d])
        widget.show_rows([a, b, c, d])  # more urgent cases arrive above: the cursor stays on the first
        assert widget.cursor_row == 0 and widget.current_key == a[0]


async def test_a_list_scrolled_away_from_its_cursor_stays_where_it_was_scrolled() -> None:
    """The supervisor wheels down the at-risk list to read further, the cursor on its first row: a
    countdown that moves (every minute, every second near a deadline) does not scroll it back."""
    async with one_list() as (widget, pilot):
        shown = rows(40)
        widget.show_rows(shown)
        await pilot.pause()
        widget.scroll_to(y=20, animate=False, immediate=True)
        await pilot.pause()
        moved = list(shown)
        key, cells = moved[0]
        moved[0] = (key, (cells[0], Text("-1h 01m", style=cells[1].style), cells[2]))
        widget.show_rows(moved)
        await pilot.pause()
        assert widget.scroll_offset.y == 20 and widget.cursor_row == 0


async def test_a_row_drawn_again_keeps_its_new_drawing() -> None:
    """Textual's LRUCache keeps the first value set for a key: a row whose cells changed was drawn
    anew at every draw, its first drawing never replaced."""
    async with one_list() as (widget, pilot):
        shown = rows(3)
        widget.show_rows(shown)
        await pilot.pause()
        key, cells = shown[1]
        changed = (cells[0], Text("-2h 01m", style=cells[1].style), cells[2])
        widget.show_rows([shown[0], (key, changed), shown[2]])
        await pilot.pause()
        entries = [widget._kept.get(kept) for kept in widget._kept.keys()]  # noqa: SIM118 (no iterator of its own)
        drawn = [entry[0] for entry in entries if entry is not None and entry[1].text.startswith(" " + key)]
        assert drawn == [changed]
