"""The footer (`KeyFooter`) follows the bindings of what has focus, and rebuilds its keys only when
the keys it would show are not the ones shown: a focus move between fields with the same keys costs
no recompose, and a new key is never made compact to be made wide again a moment later."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from jq_console.ui.widgets.key_footer import KeyFooter


class CountingFooter(KeyFooter):
    composed = 0

    def compose(self) -> ComposeResult:
        type(self).composed += 1
        yield from super().compose()


class NoteField(Input):  # each key its own action: the footer shows one key per action
    BINDINGS = [Binding("ctrl+o", "app.note", "Nota", id="test.note")]


class Form(App[None]):
    BINDINGS = [Binding("ctrl+s", "save", "Guardar", id="test.save")]

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")
        yield NoteField(id="note")
        yield CountingFooter()

    def action_save(self) -> None: ...

    def action_note(self) -> None: ...


def shown(app: App[None]) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey) if not key.has_class("-command-palette")]


async def test_focus_moves_recompose_the_footer_only_when_its_keys_change() -> None:
    app = Form()
    async with app.run_test(size=(120, 10)) as pilot:
        app.query_one("#first").focus()
        await pilot.pause()
        assert "Guardar" in shown(app) and "Nota" not in shown(app)
        before = CountingFooter.composed

        app.query_one("#second").focus()  # the same keys: nothing to rebuild
        await pilot.pause()
        app.query_one("#first").focus()
        await pilot.pause()
        assert CountingFooter.composed == before

        app.query_one("#note").focus()  # a field with a key of its own: shown
        await pilot.pause()
        assert CountingFooter.composed == before + 1
        assert "Nota" in shown(app) and "Guardar" in shown(app)

        app.query_one("#second").focus()  # and gone again when focus leaves it
        await pilot.pause()
        assert "Nota" not in shown(app)


async def test_keys_are_born_with_the_footers_width_and_the_palette_key_as_textual_draws_it() -> None:
    app = Form()
    async with app.run_test(size=(160, 10)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        assert palette and all(key.compact for key in palette)
        assert all(not key.compact and not key.has_class("-compact") for key in keys if key not in palette)
    async with Form().run_test(size=(80, 10)) as pilot:  # narrow: every key compact
        await pilot.pause()
        assert all(key.has_class("-compact") for key in pilot.app.screen.query(FooterKey))
