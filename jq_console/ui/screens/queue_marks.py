"""Supervisors' moves on several cases from the queue: space marks a case (● before its rank),
`R` hands every marked case to one agent (an absent agent's cases, say). Resolved cases are not
in the queue: they are closed from past work (screens/finder_marks.py). One application function
per action (`application.supervision`); what could not move is told case by case."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from jq_console.application import supervision
from jq_console.application.supervision import Outcome
from jq_console.i18n import error_text, t
from jq_console.store import presence
from jq_console.store.presence import Presence
from jq_console.ui.key_hints import binding_of, key_hint
from jq_console.ui.screens.assign_dialog import Assignment
from jq_console.ui.screens.queue_live import LiveQueue
from jq_console.ui.screens.reassign_dialog import ReassignDialog
from jq_console.ui.support import attempt, services_of
from jq_console.ui.widgets.queue_view import QueueView

MARK_ACTIONS = ("toggle_mark", "reassign_marked")


class MarkedCases(LiveQueue):
    marked: set[str]

    @dataclass
    class PeopleLoaded(Message):
        codes: list[str]
        people: list[Presence]

    @dataclass
    class Moved(Message):
        outcome: Outcome
        done_text: str

    def _update_status(self) -> None:
        raise NotImplementedError

    def supervising(self) -> bool:
        services = services_of(self)
        return services.is_supervisor and not services.readonly

    def _marks_changed(self) -> None:
        view = self.query_one(QueueView)
        view.marked = frozenset(self.marked)
        view.refresh()
        self.refresh_bindings()
        self._update_status()

    def action_toggle_mark(self) -> None:
        view = self.query_one(QueueView)
        code = view.current_code
        if code is None:
            return
        self.marked.symmetric_difference_update({code})
        self._marks_changed()
        view.action_cursor(1)

    def _marked_codes(self) -> list[str]:
        ranks = {code: self.model.rank_of(code) for code in self.marked}  # 0: no longer open, last
        return sorted(self.marked, key=lambda code: (ranks[code] == 0, ranks[code], code))

    def action_reassign_marked(self) -> None:
        codes = self._marked_codes()
        if not codes:
            self.notify(
                t("live.bulk.none", key=key_hint(self, binding_of(self.BINDINGS, "queue.mark"))), severity="warning"
            )
            return
        self.load_people(codes)

    @work(thread=True, exclusive=True, group="queue-people")
    def load_people(self, codes: list[str]) -> None:
        services = services_of(self)
        runtime = services.runtime
        people = attempt(
            self, lambda: presence.everyone(services.engine, runtime.now(), runtime.policy.away_after_minutes)
        )
        if people is not None:
            self.post_message(self.PeopleLoaded(codes, people))

    def on_marked_cases_people_loaded(self, message: PeopleLoaded) -> None:
        held = [self.model.cases.get(code) for code in message.codes]  # marked cases stay held (`_read_shown`)
        holders = {case.agent for case in held if case is not None}
        holder = holders.pop() if len(holders) == 1 and None not in held else None

        def reassign(choice: Assignment) -> None:
            services = services_of(self)
            engine, runtime, login = services.engine, services.runtime, services.login
            outcome = supervision.reassign_cases(engine, runtime, login, message.codes, choice.agent, choice.note)
            if outcome.refused and not outcome.done:  # nothing moved: said in the dialog, which stays open
                raise outcome.refused[0][1]
            text = t("live.bulk.done_reassign", done=len(outcome.done), agent=choice.agent)
            self.post_message(self.Moved(outcome, text))

        self.app.push_screen(ReassignDialog(message.codes, holder, message.people).applying(reassign))

    def on_marked_cases_moved(self, message: Moved) -> None:
        outcome = message.outcome
        self.notify(message.done_text)
        for code, error in outcome.refused:
            self.notify(t("live.bulk.refused", code=code, reason=error_text(error)), severity="error", timeout=15)
        self.marked.difference_update(outcome.done)
        self._marks_changed()
        self.poll()
