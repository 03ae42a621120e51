"""Every dialog keeps what was typed when its action is refused, and asks before throwing typed
text away.

A refusal from the application layer (here: the agent at the keyboard was disabled by an
administrator while the dialog was open, so the store's actor check refuses the write) leaves the
very same dialog on screen, every field as typed, the refusal's sentence inside it. Esc on a
dialog with typed text asks first; "no" goes back to the text, "yes" discards it.

Each dialog is reached the way the snapshots reach it (`snapshot_support.SHOTS`), then filled in
with values its own checks accept, so that only the application layer can refuse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_support import settle, settle_until
from snapshot_support import SHOTS, Scenario, console_with_mail, on_mail_inbox, on_registration
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from jq_console.i18n import t
from jq_console.store import directory
from jq_console.ui.app import JQConsoleApp
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.screens.dialog_base import DialogScreen
from jq_console.ui.screens.new_contact_dialog import NewContactDialog
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.refer_dialog import ReferDialog
from jq_console.ui.screens.registration import RegistrationScreen

# What each dialog is given: field selector -> text, all of which its own checks accept.
FILLED: dict[str, dict[str, str]] = {
    "reason": {"#reason": "El cliente envía el respaldo mañana"},
    "corrective": {"#reason": "Se reforzó el turno de urgencias"},
    "agreed_deadline": {"#when": "2026-12-18T16:00", "#reason": "Acordado con la USR por teléfono"},
    "log_time": {"#duration": "1h30m", "#note": "Revisión remota del servidor"},
    "notify": {"#detail": "Llamada a la USR, confirmó"},
    "reclassify": {"#reason": "La caída era total"},
    "recategorize": {"#reason": "Es la red local del cliente"},
    "refer": {"#who": "Ana Pérez", "#how": "Llamada grabada"},
    "assign": {"#note": "Cubre el turno de la tarde"},
    "reassign": {"#note": "Julián está de vacaciones"},
    "entry_correction": {"#minutes": "-10m", "#note": "Se contó dos veces la llamada"},
    "conversation": {"#text": "Llamó la USR: el módulo volvió a fallar.\nPide visita."},
    "edit_case": {"#new-title": "No abre el módulo de facturación", "#reason": "El título era de otro caso"},
    "new_contact": {"#name": "Pedro Bodega", "#phone": "3001234567"},
}


async def inbox_discard(pilot: Pilot[None]) -> None:
    await on_mail_inbox(pilot)
    await pilot.press("down", "delete")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, ReasonDialog), "the discard dialog")


async def registration_contact(pilot: Pilot[None]) -> None:
    await on_registration(pilot)  # a client chosen
    form = pilot.app.screen
    assert isinstance(form, RegistrationScreen)
    await settle_until(pilot, lambda: form.client is not None, "a client chosen")
    await pilot.press("ctrl+n")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, NewContactDialog), "the new-contact dialog")


# name -> (the app, how the dialog is reached, what it is given)
EXTRA: dict[str, tuple[Callable[[Path], App[None]], Scenario, dict[str, str]]] = {
    "inbox_discard": (console_with_mail, inbox_discard, {"#reason": "Publicidad"}),
    "registration_contact": (SHOTS["registration"].app, registration_contact, FILLED["new_contact"]),
}
CASES = sorted(FILLED) + sorted(EXTRA)


def fill(dialog: DialogScreen[object], values: dict[str, str]) -> None:
    for selector, text in values.items():
        field = dialog.query_one(selector)
        if isinstance(field, TextArea):
            field.text = text
        else:
            assert isinstance(field, Input)
            field.value = text
    if isinstance(dialog, ReferDialog):  # the partner: the first offered
        dialog.query_one("#partner", Select).value = dialog.partners[0].name


def typed(dialog: DialogScreen[object], values: dict[str, str]) -> dict[str, str]:
    return {
        selector: (field.text if isinstance(field, TextArea) else field.value)  # type: ignore[attr-defined]
        for selector in values
        for field in [dialog.query_one(selector)]
    }


def error_line(dialog: DialogScreen[object]) -> str:
    return str(dialog.query_one("#dialog-error", Static).render())


@pytest.mark.parametrize("name", CASES)
async def test_a_refused_dialog_stays_open_with_what_was_typed_and_says_why(name: str, tmp_path: Path) -> None:
    if name in EXTRA:
        make, reach, values = EXTRA[name]
    else:
        make, reach, values = SHOTS[name].app, SHOTS[name].scenario, FILLED[name]
    app = make(tmp_path)
    assert isinstance(app, JQConsoleApp)
    async with app.run_test(size=(160, 48)) as pilot:
        await reach(pilot)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DialogScreen), type(dialog).__name__
        fill(dialog, values)
        await settle(pilot)
        directory.set_agent(app.services.engine, app.services.login, active=False)  # by an administrator

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert dialog.is_current, f"{type(app.screen).__name__} instead of the refused dialog"
        assert typed(dialog, values) == values
        assert t("access.disabled", login=app.services.login) in error_line(dialog), error_line(dialog)

        # Esc with typed text asks first; "no" keeps it all.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert dialog.is_current and typed(dialog, values) == values
        # "yes" discards it.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not dialog.is_attached and not isinstance(app.screen, (ConfirmDialog, DialogScreen))


async def test_a_dialog_with_nothing_typed_closes_at_once(tmp_path: Path) -> None:
    shot = SHOTS["reason"]
    app = shot.app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await shot.scenario(pilot)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert not dialog.is_attached and not isinstance(app.screen, ConfirmDialog)


@pytest.mark.parametrize("name", ["conversation", "log_time", "entry_correction"])
async def test_an_error_told_goes_once_the_agent_changes_what_was_typed(name: str, tmp_path: Path) -> None:
    """'Falta: Texto.' stayed under the text while the agent typed it."""
    shot = SHOTS[name]
    app = shot.app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await shot.scenario(pilot)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DialogScreen)
        fill(dialog, dict.fromkeys(FILLED[name], ""))  # whatever the scenario typed, taken away
        await settle(pilot)
        await pilot.press("ctrl+s")  # nothing typed: refused by the dialog's own checks
        await settle(pilot)
        told = error_line(dialog)
        assert dialog.is_current and told and "''" not in told  # not 'invalid duration' of nothing typed
        await pilot.press("tab")  # moving about changes nothing typed: the sentence stays
        await settle(pilot)
        assert error_line(dialog) == told
        fill(dialog, {next(iter(FILLED[name])): "x"})
        await settle(pilot)
        assert error_line(dialog) == ""
