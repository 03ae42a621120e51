"""A list of cases as a table drawn through Textual's line API: the dashboard's cases at risk and
cases awaiting action.

Only the visible lines are drawn, each kept per row (its cells, the very objects the view model
keeps while a row reads the same), stripe, cursor and width. When the rows change, only the visible
lines that now show something else are refreshed, and within a line only the cells that changed
(within a countdown, only its characters that moved). A DataTable draws its whole visible part again
for any row removed or added, even far out of view, and holds a drawing of every row: a case taken
anywhere in a list of 300 wrote every visible line of it to each dashboard's terminal.

It looks as a row-cursor DataTable with zebra stripes does (the same component styles), and its cells
are plain text: a `str` is shown exactly as given, never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from jq_console.ui.list_keys import list_keys
from jq_console.ui.support import literal, moved_characters, same_cell
from jq_console.ui.widgets.plain_table import Row

PADDING = 1  # cells of padding each side of a column, as a DataTable's
# Lines kept drawn: at least this many, and a few screenfuls (a tall wall board has more lines).
KEPT_LINES = 128
KEPT_SCREENS = 3


@dataclass(frozen=True)
class ListColumn:
    key: str
    label: str
    width: int  # of its content, without the padding


@dataclass(frozen=True)
class _OnScreen:
    """What a screen line was last drawn with."""

    key: str
    cells: Sequence[Any]
    index: int
    cursor: bool


class CaseList(ScrollView, can_focus=True):
    """Rows of cases under a header, with a row cursor; Enter (or a click on the highlighted row)
    opens the highlighted case: `CaseList.Opened`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "case-list--header",
        "case-list--cursor",
        "case-list--odd-row",
        "case-list--even-row",
    }
    # A DataTable's look (Textual's own rules for it), so these lists read as the tables beside them.
    DEFAULT_CSS = """
    CaseList {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .case-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .case-list--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .case-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .case-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .case-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .case-list--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .case-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS = list_keys("dashboard.list", tips="keymap.list.tip")  # the dashboard's lists, read only

    @dataclass
    class Opened(Message):
        case_list: CaseList
        key: str

        @property
        def control(self) -> CaseList:
            return self.case_list

    def __init__(self, *, id: str | None = None, zebra_stripes: bool = True) -> None:
        super().__init__(id=id)
        self.zebra_stripes = zebra_stripes
        self.columns: dict[str, ListColumn] = {}
        self._rows: list[Row] = []
        self.cursor_row = 0
        self._placed = False  # the cursor was moved by the supervisor (see `show_rows`)
        self._on_screen: dict[int, _OnScreen] = {}  # by screen line (1: the first row's)
        # A row's drawing and the style the line is filled with past the last column, per row.
        self._kept: LRUCache[tuple[str, bool, bool, Style], tuple[Sequence[Any], Strip, Style]] = LRUCache(KEPT_LINES)
        self._header: tuple[Strip, Style] | None = None

    # -- columns and rows ------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Any]:
        return list(self._rows[index][1])

    @property
    def current_key(self) -> str | None:
        return self._rows[self.cursor_row][0] if 0 <= self.cursor_row < len(self._rows) else None

    def clear(self, columns: bool = False) -> None:
        self._rows = []
        self.cursor_row, self._placed = 0, False
        if columns:
            self.columns = {}
        self._forget_drawings()
        self._resize_virtual()
        self.refresh()

    def add_column(self, label: str, *, width: int, key: str | None = None) -> None:
        column = ListColumn(key or label, label, width)
        self.columns[column.key] = column
        self._forget_drawings()
        self._resize_virtual()
        self.refresh()

    def show_rows(self, rows: Sequence[Row]) -> None:
        """The list's rows become `rows`. A cursor the supervisor moved stays on its case while the
        rows kept from before keep their order (a case taken leaves the list, another arrives), else
        on its row number (the at-risk list came in another order); one never moved stays on the
        first row, the most urgent. A list the supervisor only reads does not scroll by itself, nor
        back to the cursor once scrolled away from it. Only the visible lines that show something
        else are refreshed."""
        old = self._rows
        keys = [key for key, _ in rows]
        if len(set(keys)) != len(keys):
            raise ValueError("a key twice in one list")
        at_cursor, cursor = self.current_key, self.cursor_row
        self._rows = list(rows)
        wanted, had = set(keys), {key for key, _ in old}
        in_order = [key for key, _ in old if key in wanted] == [key for key in keys if key in had]
        if self._placed and in_order and at_cursor in wanted:
            self.cursor_row = keys.index(at_cursor)
        else:
            self.cursor_row = min(self.cursor_row, max(0, len(rows) - 1))
        if len(rows) != len(old):
            self._resize_virtual(quietly=True)
        self._refresh_changed_lines()
        if self.cursor_row != cursor:
            self._keep_cursor_visible()

    # -- drawing ---------------------------------------------------------------------------------
    @property
    def _full_width(self) -> int:
        return sum(column.width + 2 * PADDING for column in self.columns.values())

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _resize_virtual(self, *, quietly: bool = False) -> None:
        """The scrollable size: the columns' width, the header and the rows. Textual lays the screen
        out again and draws the whole list for any new size; a list of a set height (not `auto`)
        whose rows changed needs only its scrollbar set again: `quietly`, the lines that show
        something else are refreshed by the caller."""
        size = Size(self._full_width, len(self._rows) + 1)
        height = self.styles.height
        if quietly and self.is_mounted and height is not None and not height.is_auto:
            self.set_reactive(CaseList.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    def _forget_drawings(self) -> None:
        self._kept.clear()
        self._header = None
        self._on_screen.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_drawings()  # a theme or a style changed: every line is drawn anew

    def on_resize(self) -> None:
        self._on_screen.clear()
        self._keep_cursor_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            strip, fill = self._header_strip(base)
        else:
            index = scroll_y + y - 1
            if index >= len(self._rows):
                self._on_screen.pop(y, None)
                return Strip.blank(width, base)
            key, cells = self._rows[index]
            cursor = index == self.cursor_row
            strip, fill = self._row_strip(key, cells, index, cursor, base)
            self._on_screen[y] = _OnScreen(key, cells, index, cursor)
        return strip.crop_extend(scroll_x, scroll_x + width, fill)  # a row's colours to the edge

    def _header_strip(self, base: Style) -> tuple[Strip, Style]:
        if self._header is None:
            style = base + self.get_component_rich_style("case-list--header")
            segments: list[Segment] = []
            for column in self.columns.values():
                segments.extend(self._cell_segments(Text(column.label), column.width, style, None))
            self._header = (Strip(segments, self._full_width), style)
        return self._header

    def _row_strip(self, key: str, cells: Sequence[Any], index: int, cursor: bool, base: Style) -> tuple[Strip, Style]:
        odd = bool(index % 2) and self.zebra_stripes
        cache_key = (key, odd, cursor, base)
        kept = self._kept.get(cache_key)
        if kept is not None and kept[0] is cells:
            return kept[1], kept[2]
        style = base
        if self.zebra_stripes:
            style += self.get_component_rich_style("case-list--odd-row" if odd else "case-list--even-row")
        post = None
        if cursor:
            cursor_style = self.get_component_rich_style("case-list--cursor")
            style += cursor_style
            post = Style.from_color(color=cursor_style.color)  # the cursor's colour wins, as in a DataTable
        segments: list[Segment] = []
        for column, cell in zip(self.columns.values(), cells, strict=False):
            segments.extend(self._cell_segments(cell, column.width, style, post))
        strip, fill = Strip(segments, self._full_width), style + post if post else style
        self._kept.grow(KEPT_SCREENS * max(self.size.height, 1) * 2)
        self._kept.discard(cache_key)  # an LRUCache keeps the first value set for a key
        self._kept[cache_key] = (cells, strip, fill)
        return strip, fill

    def _cell_segments(self, cell: Any, width: int, style: Style, post: Style | None) -> list[Segment]:
        text = literal(cell) if isinstance(cell, str) else cell if isinstance(cell, Text) else literal(str(cell))
        console = self.app.console
        # `Text.render` leaves out the text's own style (its spans' it applies): laid under them here.
        own = console.get_style(text.style, default=Style.null())
        inner = Segment.adjust_line_length(list(Segment.apply_style(text.render(console), own)), width)
        pad = Segment(" " * PADDING)
        return list(Segment.apply_style([pad, *inner, pad], style, post))

    def _refresh_changed_lines(self) -> None:
        """Refresh the visible lines that now show another row, cursor or stripe; of a line that
        shows the same row, only the cells that changed, and in a countdown only its characters
        that moved ("-12m 05s" to "-12m 06s")."""
        scroll_y = self.scroll_offset.y
        regions: list[Region] = []
        lefts = self._lefts()
        for y in range(1, self._page_rows + 1):
            index = scroll_y + y - 1
            drawn = self._on_screen.get(y)
            if index >= len(self._rows):
                if drawn is not None:
                    regions.append(Region(0, y, self.size.width, 1))
                continue
            key, cells = self._rows[index]
            cursor = index == self.cursor_row
            if drawn is None or drawn.key != key or drawn.cursor != cursor or drawn.index % 2 != index % 2:
                regions.append(Region(0, y, self.size.width, 1))
            elif drawn.cells is not cells:
                regions.extend(self._changed_cells(y, drawn.cells, cells, lefts))
        if regions:  # one call: each refresh clears the widget's caches and wakes its message loop
            self.refresh(*regions)

    def _lefts(self) -> list[tuple[int, int]]:
        """(first cell of its content on the screen, width) per column."""
        lefts, x = [], PADDING - self.scroll_offset.x
        for column in self.columns.values():
            lefts.append((x, column.width))
            x += column.width + 2 * PADDING
        return lefts

    @staticmethod
    def _changed_cells(y: int, old: Sequence[Any], new: Sequence[Any], lefts: list[tuple[int, int]]) -> list[Region]:
        regions = []
        for (x, width), before, after in zip(lefts, old, new, strict=False):
            if same_cell(before, after):
                continue
            moved = moved_characters(before, after)
            if moved is not None:
                first, count = moved
                regions.append(Region(x + first, y, count, 1).intersection(Region(x, y, width, 1)))
            else:
                regions.append(Region(x - PADDING, y, width + 2 * PADDING, 1))
        return regions

    # -- the cursor ------------------------------------------------------------------------------
    def _move_to(self, index: int) -> None:
        if not self._rows:
            return
        self._placed = True
        index = max(0, min(index, len(self._rows) - 1))
        if index != self.cursor_row:
            self.cursor_row = index
            self._refresh_changed_lines()
        self._keep_cursor_visible()

    def _keep_cursor_visible(self) -> None:
        top, page = self.scroll_offset.y, self._page_rows
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + page:
            self.scroll_to(y=self.cursor_row - page + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        """A page up or down: the list scrolls by a page and the cursor with it, keeping its line on
        the screen, as in a DataTable (at either end, it goes to the first or last row)."""
        page = self._page_rows
        top = max(0, min(self.scroll_offset.y + step * page, len(self._rows) - page))
        self.scroll_to(y=top, animate=False, immediate=True)
        self._move_to(self.cursor_row + step * page)

    def action_jump(self, where: int) -> None:
        self._move_to(len(self._rows) - 1 if where < 0 else 0)

    def action_open(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Opened(self, key))

    def on_click(self, event: events.Click) -> None:
        """A click highlights its row; a click on the highlighted row opens it, as in a DataTable."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= len(self._rows):
            return
        if index == self.cursor_row:
            self.action_open()
        else:
            self._move_to(index)

    def on_focus(self) -> None:
        self._on_screen.clear()
        self.refresh()  # the cursor's colour follows the focus

    def on_blur(self) -> None:
        self._on_screen.clear()
        self.refresh()
