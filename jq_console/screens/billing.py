"""Monthly billing of contractual work: per client, each case's time rounded up to the billing
fraction at the rate of the year the work was done in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class BillingScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Volver", tooltip="Vuelve a la pantalla anterior", id="billing.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Facturación", id="billing-title")
        yield Footer()
