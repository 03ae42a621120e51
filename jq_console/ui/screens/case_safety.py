"""Safe moves on the case screen: closing asks first; acting on a case another agent holds asks
first (the owner is told in their console when it sees the change, see `ui.owner_watch`); and
starting work offers to start the work timer."""

from __future__ import annotations

from collections.abc import Callable

from jq_console.i18n import t
from jq_console.ui.screens.case_moves import MOVES, CaseMoves
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.support import services_of

# Moves that change another agent's case without being a hand-over: asked first. Taking needs no
# owner; a supervisor's "assign to…" is the hand-over itself, with its own dialog and note.
ASK_IF_FOREIGN = frozenset(MOVES) - {"take", "assign"}


class SafeMoves(CaseMoves):
    offer_timer = False  # set by "start": once stored, the timer is offered

    def ask_first(self, action: str, go: Callable[[], None]) -> None:
        """Ask each question this move needs, in turn; `go` only after every answer was yes."""
        case = self.case
        if case is None:
            return
        questions: list[ConfirmDialog] = []
        owner = case.agent
        if owner and owner != services_of(self).login and action in ASK_IF_FOREIGN:
            move = t(f"ui.key.{action}")
            questions.append(
                ConfirmDialog(
                    t("live.foreign.title", owner=owner),
                    t("live.foreign.question", code=case.code, owner=owner, move=move),
                )
            )
        if action == "close":
            questions.append(
                ConfirmDialog(t("live.close.title", code=case.code), t("live.close.question", code=case.code))
            )
        self._ask(questions, go)

    def _ask(self, questions: list[ConfirmDialog], go: Callable[[], None]) -> None:
        if not questions:
            go()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._ask(questions[1:], go)

        self.app.push_screen(questions[0], answered)

    def action_start(self) -> None:
        def go() -> None:
            self.offer_timer = True
            CaseMoves.action_start(self)

        self.ask_first("start", go)


def _asking(action: str) -> Callable[[SafeMoves], None]:
    plain: Callable[[CaseMoves], None] = getattr(CaseMoves, f"action_{action}")

    def ask(self: SafeMoves) -> None:
        self.ask_first(action, lambda: plain(self))

    ask.__name__ = f"action_{action}"
    ask.__doc__ = plain.__doc__
    return ask


for _action in sorted(ASK_IF_FOREIGN - {"start"}):
    setattr(SafeMoves, f"action_{_action}", _asking(_action))
