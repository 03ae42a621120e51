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
size and the screen is not laid out again; a few rows gone or new ones are removed or added one by
one, and rows that come in a new order are put in it as `DataTable.sort` does, not the whole table
filled again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Self, TypeVar

from rich.style import Style
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.cache import LRUCache
from textual.geometry import Region
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets._data_table import default_cell_formatter
from textual.widgets.data_table import ColumnKey, RowKey

from jq_console.ui.support import literal, moved_characters, same_cell

Key = TypeVar("Key", bound=Hashable)


def _cell(value: Any) -> Any:
    return literal(value) if isinstance(value, str) else value


def _row_key(key: RowKey | str) -> RowKey:
    return key if isinstance(key, RowKey) else RowKey(key)


def _column_key(key: ColumnKey | str) -> ColumnKey:
    return key if isinstance(key, ColumnKey) else ColumnKey(key)


def _discard_where(cache: LRUCache[Key, Any], gone: Callable[[Key], bool]) -> None:
    keys = cache.keys()  # an LRUCache has no iterator of its own
    for key in [key for key in keys if gone(key)]:
        cache.discard(key)


Row = tuple[str, Sequence[Any]]  # a row's key and its cells
# Rows removed one by one beyond this many cost more than filling the table again (each removal
# renumbers every row after it).
MOST_REMOVED = 8


def _changes(shown: Sequence[Row], rows: Sequence[Row]) -> tuple[list[str], list[Row]] | None:
    """(keys of the rows gone, rows new) turning `shown` into `rows`; None when so many are gone
    that filling the table again costs less."""
    wanted = {key for key, _ in rows}
    gone = [key for key, _ in shown if key not in wanted]
    if len(gone) > MOST_REMOVED or len(wanted) < len(rows):  # a key twice: filling says so (DuplicateKey)
        return None
    had = {key for key, _ in shown}
    return gone, [row for row in rows if row[0] not in had]


# Cell drawings kept across changes of the table's update count (see `_render_cell`): at least
# this many, and at least KEPT_SCREENS screenfuls of the table's cells, so that a draw after a change
# finds the drawings of the one before it (a tall wall board's table has more cells than the least).
KEPT_CELLS = 512
KEPT_SCREENS = 3


class PlainTable(DataTable[Any]):
    _shown: list[Row] | None = None  # the rows `show_rows` drew, as given
    _kept_cells: LRUCache[tuple[Any, ...], tuple[Any, Any]] | None = None

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Any:
        """A cell's drawing, kept while the cell is drawn alike: the same value (the very object)
        in the same place (its row index, which Textual writes into the drawing for the mouse),
        width, stripe and cursor. Textual keys its own by the table's update count, which a row
        removed, added or moved changes: the dashboard's at-risk list then drew every visible cell
        again after each case taken (a third of a dashboard's time under changes), although only the
        rows below the change moved."""
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # the header, or the labels' column
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        value = self._data[row_key][column_key]
        key = (
            row_key,
            column_key,
            row_index,
            column_index,
            base_style,
            width,
            cursor,
            hover,
            self._show_hover_cursor,
            self._pseudo_class_state,
            self.rows[row_key].height,
        )
        kept = self._kept_cells
        if kept is None:
            kept = self._kept_cells = LRUCache(KEPT_CELLS)
        entry = kept.get(key)
        if entry is not None and entry[0] is value:
            return entry[1]
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        kept.grow(KEPT_SCREENS * self.size.height * len(self._column_locations))
        kept.discard(key)  # an LRUCache keeps the first value set for a key: a cell drawn anew replaces it
        kept[key] = (value, lines)  # the value held: its identity stays its own while kept
        return lines

    def notify_style_update(self) -> None:
        if self._kept_cells is not None:
            self._kept_cells.clear()  # a theme or a style changed: every cell is drawn anew
        super().notify_style_update()

    def _clear_caches(self) -> None:
        if self._kept_cells is not None:
            self._kept_cells.clear()
        super()._clear_caches()

    def add_column(
        self, label: Any, *, width: int | None = None, key: str | None = None, default: Any = None
    ) -> ColumnKey:
        """As DataTable's, with a `str` heading shown as written: DataTable reads it as markup, with
        emoji codes, and reading them loads rich's table of every emoji name (half a megabyte in every
        console and dashboard) for headings that have none."""
        return super().add_column(_cell(label), width=width, key=key, default=default)

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> RowKey:
        return super().add_row(*(_cell(cell) for cell in cells), height=height, key=key, label=label)

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: Any, *, update_width: bool = False
    ) -> None:
        """As DataTable's, but only the changed cell is drawn again (see `replace_cells`)."""
        if row_key not in self.rows or column_key not in self.columns:
            super().update_cell(row_key, column_key, value, update_width=update_width)  # raises its error
        self.replace_cells([(row_key, column_key, value)], measure_width=update_width)

    def replace_cells(
        self, changes: Sequence[tuple[RowKey | str, ColumnKey | str, Any]], *, measure_width: bool = True
    ) -> None:
        """Several cells at once, each redrawn alone. Textual's `update_cell` refreshes the whole
        table (every visible row written to the terminal again for one changed count), and one by
        one each call costs a pass over every row (its row cache is keyed by the update count) and,
        when a cell grows narrower, a measure of its whole column: with the real clock the
        dashboard's 300 at-risk countdowns cost 100 ms a second that way. Here the columns are
        measured once, and only when a cell outgrows its column or its column's widest cell shrank;
        a change of width redraws the whole table."""
        if not changes:
            return
        console = self.app.console
        widened = False
        shrunk: set[ColumnKey] = set()
        replaced: list[tuple[RowKey, ColumnKey, Any, Any]] = []
        for row_key, column_key, value in changes:
            row, column = self.rows[_row_key(row_key)], self.columns[_column_key(column_key)]
            cells = self._data[row.key]
            old, cells[column.key] = cells[column.key], _cell(value)
            replaced.append((row.key, column.key, old, cells[column.key]))
            if not measure_width:
                continue
            width = self._content_width(cells[column.key], row.height)
            if width > column.content_width:
                column.content_width, widened = width, True
            elif width < column.content_width and self._content_width(old, row.height) == column.content_width:
                shrunk.add(column.key)
        for key in shrunk:
            column = self.columns[key]
            widest = max(
                measure(console, column.label, 1),
                *(self._content_width(self._data[row.key][key], row.height) for row in self.ordered_rows),
            )
            widened = widened or widest != column.content_width
            column.content_width = widest
        if widened:
            self._update_count += 1  # the key of every cached cell, row and line drawing
            self._forget_drawings()
            self._require_update_dimensions = True  # the scrollable size, on the next idle pass
            self.refresh()
            return
        self._refresh_cells(replaced)

    def _content_width(self, value: Any, height: int) -> int:
        if height == 1 and isinstance(value, Text) and "\n" not in value.plain:
            return value.cell_len  # what `measure` finds for one line of text, without a console pass
        return measure(self.app.console, default_cell_formatter(value, wrap=height != 1, height=height), 1)

    def _refresh_cells(self, replaced: Sequence[tuple[RowKey, ColumnKey, Any, Any]]) -> None:
        """Forget the drawings of the replaced cells and refresh what changed in each: its place
        found in one pass over rows and columns (DataTable's `refresh_coordinate` walks every row
        above the cell, for each cell), and within a cell of one line of text only the characters
        that differ ("-12m 05s" to "-12m 06s")."""
        tops, y = {}, self.header_height if self.show_header else 0
        for row in self.ordered_rows:
            tops[row.key] = (y, row.height)
            y += row.height
        self._forget_cells(replaced, tops)
        lefts, x = {}, self._row_label_column_width
        for column in self.ordered_columns:
            width = column.get_render_width(self)
            lefts[column.key] = (x, width)
            x += width
        window = self.window_region  # cells scrolled out of sight are drawn when they come back
        offset = -self.scroll_offset
        regions = []
        for row_key, column_key, old, new in replaced:
            (top, height), (left, width) = tops[row_key], lefts[column_key]
            region = Region(left, top, width, height)
            if not window.overlaps(region):
                continue
            moved = moved_characters(old, new) if height == 1 else None
            if moved is not None:
                first, count = moved
                region = Region(left + self.cell_padding + first, top, count, 1).intersection(region)
            regions.append(region.translate(offset))
        if regions:  # one call: each refresh clears the widget's caches and wakes its message loop
            self.refresh(*regions)

    def clear(self, columns: bool = False) -> Self:
        self._shown = None
        super().clear(columns)
        return self

    def show_rows(self, rows: Sequence[Row]) -> None:
        """The table's rows become `rows`. Only the rows gone, the cells changed and the rows new are
        touched (a case taken leaves the list, another arrives), and rows that came in another order
        (a case at risk that moved) are put in it, as `DataTable.sort` does, without being added
        again. Only when many rows are gone is the table emptied and filled again. The cursor stays
        on its row when rows are gone, else on its row number."""
        shown = self._shown
        plan = None if shown is None else _changes(shown, rows)
        count = self._update_count
        if shown is None or plan is None:
            self._fill(rows)
        else:
            self._change(shown, rows, *plan)
        self._shown = list(rows)
        if self._update_count != count:
            self._forget_drawings()

    def _forget_drawings(self) -> None:
        """Empty the caches of drawn cells, rows and lines: they are keyed by the update count, so
        after a change none of them can be drawn again, yet they stayed until 10,000 cells and
        1,000 rows and lines had pushed them out (megabytes per table, with the real clock within
        two minutes for the dashboard's at-risk list)."""
        self._cell_render_cache.clear()
        self._row_render_cache.clear()
        self._row_renderable_cache.clear()
        self._line_cache.clear()

    def _forget_cells(
        self, replaced: Sequence[tuple[RowKey, ColumnKey, Any, Any]], tops: dict[RowKey, tuple[int, int]]
    ) -> None:
        """Forget only the drawings the replaced cells are in: the cells, their rows' renderables
        and drawings, and their rows' lines. Textual would bump the table's update count, the key of
        every drawing, and draw every visible cell again for one changed countdown (six columns of
        fifteen rows, a second, on the dashboard's at-risk list). The keys' layout is Textual's
        (`DataTable._render_cell`, `_get_row_renderables`, `_render_line_in_row`, `_render_line`)."""
        cells = {(row, column) for row, column, _old, _new in replaced}
        rows = {row for row, _column in cells}
        indexes = {self._row_locations.get(row) for row in rows}
        lines = {top + offset for row in rows for top, height in (tops[row],) for offset in range(height)}
        _discard_where(self._cell_render_cache, lambda key: (key[0], key[1]) in cells)
        _discard_where(self._row_renderable_cache, lambda key: key[1] in indexes)
        _discard_where(self._row_render_cache, lambda key: key[0] in rows)
        _discard_where(self._line_cache, lambda key: key[0] in lines)

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
        self.replace_cells(
            [
                (key, column, value)
                for key, cells in rows
                if key in before and cells is not before[key]  # the very cells drawn last time: kept
                for column, value, old in zip(columns, cells, before[key], strict=True)
                if not same_cell(value, old)  # measured, as a new row's cells are
            ]
        )
        for key, cells in added:
            self.add_row(*cells, key=key)
        keys = [key for key, _ in rows]
        reordered = [row.key.value for row in self.ordered_rows] != keys
        if reordered:
            self._put_in_order(keys)
        # Rows gone: the cursor stays on its row. Rows in a new order keep it on its row number, as a
        # table filled again does (following its row would scroll a list the supervisor only reads).
        if at_cursor is not None and at_cursor not in gone and not reordered:
            self.move_cursor(row=self.get_row_index(at_cursor))
        elif gone and rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))

    def _put_in_order(self, keys: Sequence[str]) -> None:
        """The rows, all present, in the order of `keys`: as `DataTable.sort` reorders them."""
        self._row_locations = TwoWayDict({_row_key(key): index for index, key in enumerate(keys)})
        self._update_count += 1
        self.refresh()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        super()._update_dimensions(new_rows)
        if widths != [column.get_render_width(self) for column in self.ordered_columns]:
            self._update_count += 1  # the key of every cached cell, row and line drawing
            self.refresh()
