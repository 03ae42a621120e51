"""A caller who is not yet among the client's contacts: name, phone and/or e-mail. Recorded with the
role *other*, so what they report waits for the USR's verification; optionally, as this case's reporter."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label

from jq_console.i18n import t
from jq_console.ui.screens.dialog_base import DialogScreen, required


@dataclass(frozen=True)
class NewContact:
    name: str
    phone: str
    email: str
    as_reporter: bool = False
    reason: str = ""


class NewContactDialog(DialogScreen[NewContact]):
    def __init__(self, client_name: str, *, offer_reporter: bool = True) -> None:
        super().__init__(t("talk.contact.title", client=client_name), t("talk.contact.intro"))
        self.offer_reporter = offer_reporter

    def fields(self) -> ComposeResult:
        yield Label(t("talk.contact.name"), classes="field-label", markup=False)
        yield Input(compact=True, id="name")
        yield Label(t("talk.contact.phone"), classes="field-label", markup=False)
        yield Input(compact=True, id="phone", placeholder="300 123 4567")
        yield Label(t("talk.contact.email"), classes="field-label", markup=False)
        yield Input(compact=True, id="email", placeholder="nombre@cliente.com.co")
        if self.offer_reporter:
            yield Checkbox(t("talk.contact.as_reporter"), id="as-reporter", compact=True)
            yield Input(compact=True, id="reason", placeholder=t("talk.contact.reason"))

    def result(self) -> NewContact:
        name = required(self.query_one("#name", Input).value, t("talk.contact.name"))
        phone = self.query_one("#phone", Input).value.strip()
        email = self.query_one("#email", Input).value.strip()
        if not phone and not email:
            raise ValueError(t("talk.contact.reachable"))
        if not self.offer_reporter or not self.query_one("#as-reporter", Checkbox).value:
            return NewContact(name, phone, email)
        reason = required(self.query_one("#reason", Input).value, t("talk.contact.reason"))
        return NewContact(name, phone, email, True, reason)
