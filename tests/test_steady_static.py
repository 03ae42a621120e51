"""`SteadyStatic`: a line updated after every reload or every second is drawn again only when its
words (or their style) changed; Textual's own Static lays out and redraws whatever it is given."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from jq_console.ui.support import SteadyStatic


class OneLine(App[None]):
    def __init__(self, line: Static) -> None:
        super().__init__()
        self.line = line

    def compose(self) -> ComposeResult:
        yield self.line


def count_refreshes(monkeypatch: pytest.MonkeyPatch, widget: Widget) -> list[object]:
    """The refreshes asked of `widget` from now on, one entry each."""
    asked: list[object] = []
    original = Widget.refresh

    def spy(self: Widget, *args: Any, **kwargs: Any) -> Any:
        if self is widget:
            asked.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Widget, "refresh", spy)
    return asked


@pytest.mark.parametrize(("kind", "drawn_again"), [(SteadyStatic, False), (Static, True)], ids=["steady", "textual"])
async def test_the_same_words_again_are_not_drawn_again(
    monkeypatch: pytest.MonkeyPatch, kind: type[Static], drawn_again: bool
) -> None:
    """Textual's Static is here to show why: a dashboard reload that changed nothing redrew every
    title it set again."""
    line = kind("")
    async with OneLine(line).run_test(size=(60, 3)) as pilot:
        line.update("Casos abiertos: 12")
        await pilot.pause()
        asked = count_refreshes(monkeypatch, line)
        line.update("Casos abiertos: 12")
        assert bool(asked) is drawn_again
        line.update("Casos abiertos: 11")
        assert asked
        assert "11" in str(line.render())

        line.update(Text("10:00", style="bold"))
        asked.clear()
        line.update(Text("10:00", style="bold"))
        assert bool(asked) is drawn_again
        line.update(Text("10:00", style="red"))  # the same words in another style: drawn
        assert asked
