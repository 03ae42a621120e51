"""A DataTable whose text cells are plain text.

Textual's DataTable reads a `str` cell as content markup: a client named `Comercial [/b] Andina`
would fail to render and `Ferretería [El Tornillo] Ltda.` would lose `[El Tornillo]`. Every table
that shows stored data is a `PlainTable`: a `str` cell becomes a `Text` of its plain characters.

It also mends a race in DataTable: new rows are measured on the table's next idle pass, and a row
drawn before that (a busy machine refreshes the screen first) is cached at the header's widths and
kept, since the caches are keyed by the table's update count, not by the widths. Once the widths
change, the drawings made at the old ones are forgotten.

`show_rows` draws a whole table from its rows: when the same rows come back in the same order (a
countdown moved, a count changed), only the cells that changed are replaced and drawn again, so the table keeps its
size and the screen is not laid out again; a few rows gone or new rows after the others are removed
or added one by one, not the whole table filled again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Self

from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from jq_console.ui.support import literal, same_text


def _cell(value: Any) -> Any:
    return literal(value) if isinstance(value, str) else value


def _same(first: Any, second: Any) -> bool:
    if isinstance(first, Text) and isinstance(second, Text):
        return same_text(first, second)  # rich's `==` leaves out the base style (a row's colour)
    return bool(type(first) is type(second) and first == second)


Row = tuple[str, Sequence[Any]]  # a row's key and its cells
# Rows removed one by one beyond this many cost more than filling the table again (each removal
# renumbers every row after it).
MOST_REMOVED = 8


def _changes(shown: Sequence[Row], rows: Sequence[Row]) -> tuple[list[str], Sequence[Row]] | None:
    """(keys of the rows gone, rows added at the end) turning `shown` into `rows`, when the rows
    kept are in the same order and every new row comes after them; None when the order changed."""
    wanted = {key for key, _ in rows}
    kept = [key for key, _ in shown if key in wanted]
    if [key for key, _ in rows[: len(kept)]] != kept:
        return None
    gone = [key for key, _ in shown if key not in wanted]
    if len(gone) > MOST_REMOVED:
        return None
    return gone, rows[len(kept) :]


class PlainTable(DataTable[Any]):
    _shown: list[Row] | None = None  # the rows `show_rows` drew, as given
    _updating: Coordinate | None = None  # the cell `update_cell` is changing, while it does

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> RowKey:
        return super().add_row(*(_cell(cell) for cell in cells), height=height, key=key, label=label)

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: Any, *, update_width: bool = False
    ) -> None:
        """As DataTable's, but only the changed cell is drawn again: Textual's ends by refreshing the
        whole table, every visible row written to the terminal again for one changed cell (with the
        real clock, every countdown of the dashboard's at-risk list each second). A change of width
        still redraws everything (`_update_dimensions`)."""
        if row_key in self.rows and column_key in self.columns:
            self._updating = Coordinate(self.get_row_index(row_key), self.get_column_index(column_key))
        try:
            super().update_cell(row_key, column_key, _cell(value), update_width=update_width)
        finally:
            self._updating = None

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._updating is not None and not (regions or layout or recompose):
            self.refresh_coordinate(self._updating)  # the whole-table refresh that ends DataTable.update_cell
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def clear(self, columns: bool = False) -> Self:
        self._shown = None
        super().clear(columns)
        return self

    def show_rows(self, rows: Sequence[Row]) -> None:
        """The table's rows become `rows`. When the rows shown come back in the same order, some
        perhaps gone and new ones after them (a case taken leaves the list, another arrives), only
        the rows gone, the cells changed and the rows new are touched; else the table is emptied
        and filled again with the cursor kept on its row number."""
        shown = self._shown
        plan = None if shown is None else _changes(shown, rows)
        if shown is None or plan is None:
            self._fill(rows)
        else:
            self._change(shown, rows, *plan)
        self._shown = list(rows)

    def _fill(self, rows: Sequence[Row]) -> None:
        cursor = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))

    def _change(self, shown: Sequence[Row], rows: Sequence[Row], gone: list[str], added: Sequence[Row]) -> None:
        cursor = self.cursor_row
        at_cursor = shown[cursor][0] if gone and 0 <= cursor < len(shown) else None
        for key in gone:
            self.remove_row(key)
        before = dict(shown)
        columns = [column.key for column in self.ordered_columns]
        for key, cells in rows[: len(rows) - len(added)]:
            for column, value, old in zip(columns, cells, before[key], strict=True):
                if not _same(value, old):  # measured, as a new row's cells are
                    self.update_cell(key, column, value, update_width=True)
        for key, cells in added:
            self.add_row(*cells, key=key)
        if at_cursor is not None and at_cursor not in gone:  # the cursor stays on its row
            self.move_cursor(row=self.get_row_index(at_cursor))
        elif gone and rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        super()._update_dimensions(new_rows)
        if widths != [column.get_render_width(self) for column in self.ordered_columns]:
            self._update_count += 1  # the key of every cached cell, row and line drawing
            self.refresh()
