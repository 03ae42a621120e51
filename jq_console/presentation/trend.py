"""A compliance trend as one character a month: a bar from ▁ (0 %) to █ (100 %) on that fixed scale,
so that two months, two severities or two dashboards compare at a glance, and a dot for a month
with no decided clock (no data is not 0 %)."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"
NO_DATA = "·"


def trend_bar(percent: float | None) -> str:
    """The character of one month: `percent` of the clocks decided in it met, or None without any."""
    if percent is None:
        return NO_DATA
    share = min(max(percent, 0.0), 100.0) / 100.0
    return BARS[round(share * (len(BARS) - 1))]


def trend_bars(series: Sequence[float | None]) -> str:
    return "".join(trend_bar(percent) for percent in series)
