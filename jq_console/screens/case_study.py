"""The study of a feature request: its outcome, and for custom development the quote."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class CaseStudyScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Volver", tooltip="Vuelve al caso", id="study.back")]

    def __init__(self, case_code: str) -> None:
        super().__init__()
        self.case_code = case_code

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Estudio del caso {self.case_code}", id="study-title")
        yield Footer()
