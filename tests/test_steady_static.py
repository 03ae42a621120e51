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


def spy_refreshes(monkeypatch: pytest.MonkeyPatch, widget: Widget) -> list[bool]:
    """The refreshes asked of `widget` from now on, one entry each: whether it also asked for a layout."""
    asked: list[bool] = []
    original = Widget.refresh

    def spy(self: Widget, *args: Any, **kwargs: Any) -> Any:
        if self is widget:
            asked.append(bool(kwargs.get("layout")))
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
        asked = spy_refreshes(monkeypatch, line)
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


@pytest.mark.parametrize(("steady_width", "laid_out"), [(True, False), (False, True)], ids=["steady-width", "default"])
async def test_a_steady_width_line_lays_the_screen_out_only_when_it_wraps_to_another_height(
    monkeypatch: pytest.MonkeyPatch, steady_width: bool, laid_out: bool
) -> None:
    """The queue's selected-case lines and the agents panel's suggestion change with every case taken
    anywhere; laying the whole console out again for new words of the same height was a third of a
    profiled console's main-thread time on such a change."""
    line = SteadyStatic("", steady_width=steady_width)
    async with OneLine(line).run_test(size=(40, 10)) as pilot:
        line.update("#3: S2 · Suscripción N4")
        await pilot.pause()
        asked = spy_refreshes(monkeypatch, line)
        line.update("#4: S2 · Suscripción N4")  # other words, still one line at 40 columns
        assert asked and any(asked) is laid_out
        asked.clear()
        line.update("#4: S2 · Suscripción N4 · resolución vence vie 4 dic 12:44")  # wraps: two lines
        assert any(asked)
        await pilot.pause()
        assert line.size.height == 2
        asked.clear()
        line.update("#5: S2 · Suscripción N4 · resolución vence vie 4 dic 12:45")
        assert any(asked) is laid_out
        await pilot.pause()
        assert "#5" in str(line.render()) and line.size.height == 2
