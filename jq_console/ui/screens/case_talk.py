"""The case screen's conversation and corrections: add a note, a call, a WhatsApp message or a
message to the client (N); correct the title, description, reporter or scope with a reason (E);
record a caller who is not a contact yet (Ctrl+N); filter the timeline (F). Each stores through the
application layer in a thread worker, like the moves (`case_moves.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from jq_console.application import conversation, corrections
from jq_console.domain.cases import Case
from jq_console.domain.conversation import Draft
from jq_console.i18n import label, t
from jq_console.store.callers import Caller
from jq_console.ui.messages import ActionDone
from jq_console.ui.screens.case_moves import CaseMoves
from jq_console.ui.screens.conversation_dialog import ConversationDialog
from jq_console.ui.screens.edit_case_dialog import Correction, EditCaseDialog
from jq_console.ui.screens.new_contact_dialog import NewContact, NewContactDialog
from jq_console.ui.support import attempt, services_of
from jq_console.ui.widgets.case_timeline import CaseTimeline

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from jq_console.bootstrap import Runtime

# Actions that need a loaded case and a console that may write.
TALK_ACTIONS = ("note", "edit_case", "new_contact")


def _binding(key: str, action: str) -> Binding:
    return Binding(key, action, t(f"talk.key.{action}"), tooltip=t(f"talk.tip.{action}"), id=f"case.{action}")


# Listed by the case screen after its moves, so the footer keeps the moves first.
TALK_BINDINGS = [
    _binding("N", "note"),
    _binding("E", "edit_case"),
    _binding("ctrl+n", "new_contact"),  # as on the registration form
    _binding("F", "timeline_filter"),
]


class CaseTalk(CaseMoves):
    def talk_allowed(self) -> bool:
        return self.case is not None and not services_of(self).readonly

    # -- the conversation -------------------------------------------------------------------------
    def action_note(self) -> None:
        case = self.case
        if case is None:
            return
        code = case.code

        def add(draft: Draft) -> None:
            services = services_of(self)
            entry = conversation.add_entry(services.engine, services.runtime, services.login, code, draft)
            self.post_message(ActionDone(code, t("talk.done.note", code=code, kind=label("entry_kind", entry.kind))))

        self.app.push_screen(ConversationDialog(services_of(self).runtime, code).applying(add))

    def action_timeline_filter(self) -> None:
        shown = self.query_one(CaseTimeline).cycle_filter()
        self.notify(t("talk.timeline", shown=t(f"talk.filter.{shown}")))

    # -- corrections ------------------------------------------------------------------------------
    def action_edit_case(self) -> None:
        if self.case is not None:
            self.open_editor(self.case)

    @work(thread=True, group="case-move")
    def open_editor(self, case: Case) -> None:
        people = attempt(self, lambda: corrections.contacts(services_of(self).engine, case.client_id))
        if people is not None:
            self.app.call_from_thread(self._edit, case, people)

    def _edit(self, case: Case, people: list[Caller]) -> None:
        def move(engine: Engine, runtime: Runtime, login: str, seen: Case, value: Correction) -> Case:
            new, reason = value.value, value.reason
            if isinstance(new, int):  # the reporter: a contact's id
                return corrections.edit_reporter(engine, runtime, login, seen, new, reason)
            if value.field == "scope":
                return corrections.edit_scope(engine, runtime, login, seen, new, reason)
            return corrections.edit_text(engine, runtime, login, seen, value.field, new, reason)

        self.move_in_dialog("edit", move, EditCaseDialog(case, people))

    def action_new_contact(self) -> None:
        case = self.case
        if case is None:
            return
        created: list[Caller] = []  # accepted again after a refusal: the contact is not added twice

        def add(new: NewContact) -> None:
            services = services_of(self)
            engine, runtime, login = services.engine, services.runtime, services.login
            if not created:
                created.append(
                    corrections.add_caller(engine, runtime, login, case.client_id, new.name, new.phone, new.email)
                )
            caller = created[0]
            if not new.as_reporter:
                self.post_message(ActionDone(case.code, t("talk.done.contact", name=caller.name)))
                return
            stored = corrections.edit_reporter(engine, runtime, login, case, caller.id, new.reason)
            self.post_message(ActionDone(case.code, t("talk.done.reporter", name=caller.name, code=case.code), stored))

        dialog = NewContactDialog(case.client_name, offer_reporter=case.is_open)
        self.app.push_screen(dialog.applying(add))
