"""Correcting a time entry: the minutes to add or take away (a new entry; the old one stays)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from jq_console.domain.parsing import parse_duration
from jq_console.i18n import t
from jq_console.ui.screens.dialog_base import DialogScreen, required


def signed_minutes(text: str) -> int:
    """'-20m' takes 20 minutes away, '+15m' or '15m' adds them."""
    cleaned = text.strip()
    sign = -1 if cleaned.startswith("-") else 1
    return sign * parse_duration(cleaned.lstrip("+-"))


class EntryCorrectionDialog(DialogScreen[tuple[int, str]]):
    def __init__(
        self, code: str, entry_id: int, minutes: int, *, typed: dict[str, str] | None = None, error: str = ""
    ) -> None:
        super().__init__(
            t("correct.title", entry=entry_id, case=code), t("correct.intro", minutes=minutes), typed=typed, error=error
        )

    def fields(self) -> ComposeResult:
        yield Label(t("correct.minutes"), classes="field-label", markup=False)
        yield Input(compact=True, id="minutes", placeholder="-20m")
        yield Label(t("correct.note"), classes="field-label", markup=False)
        yield Input(compact=True, id="note")

    def result(self) -> tuple[int, str]:
        minutes = signed_minutes(required(self.query_one("#minutes", Input).value, t("correct.minutes")))
        return minutes, required(self.query_one("#note", Input).value, t("correct.note"))
