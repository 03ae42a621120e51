"""A dashboard whose terminal changes width while it runs (a window resized, an SSH client moved to
another screen) takes the layout of its new width, one pane or two, with every table's columns for
it and the figures last read drawn again, without reading them again; back to the first width, the
same screen as before."""

from __future__ import annotations

from pathlib import Path

from pilot_support import settle, settle_until
from snapshot_support import dashboard, on_dashboard

from jq_console.ui.screens.dashboard import DashboardScreen
from jq_console.ui.widgets.case_list import CaseList
from jq_console.ui.widgets.plain_table import PlainTable


def rows_of(screen: DashboardScreen) -> dict[str, int]:
    return {str(table.id): table.row_count for table in [*screen.query(PlainTable), *screen.query(CaseList)]}


async def test_a_resized_dashboard_takes_the_layout_of_its_new_width(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_dashboard(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and not screen.has_class("narrow")
        wide_rows = rows_of(screen)
        assert wide_rows["by-status"] and wide_rows["risk"]
        assert "col.opened" in screen.query_one("#awaiting", CaseList).columns
        before = app.export_screenshot()
        read_at = screen._loaded_at  # set by each load's figures arriving

        await pilot.resize_terminal(80, 24)
        await settle_until(pilot, lambda: rows_of(screen) == wide_rows, "the figures drawn again, narrow")
        assert screen.has_class("narrow")
        assert "col.opened" not in screen.query_one("#awaiting", CaseList).columns  # dropped when narrow
        body = screen.query_one("#dash-body")
        assert [child.id for child in body.children] == ["dash-right", "dash-left"]  # the cases at risk first

        await pilot.resize_terminal(160, 48)
        await settle_until(pilot, lambda: not screen.has_class("narrow"), "two panes again")
        await settle_until(pilot, lambda: rows_of(screen) == wide_rows, "the figures drawn again, wide")
        await settle(pilot)
        assert [child.id for child in body.children] == ["dash-left", "dash-right"]
        assert app.export_screenshot() == before
        assert screen._loaded_at == read_at  # nothing read again: a resize changes no figure
