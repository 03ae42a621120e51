"""A change to one case redraws that case's line of the queue, not the whole queue: under changes each
console spent most of its CPU drawing its screen again (docs: README, "The office")."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pilot_support import held_cases, rows_of, settle, settle_until
from snapshot_support import console, queue_of
from textual.geometry import Region
from textual.pilot import Pilot

from jq_console.ui.widgets.queue_view import QueueView, marked_rank_text, rank_text


async def shown_queue(pilot: Pilot[None]) -> QueueView:
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await settle(pilot)
    return pilot.app.screen.query_one(QueueView)


@contextmanager
def refreshes_of(view: QueueView) -> Iterator[list[Region | None]]:
    """The regions the view asks to redraw meanwhile (None: the whole view)."""
    refreshed: list[Region | None] = []
    original = view.refresh

    def spy(*regions: Region, **kwargs: Any) -> QueueView:
        refreshed.extend(regions or [None])
        return original(*regions, **kwargs)

    view.refresh = spy  # type: ignore[method-assign]
    try:
        yield refreshed
    finally:
        view.refresh = original  # type: ignore[method-assign]


async def test_a_changed_case_redraws_only_its_own_line(tmp_path: Path) -> None:
    app = console(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        view = await shown_queue(pilot)
        rows = held_cases(view)
        line = 3  # a visible case below the cursor
        changed = dataclasses.replace(rows[line], agent="zz-otro", version=rows[line].version + 1)
        with refreshes_of(view) as refreshed:
            view.set_rows(rows_of(rows[:line] + [changed] + rows[line + 1 :]), view.rank_of)
            assert refreshed == [Region(0, line + 1, view.size.width, 1)]  # below the header line

            refreshed.clear()
            view.set_rows(rows_of(rows[:line] + rows[line + 1 :]), view.rank_of)  # the case left the queue
            # that line and every one below it: each shows the next case now (or nothing, at the end)
            assert None not in refreshed and len(refreshed) == min(len(rows), view.page_rows) - line
        await settle(pilot)
        assert "zz-otro" not in view.render_line(line + 1).text
        assert rows[line + 1].code in view.render_line(line + 1).text  # the next case moved up


async def test_a_second_rewrites_only_the_countdown_characters_that_moved(tmp_path: Path) -> None:
    """With the real clock a countdown within an hour of its deadline moves each second ("12m 05s" to
    "12m 04s"), the others each minute: the tick rewrites those characters, not the lines nor the
    countdown columns (docs: README, "The office"; the bytes sent over an SSH link follow the cells
    that changed)."""
    app = console(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        view = await shown_queue(pilot)
        view.tick()  # the countdowns as drawn at the frozen instant
        await settle(pilot)
        frozen = view.now()
        with refreshes_of(view) as refreshed:
            view.tick()
            assert refreshed == []  # the same instant: nothing drawn

            before = [view.render_line(y).text for y in range(1, view.page_rows + 1)]
            view.now = lambda: frozen + 1
            view.tick()
            after = [view.render_line(y).text for y in range(1, view.page_rows + 1)]
        moved = {
            (x, y)
            for y, (old, new) in enumerate(zip(before, after, strict=True), start=1)
            for x, (a, b) in enumerate(zip(old, new, strict=True))
            if a != b
        }
        assert moved, "no countdown runs at the frozen Monday 10:00: the test shows nothing"
        assert None not in refreshed
        covered = {
            (x, y)
            for region in refreshed
            if region
            for x in range(region.x, region.right)
            for y in range(region.y, region.bottom)
        }
        assert moved <= covered  # every moved character is redrawn ...
        assert all(region.height == 1 and region.width < 10 for region in refreshed if region)
        assert len(covered) <= 3 * len(moved)  # ... and little else ("10m 00s" to " 9m 59s": 7 for 5)


async def test_lines_moved_up_by_a_case_leaving_are_drawn_from_what_was_kept(tmp_path: Path) -> None:
    """A case taken at the top of the queue moves every line below it up one, each with one rank less:
    in an office every console draws those lines again at each take. They are drawn from each case's
    line kept at its previous place (only the rank is new), and exactly as a view keeping nothing
    draws them."""
    app = console(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        view = await shown_queue(pilot)
        rows = held_cases(view)
        view.marked = frozenset({rows[3].code})  # a marked case shows a dot before its rank
        view.action_jump(5)  # the cursor stays on its case, one line up
        await settle(pilot)
        visible = range(1, min(len(rows), view.page_rows) + 1)
        for y in visible:
            view.render_line(y)
        built: list[str] = []
        original = view._template

        def counted(case: Any, base: Any) -> Any:
            built.append(case.code)
            return original(case, base)

        view._template = counted  # type: ignore[method-assign]
        ranks = {case.code: rank for rank, case in enumerate(rows, start=1)}
        view.set_rows(rows_of(rows[1:]), lambda code: ranks[code] - 1)  # the first case left the queue
        await settle(pilot)
        kept = [list(view.render_line(y)) for y in visible]
        new_on_screen = [rows[view.page_rows].code] if len(rows) > view.page_rows else []
        assert built == new_on_screen and view.cursor == 4
        view._rests.clear()
        view._templates.clear()
        fresh = [list(view.render_line(y)) for y in visible]
        assert kept == fresh
        assert "● 3" in view.render_line(3).text and rows[3].code in view.render_line(3).text


def test_a_rank_is_never_cut_to_fit_its_column() -> None:
    """With 10,000 open cases the last rank showed as "0000" in its 4-cell column, and a marked case's
    rank past 99 lost its dot."""
    assert [rank_text(rank, 4) for rank in (1, 9999, 10_000, 12_345, 999_999, 1_000_000)] == [
        "1",
        "9999",
        "10k",
        "12k",
        "999k",
        "…",
    ]
    assert [marked_rank_text(rank, 4) for rank in (3, 42, 123, 10_000)] == ["● 3", "● 42", "●123", "●10k"]
