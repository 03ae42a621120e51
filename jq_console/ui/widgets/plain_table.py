"""A DataTable whose text cells are plain text.

Textual's DataTable reads a `str` cell as content markup: a client named `Comercial [/b] Andina`
would fail to render and `Ferretería [El Tornillo] Ltda.` would lose `[El Tornillo]`. Every table
that shows stored data is a `PlainTable`: a `str` cell becomes a `Text` of its plain characters.

It also mends a race in DataTable: new rows are measured on the table's next idle pass, and a row
drawn before that (a busy machine refreshes the screen first) is cached at the header's widths and
kept, since the caches are keyed by the table's update count, not by the widths. Once the widths
change, the drawings made at the old ones are forgotten.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from jq_console.ui.support import literal


def _cell(value: Any) -> Any:
    return literal(value) if isinstance(value, str) else value


class PlainTable(DataTable[Any]):
    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> RowKey:
        return super().add_row(*(_cell(cell) for cell in cells), height=height, key=key, label=label)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        super()._update_dimensions(new_rows)
        if widths != [column.get_render_width(self) for column in self.ordered_columns]:
            self._update_count += 1  # the key of every cached cell, row and line drawing
            self.refresh()
