"""Supervisors close resolved cases from past work (`h` on the queue), where resolved cases are
listed (the queue lists only open ones): space marks the highlighted case (● before its code), `C`
closes every marked case after asking, through `application.supervision.close_resolved`; a case
that cannot be closed is told with why, and stays marked."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList

from jq_console.application import supervision
from jq_console.application.supervision import Outcome
from jq_console.domain.cases import Case
from jq_console.i18n import error_text, t
from jq_console.ui.key_hints import binding_of, key_hint
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.support import attempt, services_of

MARK_ACTIONS = ("toggle_mark", "close_marked")

MARK_BINDINGS = [
    Binding(
        "space", "toggle_mark", t("live.key.select"), tooltip=t("live.tip.select"), key_display="␣", id="finder.mark"
    ),
    Binding("C", "close_marked", t("live.key.close_resolved"), tooltip=t("live.tip.close_resolved"), id="finder.close"),
]


@dataclass
class Closed(Message):
    outcome: Outcome


class MarkedPastWork(Screen[None]):
    cases: list[Case]

    def __init__(self) -> None:
        super().__init__()
        self.marked: set[str] = set()

    def show_page(self) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def supervising(self) -> bool:
        services = services_of(self)
        return services.is_supervisor and not services.readonly

    def marks_allowed(self, action: str) -> bool:
        return self.supervising() and (action != "close_marked" or bool(self.marked))

    def action_toggle_mark(self) -> None:
        listing = self.query_one("#finder-list", OptionList)
        index = listing.highlighted
        if index is None or not 0 <= index < len(self.cases):
            return
        self.marked.symmetric_difference_update({self.cases[index].code})
        self.show_page()
        listing.highlighted = min(index + 1, len(self.cases) - 1)
        self.refresh_bindings()

    def action_close_marked(self) -> None:
        order = {case.code: index for index, case in enumerate(self.cases)}
        codes = sorted(self.marked, key=lambda code: order.get(code, len(order)))
        if not codes:
            self.notify(
                t("live.bulk.none", key=key_hint(self, binding_of(MARK_BINDINGS, "finder.mark"))), severity="warning"
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.close_marked(codes)

        question = ConfirmDialog(t("live.key.close_resolved"), t("live.bulk.close_question", count=len(codes)))
        self.app.push_screen(question, answered)

    @work(thread=True, group="finder-action")
    def close_marked(self, codes: list[str]) -> None:
        services = services_of(self)
        outcome = attempt(
            self, lambda: supervision.close_resolved(services.engine, services.runtime, services.login, codes)
        )
        if outcome is not None:
            self.post_message(Closed(outcome))

    def on_closed(self, message: Closed) -> None:
        outcome = message.outcome
        self.notify(t("live.bulk.done_close", done=len(outcome.done)))
        for code, error in outcome.refused:
            self.notify(t("live.bulk.refused", code=code, reason=error_text(error)), severity="error", timeout=15)
        self.marked.difference_update(outcome.done)
        self.refresh_bindings()
        self.reload()
