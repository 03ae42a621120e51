"""The 12-month compliance trend as the dashboard draws it: a bar a month on a fixed 0-100 % scale,
and a dot for a month with no decided clock, never a bar that reads as 0 %."""

from __future__ import annotations

from pathlib import Path

from snapshot_support import dashboard, on_dashboard
from textual.widgets import Static

from jq_console.presentation.trend import NO_DATA, trend_bars


def test_a_month_without_data_is_a_dot_and_not_the_lowest_bar() -> None:
    assert trend_bars([None, 0.0, None, 100.0]) == f"{NO_DATA}▁{NO_DATA}█"


def test_the_scale_is_fixed_from_0_to_100_percent() -> None:
    # Two good months are two high bars, not the floor and the ceiling of their own range.
    assert trend_bars([85.0, 100.0]) == "▇█"
    assert trend_bars([50.0]) == "▅"
    assert trend_bars([0.0, 14.3, 28.6, 42.9, 57.1, 71.4, 85.7, 100.0]) == "▁▂▃▄▅▆▇█"


async def test_the_dashboard_draws_the_months_before_the_demo_as_dots(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_dashboard(pilot)
        screen = app.screen
        view = getattr(screen, "view", None)
        assert view is not None and not view.trend_pending
        for severity, series in view.trend.items():
            drawn = str(screen.query_one(f"#trend-{severity}", Static).render())
            assert drawn == trend_bars(series), severity
            assert None in series and NO_DATA in drawn  # the demo's history starts within the year
