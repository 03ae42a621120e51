"""A letter typed in the new-case form or a dialog while a choice list has the focus (not a text
field, which takes its letters) reached the console's own keys: `b` opened billing over the form,
and `q` quit the console, losing everything typed."""

from __future__ import annotations

from pathlib import Path

from pilot_support import settle, settle_until
from snapshot_support import SHOTS, on_registration
from textual.pilot import Pilot
from textual.widgets import Input, Select

from jq_console.ui.screens.conversation_dialog import ConversationDialog
from jq_console.ui.screens.registration import RegistrationScreen


async def letters_stay(pilot: Pilot[None], choice: Select[str]) -> None:
    """The console's letter keys typed on `choice`: the app runs on, its screen the same."""
    screen = pilot.app.screen
    choice.focus()
    await settle(pilot)
    for key in ("b", "g", "q"):
        await pilot.press(key)
        await settle(pilot)
        assert pilot.app.is_running and pilot.app.screen is screen, key


async def test_letters_on_a_choice_in_the_new_case_form_stay_in_the_form(tmp_path: Path) -> None:
    app = SHOTS["registration"].app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_registration(pilot)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        form.query_one("#title", Input).value = "No abre el módulo de facturación"
        await letters_stay(pilot, form.query_one("#severity", Select))
        assert form.query_one("#title", Input).value == "No abre el módulo de facturación"
        # Nor does the palette offer a way out that would lose it (Textual's own Quit came back).
        assert not [c for c in app.get_system_commands(form) if c.callback == app.action_quit]
        await pilot.press("escape")  # leaving the form asks first: the keys work again once it is gone
        await settle(pilot)


async def test_letters_on_a_choice_in_a_dialog_stay_in_the_dialog(tmp_path: Path) -> None:
    shot = SHOTS["conversation"]
    app = shot.app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await shot.scenario(pilot)
        await settle_until(pilot, lambda: isinstance(app.screen, ConversationDialog), "the dialog")
        dialog = app.screen
        await letters_stay(pilot, dialog.query_one("#kind", Select))


async def test_an_open_choice_list_says_its_key_in_the_screens_language(tmp_path: Path) -> None:
    """Textual's own key of an open choice list read "esc Dismiss menu" in a Spanish footer."""
    from textual.widgets._footer import FooterKey

    app = SHOTS["registration"].app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_registration(pilot)
        await settle(pilot)
        app.screen.query_one("#severity", Select).focus()
        await pilot.press("enter")  # the list opens
        await settle(pilot)
        said = [str(key.description) for key in app.screen.query(FooterKey)]
        assert "Cerrar la lista" in said and "Dismiss menu" not in said, said
