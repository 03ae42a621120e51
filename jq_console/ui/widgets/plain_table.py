"""A DataTable whose text cells are plain text.

Textual's DataTable reads a `str` cell as content markup: a client named `Comercial [/b] Andina`
would fail to render and `Ferretería [El Tornillo] Ltda.` would lose `[El Tornillo]`. Every table
that shows stored data is a `PlainTable`: a `str` cell becomes a `Text` of its plain characters.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from jq_console.ui.support import literal


def _cell(value: Any) -> Any:
    return literal(value) if isinstance(value, str) else value


class PlainTable(DataTable[Any]):
    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> RowKey:
        return super().add_row(*(_cell(cell) for cell in cells), height=height, key=key, label=label)
