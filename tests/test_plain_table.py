"""The tables that show stored data (`PlainTable`): a row drawn before the table measured it is
drawn again at the measured widths, and text stays plain."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey

from jq_console.ui.widgets.plain_table import PlainTable

CLIENT = "Ferretería [El Tornillo] Ltda."


class OneTable(App[None]):
    # A table of a fixed height, as in the billing screen: measuring its rows does not resize it.
    CSS = "DataTable { height: 5; }"

    def __init__(self, table: DataTable[Any]) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table

    def on_mount(self) -> None:
        self.table.add_column("Caso", key="case")
        self.table.add_column("Cliente", key="client")


async def _first_row_after_an_early_draw(table: DataTable[Any]) -> str:
    """Adds a row, draws it before the table's idle pass measures it (what a busy machine does
    when the screen refreshes first), lets the table measure it, and reads the row as drawn."""
    app = OneTable(table)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        table.add_row("JQ-2026-00050", CLIENT, key="row")
        table.render_line(1)  # drawn at the header's widths: the row is not measured yet
        await pilot.pause()
        await pilot.pause()
        return table.render_line(1).text


async def test_a_row_drawn_before_it_was_measured_is_drawn_again_at_its_width() -> None:
    assert "JQ-2026-00050" in await _first_row_after_an_early_draw(PlainTable())
    assert CLIENT in await _first_row_after_an_early_draw(PlainTable())


async def test_textuals_own_table_keeps_the_early_drawing() -> None:
    """Why PlainTable forgets its drawings once it measured: the plain DataTable keeps the line it
    drew at the header's widths (a screenshot taken on a loaded machine showed `JQ-2`)."""
    assert "JQ-2026-00050" not in await _first_row_after_an_early_draw(DataTable())


async def test_show_rows_replaces_only_the_changed_cells_and_keeps_them_plain() -> None:
    """The same rows again (a count changed, a countdown moved) update their changed cells in place,
    as plain text like a new row's; other rows fill the table again."""
    table = PlainTable()
    app = OneTable(table)
    async with app.run_test(size=(80, 6)) as pilot:
        table.show_rows([("a", ("JQ-1", "Uno")), ("b", ("JQ-2", "Dos"))])
        await pilot.pause()
        updated: list[tuple[object, object]] = []
        original = table.replace_cells

        def spy(changes: Any, **kwargs: Any) -> None:
            updated.extend((row, column) for row, column, _ in changes)
            original(changes, **kwargs)

        table.replace_cells = spy  # type: ignore[method-assign]
        table.show_rows([("a", ("JQ-1", "Uno")), ("b", ("JQ-2", CLIENT))])
        assert updated == [("b", "client")]
        await pilot.pause()
        assert CLIENT in table.render_line(2).text  # the brackets shown as typed, not read as markup

        table.show_rows([("b", ("JQ-2", CLIENT)), ("a", ("JQ-1", "Uno"))])  # another order: filled again
        assert updated == [("b", "client")] and table.row_count == 2
        await pilot.pause()
        assert "JQ-2" in table.render_line(1).text


async def test_an_updated_cell_stays_plain_text() -> None:
    table = PlainTable()
    async with OneTable(table).run_test(size=(80, 6)) as pilot:
        table.add_row("JQ-1", "Uno", key="a")
        table.update_cell("a", "client", "Comercial [/b] Andina")
        await pilot.pause()
        assert "Comercial [/b] Andina" in table.render_line(1).text


async def test_show_rows_removes_the_rows_gone_and_adds_the_new_ones_without_filling_again() -> None:
    """A case taken leaves the list and another arrives: the table loses one row and gains one;
    the rows kept are not added again and the cursor stays on its row. Rows in a new order are not
    added again either. Many rows gone fill the table again."""
    table = PlainTable(cursor_type="row")
    app = OneTable(table)
    async with app.run_test(size=(80, 8)) as pilot:
        table.show_rows([(key, (f"JQ-{key}", "Uno")) for key in "abcd"])
        table.move_cursor(row=2)  # on "c"
        await pilot.pause()
        added: list[str] = []
        original = table.add_row

        def spy(*cells: Any, **kwargs: Any) -> Any:
            added.append(kwargs["key"])
            return original(*cells, **kwargs)

        table.add_row = spy  # type: ignore[method-assign]
        table.show_rows([("a", ("JQ-a", "Uno")), ("c", ("JQ-c", CLIENT)), ("d", ("JQ-d", "Uno")), ("e", ("JQ-e", ""))])
        assert added == ["e"]
        await pilot.pause()
        assert [table.get_row_at(row)[0].plain for row in range(table.row_count)] == ["JQ-a", "JQ-c", "JQ-d", "JQ-e"]
        assert CLIENT in table.render_line(2).text and table.cursor_row == 1  # still on "c"

        table.show_rows([("a", ("JQ-a", "Uno")), ("d", ("JQ-d", "Uno"))])  # its row gone: the same number
        assert table.cursor_row == 1
        table.show_rows([("a", ("JQ-a", "Uno"))])  # the last rows gone: the cursor comes back to the table
        assert added == ["e"] and table.row_count == 1 and table.cursor_row == 0

        table.show_rows([("f", ("JQ-f", "")), ("a", ("JQ-a", "Uno"))])  # a new row before a kept one
        assert added == ["e", "f"]  # put in its place, the kept row not added again
        assert [table.get_row_at(row)[0].plain for row in range(table.row_count)] == ["JQ-f", "JQ-a"]
        assert table.cursor_row == 0  # on its row number, as a table filled again
        table.show_rows([("a", ("JQ-a", "Uno")), ("g", ("JQ-g", "")), ("h", ("JQ-h", ""))])
        table.move_cursor(row=2)  # on "h"
        await pilot.pause()
        table.show_rows([("h", ("JQ-h", "")), ("a", ("JQ-a", "Uno"))])  # "g" gone and "h" moved up
        assert table.cursor_row == 1  # a new order keeps the row number: the list does not scroll after "h"
        with pytest.raises(DuplicateKey):  # a key twice is refused, as a table filled again refuses it
            table.show_rows([("a", ("JQ-a", "Uno")), ("a", ("JQ-a", "Dos"))])
        many = [(f"k{n}", (f"JQ-{n}", "")) for n in range(12)]
        table.show_rows(many)
        added.clear()
        table.show_rows(many[:1])  # eleven gone: cheaper filled again than removed one by one
        assert added == ["k0"] and table.row_count == 1


async def test_an_updated_cell_redraws_what_changed_in_it_not_the_whole_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's update_cell refreshes the whole table: every visible row written to the terminal
    again for one changed count. Here only the changed characters, or the changed cell."""
    table = PlainTable()
    async with OneTable(table).run_test(size=(80, 8)) as pilot:
        table.show_rows([(key, (f"JQ-{key}", "Uno")) for key in "abcd"])
        await pilot.pause()
        refreshed: list[tuple[Region, ...]] = []
        original = DataTable.refresh

        def spy(self: DataTable[Any], *regions: Region, **kwargs: Any) -> Any:
            refreshed.append(regions)
            return original(self, *regions, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(DataTable, "refresh", spy)
            table.show_rows([(key, (f"JQ-{key}", "Dos" if key == "c" else "Uno")) for key in "abcd"])
            refreshed_cell = list(refreshed)
            refreshed.clear()
            table.show_rows([(key, (f"JQ-{key}", "Dos" if key == "c" else "Unos")) for key in "abcd"])
        regions = [region for regions in refreshed_cell for region in regions]
        second_x = table.ordered_columns[0].get_render_width(table)
        # "Uno" to "Dos": the three characters, not the table, nor the row, nor the cell's padding
        assert [(region.x, region.y, region.width, region.height) for region in regions] == [
            (second_x + table.cell_padding, 3, 3, 1)
        ]
        # a new length: the whole cell of each row that changed
        width = table.ordered_columns[1].get_render_width(table)
        regions = [region for regions in refreshed for region in regions]
        assert sorted((region.x, region.y, region.width) for region in regions) == [
            (second_x, y, width) for y in (1, 2, 4)
        ]
        await pilot.pause()
        assert "Dos" in table.render_line(3).text and "Unos" in table.render_line(4).text


async def test_cells_replaced_together_keep_the_columns_as_wide_as_their_widest_cell() -> None:
    """A countdown that grows a digit widens its column; the widest one shrinking narrows it again;
    a change within the width measures nothing else and redraws only its cells."""
    table = PlainTable()
    async with OneTable(table).run_test(size=(80, 8)) as pilot:
        table.show_rows([(key, (f"JQ-{key}", "09:00:00")) for key in "abc"])
        await pilot.pause()
        second = table.ordered_columns[1]
        assert second.content_width == max(len("09:00:00"), len("Cliente"))
        table.show_rows([(key, (f"JQ-{key}", "100:00:00" if key == "b" else "09:00:00")) for key in "abc"])
        await pilot.pause()
        assert second.content_width == 9 and "100:00:00" in table.render_line(2).text
        table.show_rows([(key, (f"JQ-{key}", "08:59:59")) for key in "abc"])
        await pilot.pause()
        assert second.content_width == 8
        assert [table.render_line(y).text.split()[1] for y in (1, 2, 3)] == ["08:59:59"] * 3


async def test_drawings_of_cells_that_changed_are_not_kept() -> None:
    """Textual keys its caches of drawn cells by the table's update count: after each change none of
    the old drawings can be used again, yet they stayed until 10,000 had piled up. A countdown a
    second kept growing the dashboard."""
    table = PlainTable()
    async with OneTable(table).run_test(size=(80, 8)) as pilot:
        for second in range(40):
            table.show_rows([(key, (f"JQ-{key}", f"09:00:{59 - second:02d}")) for key in "abcdef"])
            await pilot.pause()
            table.render_lines(table.region.reset_offset)  # drawn, as the screen does
        visible_cells = 2 * (table.size.height + 1)
        assert 0 < len(table._cell_render_cache) <= visible_cells
        assert len(table._line_cache) <= table.size.height + 1


class ManyRows(App[None]):
    CSS = "DataTable { height: 12; }"

    def __init__(self, table: DataTable[Any], columns: int) -> None:
        super().__init__()
        self.table, self.columns = table, columns

    def compose(self) -> ComposeResult:
        yield self.table

    def on_mount(self) -> None:
        for column in range(self.columns):
            self.table.add_column(f"C{column}", key=f"c{column}")


def _drawn(table: PlainTable) -> list[list[tuple[str, Any]]]:
    return [[(segment.text, segment.style) for segment in table.render_line(y)] for y in range(table.size.height)]


def _fresh(table: PlainTable) -> list[list[tuple[str, Any]]]:
    """The lines as a table that kept no drawing would draw them."""
    table._update_count += 1
    table._forget_drawings()
    if table._kept_cells is not None:
        table._kept_cells.clear()
    return _drawn(table)


async def test_a_changed_countdown_draws_its_own_cell_again_not_every_visible_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual keys every drawing of a table by its update count, which each change bumps: one
    moved countdown drew every visible cell again (six columns of fifteen rows, a second, on the
    dashboard). Only the drawings of the changed cells are forgotten now."""
    table = PlainTable()
    async with ManyRows(table, 6).run_test(size=(100, 14)) as pilot:
        rows = [(f"r{n}", [f"JQ-{n}", f"00:0{n % 10}:00", "S1", "asignación", "ana", "Cliente"]) for n in range(20)]
        table.show_rows(rows)
        await pilot.pause()
        _drawn(table)
        drawn: list[tuple[Any, ...]] = []
        original = DataTable._render_cell

        def counted(self: DataTable[Any], row_index: int, column_index: int, *args: Any, **kwargs: Any) -> Any:
            key = (self._row_locations.get_key(row_index), self._column_locations.get_key(column_index))
            cached = self._cell_render_cache.keys()
            if key not in {(k[0], k[1]) for k in cached}:
                drawn.append((row_index, column_index))
            return original(self, row_index, column_index, *args, **kwargs)

        monkeypatch.setattr(DataTable, "_render_cell", counted)
        rows[2] = ("r2", [*rows[2][1][:1], "00:01:59", *rows[2][1][2:]])
        table.show_rows(rows)
        await pilot.pause()
        assert (2, 1) in drawn
        assert _drawn(table) == _fresh(table)
        drawn.clear()
        rows[3] = ("r3", [*rows[3][1][:1], "00:02:59", *rows[3][1][2:]])
        table.show_rows(rows)
        await pilot.pause()
        _drawn(table)
        assert drawn == [(3, 1)]


@pytest.mark.parametrize("stripes", [True, False])
async def test_a_row_gone_draws_again_only_the_rows_that_moved(monkeypatch: pytest.MonkeyPatch, stripes: bool) -> None:
    """A case taken leaves the dashboard's at-risk list: the rows below it move up a line and are
    drawn again (their place and stripe changed), the rows above it are not. Textual's own drawings
    are keyed by the update count the removal changes, so every visible cell was drawn again."""
    table = PlainTable(cursor_type="row", zebra_stripes=stripes)
    async with ManyRows(table, 6).run_test(size=(100, 14)) as pilot:
        rows = [(f"r{n}", [f"JQ-{n}", f"00:0{n % 10}:00", "S1", "asignación", "ana", "Cliente"]) for n in range(20)]
        table.show_rows(rows)
        await pilot.pause()
        _drawn(table)
        drawn: list[tuple[int, int]] = []
        original = DataTable._render_cell

        def counted(self: DataTable[Any], row_index: int, column_index: int, *args: Any, **kwargs: Any) -> Any:
            drawn.append((row_index, column_index))
            return original(self, row_index, column_index, *args, **kwargs)

        monkeypatch.setattr(DataTable, "_render_cell", counted)
        del rows[5]
        table.show_rows(rows)
        await pilot.pause()
        assert _drawn(table) == _fresh(table)  # each moved row drawn at its new place, for the mouse too
        drawn.clear()
        del rows[7]
        table.show_rows(rows)
        await pilot.pause()
        _drawn(table)
        moved = {row for row, column in drawn if row >= 0 and column >= 0}
        assert moved and min(moved) == 7, "the rows above the one gone are kept as drawn"


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_what_a_table_draws_after_any_changes_is_what_a_fresh_table_draws(seed: int) -> None:
    """Changed cells (same length or not, wider than their column or narrower), rows gone and new,
    scrolling and the cursor, in any order: every line drawn from what the table kept is the line
    drawn with nothing kept."""
    rng = random.Random(seed)
    words = ["00:12:05", "00:12:06", "-01:00:00", "x", "日本", "libre", "ocupado", "a日b", "10:02:05", "ñandú", ""]

    def cell() -> Any:
        word = rng.choice(words)
        return Text(word, style=rng.choice(["", "red", "bold"])) if rng.random() < 0.7 else word

    table = PlainTable(cursor_type="row", zebra_stripes=True, cell_padding=rng.choice([0, 1]))
    async with ManyRows(table, 5).run_test(size=(70, 14)) as pilot:
        rows = [(f"r{n}", [cell() for _ in range(5)]) for n in range(30)]
        table.show_rows(rows)
        await pilot.pause()
        for step in range(80):
            roll = rng.random()
            if roll < 0.1:
                table.scroll_to(y=rng.randint(0, 20), animate=False)
            elif roll < 0.2:
                table.move_cursor(row=rng.randint(0, len(rows) - 1))
            elif roll < 0.25 and len(rows) > 10:
                rows.pop(rng.randrange(len(rows)))
            elif roll < 0.3:
                rows.append((f"n{step}", [cell() for _ in range(5)]))
            elif roll < 0.4:  # a row moves (a case at risk whose clock changed), perhaps with new cells
                moved = rows.pop(rng.randrange(len(rows)))
                rows.insert(rng.randrange(len(rows) + 1), (moved[0], [cell() for _ in range(5)]))
            else:
                rows = [(key, [cell() if rng.random() < 0.15 else value for value in cells]) for key, cells in rows]
            table.show_rows(rows)
            await pilot.pause()
            assert [row.key.value for row in table.ordered_rows] == [key for key, _ in rows], f"step {step}"
            assert [[str(value) for value in table.get_row_at(index)] for index in range(len(rows))] == [
                [str(value) for value in cells] for _key, cells in rows
            ], f"step {step}"
            kept = _drawn(table)
            assert kept == _fresh(table), f"step {step}"


async def test_a_heading_is_shown_as_written() -> None:
    """DataTable reads a `str` heading as markup with emoji codes: `[S.A.]` would be taken for a
    style, and reading the codes loads rich's table of every emoji name into each console."""
    table = PlainTable()

    class Headed(App[None]):
        def compose(self) -> ComposeResult:
            yield table

        def on_mount(self) -> None:
            table.add_column("Cliente [S.A.] :smile:", key="client")
            table.add_row("Ferretería", key="row")

    async with Headed().run_test(size=(60, 4)) as pilot:
        await pilot.pause()
        assert "Cliente [S.A.] :smile:" in table.render_line(0).text


async def test_a_cell_drawn_again_keeps_its_new_drawing() -> None:
    """Textual's LRUCache keeps the first value set for a key: a cell whose value changed in place
    (a countdown) was drawn anew at every draw, its first drawing never replaced."""
    table = PlainTable()
    app = OneTable(table)
    async with app.run_test(size=(80, 6)) as pilot:
        table.add_row("JQ-2026-00050", "-1h 00m", key="row")
        await pilot.pause()
        table.update_cell("row", "client", "-1h 01m")
        await pilot.pause()
        kept = table._kept_cells
        assert kept is not None
        entries = [kept.get(key) for key in kept.keys() if key[1] == "client"]  # noqa: SIM118 (no iterator of its own)
        assert [entry[0].plain for entry in entries if entry is not None] == ["-1h 01m"]
