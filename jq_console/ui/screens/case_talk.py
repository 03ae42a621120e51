"""The case screen's conversation and corrections: add a note, a call, a WhatsApp message or a
message to the client (N); correct the title, description, reporter or scope with a reason (E);
record a caller who is not a contact yet (C); filter the timeline (F). Each stores through the
application layer in a thread worker, like the moves (`case_moves.py`)."""

from __future__ import annotations

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

        def done(draft: Draft | None) -> None:
            if draft is not None:
                self.store_entry(case.code, draft)

        self.app.push_screen(ConversationDialog(services_of(self).runtime, case.code), done)

    @work(thread=True, group="case-move")
    def store_entry(self, code: str, draft: Draft) -> None:
        services = services_of(self)
        entry = attempt(
            self, lambda: conversation.add_entry(services.engine, services.runtime, services.login, code, draft)
        )
        if entry is not None:
            self.post_message(ActionDone(code, t("talk.done.note", code=code, kind=label("entry_kind", entry.kind))))

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
        def done(value: Correction | None) -> None:
            if value is None:
                return
            if value.field == "reporter":
                self.store_move("edit", corrections.edit_reporter, (value.value, value.reason), case)
            elif value.field == "scope":
                self.store_move("edit", corrections.edit_scope, (value.value, value.reason), case)
            else:
                self.store_move("edit", corrections.edit_text, (value.field, value.value, value.reason), case)

        self.app.push_screen(EditCaseDialog(case, people), done)

    def action_new_contact(self) -> None:
        case = self.case
        if case is None:
            return

        def done(value: NewContact | None) -> None:
            if value is not None:
                self.store_contact(case, value)

        self.app.push_screen(NewContactDialog(case.client_name, offer_reporter=case.is_open), done)

    @work(thread=True, group="case-move")
    def store_contact(self, case: Case, new: NewContact) -> None:
        services = services_of(self)
        engine, runtime, login = services.engine, services.runtime, services.login
        caller = attempt(
            self,
            lambda: corrections.add_caller(engine, runtime, login, case.client_id, new.name, new.phone, new.email),
        )
        if caller is None:
            return
        if not new.as_reporter:
            self.post_message(ActionDone(case.code, t("talk.done.contact", name=caller.name)))
            return
        stored = attempt(self, lambda: corrections.edit_reporter(engine, runtime, login, case, caller.id, new.reason))
        if stored is not None:
            self.post_message(ActionDone(case.code, t("talk.done.reporter", name=caller.name, code=case.code), stored))
