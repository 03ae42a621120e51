"""Adding to a case's conversation: an internal note, a call or a WhatsApp message (direction, who,
when) or a message to the client (recorded as to be sent). The text is multi-line (a TextArea);
Ctrl+O opens it in the user's $EDITOR for long text (the console is suspended meanwhile)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, TextArea

from jq_console.bootstrap import Runtime
from jq_console.domain.conversation import DIRECTIONS, KINDS, SPOKEN, Draft
from jq_console.i18n import label, t
from jq_console.ui.screens.dialog_base import DialogScreen, required


class ConversationDialog(DialogScreen[Draft]):
    BINDINGS = [
        Binding(
            "ctrl+g",
            "external_editor",
            t("talk.key.editor"),
            tooltip=t("talk.tip.editor"),
            priority=True,  # over the TextArea's own keys
            id="talk.editor",
        ),
    ]

    def __init__(self, runtime: Runtime, code: str, kind: str = "note") -> None:
        super().__init__(t("talk.dialog.title", code=code))
        self.runtime = runtime
        self.kind = kind

    def fields(self) -> ComposeResult:
        with Horizontal(classes="pair"):
            with Vertical():
                yield Label(t("talk.dialog.kind"), classes="field-label", markup=False)
                yield Select(
                    [(label("entry_kind", k), k) for k in KINDS],
                    id="kind",
                    value=self.kind,
                    allow_blank=False,
                    compact=True,
                )
            with Vertical(id="direction-box"):
                yield Label(t("talk.dialog.direction"), classes="field-label", markup=False)
                yield Select(
                    [(label("direction", d), d) for d in DIRECTIONS],
                    id="direction",
                    value="in",
                    allow_blank=False,
                    compact=True,
                )
        with Horizontal(classes="pair", id="spoken"):
            with Vertical():
                yield Label(t("talk.dialog.contact"), classes="field-label", markup=False)
                yield Input(compact=True, id="contact", placeholder=t("talk.dialog.contact_hint"))
            with Vertical():
                yield Label(t("talk.dialog.when"), classes="field-label", markup=False)
                yield Input(
                    compact=True,
                    id="when",
                    placeholder=t("talk.dialog.when_hint", example=self.moment_example(self.runtime)),
                )
        yield Label(t("talk.dialog.text"), classes="field-label", markup=False)
        yield TextArea(id="text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self._show_spoken(self.kind)
        self.query_one("#text", TextArea).focus()

    @on(Select.Changed, "#kind")
    def kind_changed(self, event: Select.Changed) -> None:
        self._show_spoken(str(event.value))

    def _show_spoken(self, kind: str) -> None:
        spoken = kind in SPOKEN
        self.query_one("#direction-box").display = spoken
        self.query_one("#spoken").display = spoken

    def result(self) -> Draft:
        kind = str(self.query_one("#kind", Select).value)
        text = required(self.query_one("#text", TextArea).text, t("talk.dialog.text"))
        if kind not in SPOKEN:
            return Draft(kind, text)
        direction = str(self.query_one("#direction", Select).value)
        contact = self.query_one("#contact", Input).value.strip()
        at: float | None = None
        if self.query_one("#when", Input).value.strip():
            at = self.typed_moment(self.runtime).timestamp()
            if at > self.runtime.now() + 60:
                raise ValueError(t("ui.dialog.not_future"))
        return Draft(kind, text, direction, contact, at)

    def action_external_editor(self) -> None:
        """The text in $VISUAL or $EDITOR, read back when the editor exits."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.show_error(t("talk.no_editor"))
            return
        area = self.query_one("#text", TextArea)
        handle, name = tempfile.mkstemp(prefix="jq-console-", suffix=".txt")  # 0600: the text stays the user's
        path = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as draft:
                draft.write(area.text)
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            area.text = path.read_text(encoding="utf-8", errors="replace")
        except SuspendNotSupported:
            self.show_error(t("talk.no_suspend"))
        except (OSError, ValueError) as error:  # an editor that is not installed, or a bad $EDITOR line
            self.show_error(t("talk.editor_failed", editor=editor, reason=str(error)))
        finally:
            path.unlink(missing_ok=True)
