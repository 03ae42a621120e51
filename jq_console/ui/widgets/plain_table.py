"""A DataTable whose text cells are plain text.

Textual's DataTable reads a `str` cell as content markup: a client named `Comercial [/b] Andina`
would fail to render and `Ferretería [El Tornillo] Ltda.` would lose `[El Tornillo]`. Every table
that shows stored data is a `PlainTable`: a `str` cell becomes a `Text` of its plain characters.

It also mends a race in DataTable: new rows are measured on the table's next idle pass, and a row
drawn before that (a busy machine refreshes the screen first) is cached at the header's widths and
kept, since the caches are keyed by the table's update count, not by the widths. Once the widths
change, the drawings made at the old ones are forgotten.

`show_rows` draws a whole table from its rows: when the same rows come back in the same order (a
countdown moved, a count changed), only the cells that changed are replaced, so the table keeps its
size and the screen is not laid out again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Self

from rich.text import Text
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


class PlainTable(DataTable[Any]):
    _shown: list[Row] | None = None  # the rows `show_rows` drew, as given

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> RowKey:
        return super().add_row(*(_cell(cell) for cell in cells), height=height, key=key, label=label)

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: Any, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, _cell(value), update_width=update_width)

    def clear(self, columns: bool = False) -> Self:
        self._shown = None
        super().clear(columns)
        return self

    def show_rows(self, rows: Sequence[Row]) -> None:
        """The table's rows become `rows`: the changed cells only when the same keys come back in the
        same order, else emptied and filled again with the cursor kept on its row number."""
        shown = self._shown
        if shown is not None and [key for key, _ in shown] == [key for key, _ in rows]:
            columns = [column.key for column in self.ordered_columns]
            for (key, cells), (_, before) in zip(rows, shown, strict=True):
                for column, value, old in zip(columns, cells, before, strict=True):
                    if not _same(value, old):  # measured, as a new row's cells are
                        self.update_cell(key, column, value, update_width=True)
        else:
            cursor = self.cursor_row
            self.clear()
            for key, cells in rows:
                self.add_row(*cells, key=key)
            if rows:
                self.move_cursor(row=min(cursor, len(rows) - 1))
        self._shown = list(rows)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        super()._update_dimensions(new_rows)
        if widths != [column.get_render_width(self) for column in self.ordered_columns]:
            self._update_count += 1  # the key of every cached cell, row and line drawing
            self.refresh()
