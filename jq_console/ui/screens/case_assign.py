"""The supervisors' move "assign to…" on the case screen. The active agents are read in a worker,
the dialog asks who and why, and the move is stored as the screen saw the case (compare-and-set),
checking in the same write that the agent is still active. A refused move says why and opens the
dialog again, on the reloaded case, with what was chosen and typed."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.screen import Screen

from jq_console.application import cases
from jq_console.domain.cases import Case
from jq_console.i18n import t
from jq_console.store import presence
from jq_console.store.cases import Event
from jq_console.store.presence import Presence
from jq_console.ui.messages import ActionDone
from jq_console.ui.screens.assign_dialog import AssignDialog, Assignment
from jq_console.ui.support import attempt, failure_text, services_of


def handover(event: Event) -> str:
    """What an "assign" line of the history adds: to whom, and who had the case before."""
    to, before = event.after.get("agent"), event.before.get("agent")
    return t("ui.event.assign_to", agent=to) + (t("ui.event.assign_from", agent=before) if before else "")


class CaseAssign(Screen[None]):
    case: Case | None
    _assign_retry: tuple[Assignment, str] | None = None

    @dataclass
    class PeopleLoaded(Message):
        people: list[Presence]
        typed: Assignment | None = None
        error: str = ""

    @dataclass
    class AssignRefused(Message):
        typed: Assignment
        text: str

    def action_assign(self) -> None:
        self.load_people(None, "")

    @work(thread=True, exclusive=True, group="assign-people")
    def load_people(self, typed: Assignment | None, error: str) -> None:
        services = services_of(self)
        runtime = services.runtime
        people = attempt(
            self, lambda: presence.everyone(services.engine, runtime.now(), runtime.policy.away_after_minutes)
        )
        if people is not None:
            self.post_message(self.PeopleLoaded(people, typed, error))

    def on_case_assign_people_loaded(self, message: PeopleLoaded) -> None:
        case = self.case
        if case is None or not self.check_action("assign", ()):
            return
        if not any(person.login != case.agent for person in message.people):
            self.notify(t("ui.dialog.assign_none"), severity="warning")
            return

        def done(choice: Assignment | None) -> None:
            if choice is not None:
                self.store_assign(case, choice)

        self.app.push_screen(AssignDialog(case, message.people, message.typed, message.error), done)

    @work(thread=True, group="case-move")
    def store_assign(self, seen: Case, choice: Assignment) -> None:
        services = services_of(self)
        try:
            cases.assign(services.engine, services.runtime, services.login, seen, choice.agent, choice.note)
        except Exception as error:  # noqa: BLE001 - every failure is told, and what was chosen is offered again
            self.post_message(self.AssignRefused(choice, failure_text(error)))
            return
        self.post_message(ActionDone(seen.code, t("ui.done.assign", code=seen.code, agent=choice.agent)))

    def on_case_assign_assign_refused(self, message: AssignRefused) -> None:
        self.notify(message.text, severity="error", timeout=10)
        self._assign_retry = (message.typed, message.text)
        self.reload_case()

    def assign_again(self) -> None:
        """Called once the case is reloaded: a refused assignment's dialog opens again."""
        retry, self._assign_retry = self._assign_retry, None
        if retry is not None:
            self.load_people(*retry)

    def reload_case(self) -> None:
        raise NotImplementedError
