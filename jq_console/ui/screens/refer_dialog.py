"""Referring an out-of-scope case to a partner, with the client's consent: who gave it, when and how."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from jq_console.bootstrap import Runtime
from jq_console.i18n import t
from jq_console.store.directory import PartnerInfo
from jq_console.ui.screens.dialog_base import DialogScreen, required
from jq_console.ui.support import literal


@dataclass(frozen=True)
class Referral:
    partner: str
    consent_by: str
    consent_at: float
    consent_how: str


class ReferDialog(DialogScreen[Referral]):
    def __init__(self, runtime: Runtime, code: str, partners: list[PartnerInfo]) -> None:
        super().__init__(t("ui.dialog.refer_title", code=code), t("ui.dialog.refer_intro"))
        self.runtime = runtime
        self.partners = partners

    def fields(self) -> ComposeResult:
        options = [(literal(f"{p.name} — {p.specialty}"), p.name) for p in self.partners]
        now = self.runtime.local(self.runtime.now())
        yield Label(t("ui.dialog.partner"), classes="field-label", markup=False)
        yield Select(options, id="partner", prompt=t("ui.dialog.choose"), compact=True)
        yield Label(t("ui.dialog.consent_by"), classes="field-label", markup=False)
        yield Input(compact=True, id="who")
        yield Label(
            t("ui.dialog.consent_at", example=self.moment_example(self.runtime)), classes="field-label", markup=False
        )
        yield Input(f"{now:%H:%M}", compact=True, id="when")
        yield Label(t("ui.dialog.consent_how"), classes="field-label", markup=False)
        yield Input(compact=True, id="how", placeholder=t("ui.dialog.consent_how_example"))

    def result(self) -> Referral:
        partner = self.query_one("#partner", Select).value
        if not isinstance(partner, str):
            raise ValueError(t("ui.dialog.required", what=t("ui.dialog.partner")))
        who = required(self.query_one("#who", Input).value, t("ui.dialog.consent_by"))
        when = self.typed_moment(self.runtime)
        how = required(self.query_one("#how", Input).value, t("ui.dialog.consent_how"))
        return Referral(partner, who, when.timestamp(), how)
