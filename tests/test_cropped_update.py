"""A partial update writes the refreshed cells only: Textual writes each widget's line from its left
edge to the refreshed span's end, so one second of countdowns rewrote every visible queue line
(docs: README, "The office")."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.segment import Segment
from textual._compositor import ChopsUpdate
from textual.app import App
from textual.screen import Screen
from textual.strip import Strip

from jq_console.ui.app import JQConsoleApp
from jq_console.ui.app_base import PlainApp
from jq_console.ui.cropped_update import CroppedChops
from jq_console.ui.dashboard_app import DashboardApp

CONSOLE = Console(force_terminal=True, width=40, color_system=None)
LINE = Strip([Segment("   1 "), Segment("JQ-2026-00042 "), Segment("  38:12:05")])  # ends at column 29


def written(chops: list[dict[int, Strip | None]], spans: list[tuple[int, int, int]], ends: list[list[int]]) -> str:
    return CroppedChops(ChopsUpdate(chops, spans, ends)).render_segments(CONSOLE)


def test_textual_alone_writes_from_the_left_edge_of_the_widget() -> None:
    """The behaviour this module mends; if Textual crops on its own one day, this says so."""
    update = ChopsUpdate([{0: LINE}], [(0, 28, 29)], [[29]])
    assert update.render_segments(CONSOLE) == "\x1b[1;1H   1 JQ-2026-00042   38:12:05"


def test_one_changed_character_is_all_that_is_written() -> None:
    assert written([{0: LINE}], [(0, 28, 29)], [[29]]) == "\x1b[1;29H5"


def test_spans_on_several_lines_and_widgets_write_each_span_alone() -> None:
    other = Strip([Segment("libre")])
    chops: list[dict[int, Strip | None]] = [{0: LINE, 29: other}, {0: LINE, 29: other}]
    out = written(chops, [(0, 26, 31), (1, 0, 4)], [[29, 34], [29, 34]])
    assert out == "\x1b[1;27H:05\x1b[1;30Hli\n\x1b[2;1H   1"


def test_a_wide_character_is_never_cut_in_half() -> None:
    line = Strip([Segment("ab"), Segment("日本語"), Segment("cd")])  # 日 at 2-3, 本 at 4-5, 語 at 6-7
    assert written([{0: line}], [(0, 5, 6)], [[10]]) == "\x1b[1;5H本"  # the second half of 本: all of it
    assert written([{0: line}], [(0, 8, 9)], [[10]]) == "\x1b[1;9Hc"
    assert written([{0: line}], [(0, 1, 3)], [[10]]) == "\x1b[1;2Hb日"  # ends inside 日: up to its end
    # A combining accent (no cell) beside a wide character: as many cells as characters, still not cut
    accented = Strip([Segment("e\u0301日x")])  # é at 0, 日 at 1-2, x at 3
    out = written([{0: accented}], [(0, 2, 4)], [[4]])
    assert out.startswith("\x1b[1;2H") and out.endswith("日x")  # 日 whole, from its first cell


def test_the_consoles_and_dashboards_apps_write_cropped_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(App, "_display", lambda self, screen, renderable: shown.append(renderable))
    assert JQConsoleApp._display is PlainApp._display and DashboardApp._display is PlainApp._display
    PlainApp()._display(Screen(), ChopsUpdate([{0: LINE}], [(0, 28, 29)], [[29]]))
    assert [type(item) for item in shown] == [CroppedChops]
