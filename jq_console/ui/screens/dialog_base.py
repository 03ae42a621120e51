"""What every dialog shares: a titled box, an inline error line, ctrl+s (or Enter) to accept and
Escape to cancel. A dialog validates what was typed and stays open, with everything kept, until it
is valid; it returns plain values and never touches the database itself.

A dialog given the move it is for (`applying`) runs it through the application layer in a thread
when accepted and closes only once it is stored: a refusal (the case changed meanwhile, the agent
was disabled, a rule) is told inside the dialog, with everything typed still there to correct and
accept again. Esc on a dialog whose text was changed asks before throwing it away."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Generic, Self, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from jq_console.bootstrap import Runtime
from jq_console.domain.moments import example_moment, parse_moment
from jq_console.i18n import error_text, t
from jq_console.ui.screens.confirm_dialog import leave_asking
from jq_console.ui.support import failure_text
from jq_console.ui.widgets.key_footer import KeyFooter

R = TypeVar("R")


class DialogScreen(ModalScreen[R | None], Generic[R]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", t("ui.key.accept"), tooltip=t("ui.tip.accept"), id="dialog.accept"),
        Binding("escape", "cancel", t("ui.key.cancel"), tooltip=t("ui.tip.cancel"), id="dialog.cancel"),
    ]
    # Esc asks before discarding changed text; a dialog whose text is only a query (go to a case) says no.
    asks_before_discarding = True
    holds_typing = True  # the console's letter keys stay away (ui/app.py: NOT_WHILE_TYPING)

    def __init__(self, title: str, intro: str = "", *, typed: Mapping[str, str] | None = None, error: str = "") -> None:
        """`typed` and `error`: what was typed in this dialog before and why its move was refused,
        when it opens again after a refusal (nothing typed is ever lost)."""
        super().__init__()
        self.dialog_title = title
        self.intro = intro
        self.kept: dict[str, str] = dict(typed or {})
        self.refusal = error
        self._apply: Callable[[R], object] | None = None
        self._pristine: dict[str, str] = {}  # the text as the dialog opened, before anything was typed
        self.applying_now = False  # accepted, the move running: a second ctrl+s or an Esc waits for it
        self._typed_when_told: dict[str, str] | None = None  # the text under the error line's sentence

    def applying(self, apply: Callable[[R], object]) -> Self:
        """Accepting runs `apply(value)` in a thread (the move, through the application layer); the
        dialog closes with `value` only once it succeeds. Whatever it raises is told in the dialog,
        which stays open with everything typed."""
        self._apply = apply
        return self

    def on_mount(self) -> None:
        """Put back what was typed before a refusal (Textual runs each class's on_mount, the
        subclass's first: what it fills in is part of the dialog as it opened, not typed)."""
        self._pristine = self.typed_values()
        for field in self.query(Input):
            if field.id in self.kept:
                field.value = self.kept[field.id]
        for area in self.query(TextArea):
            if area.id in self.kept:
                area.text = self.kept[area.id]
        if self.refusal:
            self.show_error(self.refusal)

    def typed_values(self) -> dict[str, str]:
        """Every text field's value by its id: kept when the dialog closes, to be offered again."""
        values = {field.id: field.value for field in self.query(Input) if field.id}
        values.update({area.id: area.text for area in self.query(TextArea) if area.id})
        return values

    def case_changed(self, sentence: str) -> None:
        """The case this dialog acts on changed while it was open: say so before anything is applied."""
        self.show_error(sentence)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.dialog_title, id="dialog-title", markup=False)
            if self.intro:
                yield Static(self.intro, id="dialog-intro", markup=False)
            yield from self.fields()
            yield Static("", id="dialog-error", markup=False)
        yield KeyFooter()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def result(self) -> R:
        """The values typed, or raise `ValueError` with the sentence to show (nothing is cleared).
        The parsers' `InputError` is a `ValueError` too: its code is told in the interface language."""
        raise NotImplementedError

    def moment_example(self, runtime: Runtime) -> str:
        """What a field that takes an instant shows as its example (`domain.moments.example_moment`)."""
        return example_moment(runtime.local(runtime.now()))

    def typed_moment(self, runtime: Runtime, selector: str = "#when") -> datetime:
        """The instant typed in `selector`: '15:30' (today) or a full date-time, in the policy's zone."""
        return parse_moment(self.query_one(selector, Input).value, runtime.tz, runtime.local(runtime.now()))

    def show_error(self, text: str) -> None:
        self._typed_when_told = self.typed_values() if text else None
        self.query_one("#dialog-error", Static).update(text)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _forget_an_answered_error(self) -> None:
        """A sentence about what was typed goes once the agent changes it: "Falta: Texto." stayed
        under the text being typed. Text put back after a refusal (`on_mount`) changes nothing."""
        if self._typed_when_told is not None and self.typed_values() != self._typed_when_told:
            self.show_error("")

    def unsaved(self) -> bool:
        """Text was typed (or put back after a refusal) that accepting has not stored."""
        return self.typed_values() != self._pristine

    def action_submit(self) -> None:
        if self.applying_now:
            return
        try:
            value = self.result()
        except ValueError as error:
            self.show_error(error_text(error))
            return
        self.kept = self.typed_values()
        if self._apply is None:
            self.dismiss(value)
            return
        self.applying_now = True
        self.run_worker(partial(self._run, self._apply, value), thread=True, group="dialog-apply", exit_on_error=False)

    def _run(self, apply: Callable[[R], object], value: R) -> None:
        try:
            apply(value)
        except Exception as error:  # noqa: BLE001 - every failure is told in the dialog, which stays open
            self.app.call_from_thread(self._refused, failure_text(error))
            return
        self.app.call_from_thread(self._applied, value)

    def _refused(self, sentence: str) -> None:
        self.applying_now = False
        self.show_error(sentence)

    def _applied(self, value: R) -> None:
        self.applying_now = False
        self._pristine = self.typed_values()  # stored: nothing left to lose
        if self.is_attached:
            self.dismiss(value)

    def action_cancel(self) -> None:
        if self.applying_now:
            return
        leave_asking(self, self.asks_before_discarding and self.unsaved(), lambda: self.dismiss(None))

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_submit()


def required(value: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError(t("ui.dialog.required", what=what))
    return text
