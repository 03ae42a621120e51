"""The supervisors' move "assign to…" on the case screen. The active agents are read in a worker,
the dialog asks who and why, and the move is stored as the screen saw the case (compare-and-set),
checking in the same write that the agent is still active. A refused move is told in the dialog,
which stays open with what was chosen and typed (`DialogScreen.applying`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.message import Message
from textual.screen import Screen

from jq_console.application import cases
from jq_console.domain.cases import Case
from jq_console.i18n import t
from jq_console.store import presence
from jq_console.store.cases import Event
from jq_console.store.presence import Presence
from jq_console.ui.screens.assign_dialog import AssignDialog
from jq_console.ui.screens.dialog_base import DialogScreen
from jq_console.ui.support import attempt, services_of


def handover(event: Event) -> str:
    """What an "assign" line of the history adds: to whom, and who had the case before."""
    to, before = event.after.get("agent"), event.before.get("agent")
    return t("ui.event.assign_to", agent=to) + (t("ui.event.assign_from", agent=before) if before else "")


class CaseAssign(Screen[None]):
    case: Case | None

    @dataclass
    class PeopleLoaded(Message):
        people: list[Presence]

    def action_assign(self) -> None:
        self.load_people()

    @work(thread=True, exclusive=True, group="assign-people")
    def load_people(self) -> None:
        services = services_of(self)
        runtime = services.runtime
        people = attempt(
            self, lambda: presence.everyone(services.engine, runtime.now(), runtime.policy.away_after_minutes)
        )
        if people is not None:
            self.post_message(self.PeopleLoaded(people))

    def on_case_assign_people_loaded(self, message: PeopleLoaded) -> None:
        case = self.case
        if case is None or not self.check_action("assign", ()):
            return
        if not any(person.login != case.agent for person in message.people):
            self.notify(t("ui.dialog.assign_none"), severity="warning")
            return
        dialog = AssignDialog(case, message.people)

        def offer_again(fresh: Case) -> None:
            """A refusal: who may be chosen is read again (an agent disabled, a new holder)."""
            services = services_of(self)
            runtime = services.runtime
            people = presence.everyone(services.engine, runtime.now(), runtime.policy.away_after_minutes)
            self.app.call_from_thread(dialog.offer, people, fresh.agent)

        self.move_in_dialog(
            "assign",
            cases.assign,
            dialog,
            lambda choice: (choice.agent, choice.note),
            lambda choice: {"agent": choice.agent},
            offer_again,
        )

    def move_in_dialog(
        self,
        action: str,
        move: Callable[..., object],
        dialog: DialogScreen[Any],
        inputs: Callable[[Any], tuple[Any, ...]] = lambda value: (value,),
        said: Callable[[Any], dict[str, Any]] = lambda value: {},
        after_refusal: Callable[[Case], None] | None = None,
    ) -> None:
        raise NotImplementedError

    def reload_case(self) -> None:
        raise NotImplementedError
