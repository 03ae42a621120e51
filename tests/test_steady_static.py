"""`SteadyStatic`: a line updated after every reload or every second is drawn again only when its
words (or their style) changed; Textual's own Static lays out and redraws whatever it is given."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from jq_console.ui.support import SteadyStatic


class Counted(SteadyStatic):
    refreshes = 0

    def refresh(self, *args: object, **kwargs: object) -> Counted:
        type(self).refreshes += 1
        return super().refresh(*args, **kwargs)  # type: ignore[arg-type]


class OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield Counted("", id="line")


async def test_the_same_words_again_are_not_drawn_again() -> None:
    app = OneLine()
    async with app.run_test(size=(60, 3)) as pilot:
        line = app.query_one(Counted)
        line.update("Casos abiertos: 12")
        await pilot.pause()
        before = Counted.refreshes
        line.update("Casos abiertos: 12")
        assert Counted.refreshes == before
        line.update("Casos abiertos: 11")
        assert Counted.refreshes > before
        assert "11" in str(line.render())

        line.update(Text("10:00", style="bold"))
        drawn = Counted.refreshes
        line.update(Text("10:00", style="bold"))
        assert Counted.refreshes == drawn
        line.update(Text("10:00", style="red"))  # the same words in another style: drawn
        assert Counted.refreshes > drawn


async def test_textuals_static_draws_the_same_words_again() -> None:
    """Why: a dashboard reload that changed nothing redrew every title it set again."""

    class Plain(Static):
        refreshes = 0

        def refresh(self, *args: object, **kwargs: object) -> Plain:
            type(self).refreshes += 1
            return super().refresh(*args, **kwargs)  # type: ignore[arg-type]

    class Both(App[None]):
        def compose(self) -> ComposeResult:
            yield Plain("")

    async with Both().run_test(size=(60, 3)) as pilot:
        static = pilot.app.query_one(Plain)
        static.update("Casos abiertos: 12")
        await pilot.pause()
        before = Plain.refreshes
        static.update("Casos abiertos: 12")
        assert Plain.refreshes > before
