"""Recategorising a case (a fault that turns out to be a network problem, a request that is really a
feature request): the new category, the policy's answer shown as soon as one is chosen (the same
domain rule that will store it: the category table and the contractual limits), and the reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import CATEGORIES, Case, Refused
from jq_console.i18n import error_text, label, t
from jq_console.ui.screens.dialog_base import DialogScreen, required


class RecategorizeDialog(DialogScreen[tuple[str, str]]):
    def __init__(self, runtime: Runtime, case: Case) -> None:
        super().__init__(
            t("bounds.dialog.recategorize_title", code=case.code),
            t("bounds.dialog.recategorize_intro", category=label("category", case.category)),
        )
        self.runtime = runtime
        self.case = case

    def fields(self) -> ComposeResult:
        options = [(label("category", code), code) for code in CATEGORIES if code != self.case.category]
        yield Label(t("bounds.dialog.new_category"), classes="field-label", markup=False)
        yield Select(options, id="category", allow_blank=True, prompt=t("ui.dialog.choose"), compact=True)
        yield Static("", id="preview", markup=False)
        yield Label(t("ui.dialog.reason"), classes="field-label", markup=False)
        yield Input(compact=True, id="reason")

    @on(Select.Changed)
    def preview(self) -> None:
        category = self.query_one("#category", Select).value
        preview = self.query_one("#preview", Static)
        if not isinstance(category, str):
            preview.update("")
            return
        try:
            lifecycle.recategorize(self.case, category, self.runtime.policy, "-")  # the reason is typed later
        except Refused as refusal:  # the policy's answer, before the agent types a reason
            preview.update(error_text(refusal))
            return
        preview.update(t("bounds.dialog.recategorize_allowed", category=label("category", category)))

    def result(self) -> tuple[str, str]:
        category = self.query_one("#category", Select).value
        if not isinstance(category, str):
            raise ValueError(t("ui.dialog.required", what=t("bounds.dialog.new_category")))
        return category, required(self.query_one("#reason", Input).value, t("ui.dialog.reason"))
