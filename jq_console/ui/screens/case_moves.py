"""The case screen's moves: each key opens the dialog the move needs (if any), then a thread
worker stores it through the application layer (`application.cases`: the actor checked and the
case compare-and-set on its version, in one write)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.message import Message

from jq_console.application import cases
from jq_console.application import work as work_log
from jq_console.application.case_view import stored_case
from jq_console.domain.cases import Case
from jq_console.i18n import short_datetime, t
from jq_console.store.cases import Event
from jq_console.store.directory import PartnerInfo
from jq_console.ui.messages import ActionDone
from jq_console.ui.screens.agreed_deadline_dialog import AgreedDeadlineDialog
from jq_console.ui.screens.case_assign import CaseAssign
from jq_console.ui.screens.dialog_base import DialogScreen
from jq_console.ui.screens.log_time_dialog import LogTimeDialog, WorkLog
from jq_console.ui.screens.notify_dialog import NotifyDialog
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.recategorize_dialog import RecategorizeDialog
from jq_console.ui.screens.reclassify_dialog import ReclassifyDialog
from jq_console.ui.screens.refer_dialog import ReferDialog, Referral
from jq_console.ui.support import attempt, services_of

# An application function of `application.cases`: (engine, runtime, login, case, *inputs) -> the stored case.
Move = Callable[..., Case]

# Screen action -> the move's name in domain.cases.allowed_actions.
MOVES = {
    "take": "take",
    "start": "start",
    "wait": "wait",
    "resume": "resume",
    "log_time": "log_time",
    "agree": "agree_deadline",
    "resolve": "resolve",
    "close": "close",
    "reopen": "reopen",
    "invalidate": "invalidate",
    "reject": "reject",
    "verify": "verify",
    "refer": "refer",
    "notify_s3": "notify",
    "reclassify": "reclassify",
    "recategorize": "reclassify",  # allowed wherever a reclassification is (domain.lifecycle.recategorize)
    "assign": "assign",
}


class CaseMoves(CaseAssign):
    case: Case | None
    history: list[Event]
    partners: list[PartnerInfo]

    class MoveRefused(Message):
        """A move answered in a dialog was refused (told in the dialog): the case is read again."""

    @work(thread=True, group="case-move")
    def store_move(self, action: str, move: Move) -> None:
        """A move that needs no dialog, on the case as shown."""
        case = self.case
        if case is None:
            return
        services = services_of(self)
        stored = attempt(self, lambda: move(services.engine, services.runtime, services.login, case))
        if stored is not None:
            self.post_message(ActionDone(case.code, t(f"ui.done.{action}", code=case.code), stored))

    def move_in_dialog(
        self,
        action: str,
        move: Callable[..., object],
        dialog: DialogScreen[Any],
        inputs: Callable[[Any], tuple[Any, ...]] = lambda value: (value,),
        said: Callable[[Any], dict[str, Any]] = lambda value: {},
        after_refusal: Callable[[Case], None] | None = None,
    ) -> None:
        """Open `dialog`; what it is accepted with is stored as the move (`inputs(value)`), from
        the dialog, which stays open with what was typed if the move is refused. The move is
        decided on the copy shown when the dialog opened: if the case changed while the agent was
        typing, it is refused, never applied to a version they did not see; accepted again after
        the refusal told them, it acts on the case as it is now."""
        case = self.case
        if case is None:
            return
        seen = [case]

        def apply(value: Any) -> None:
            services = services_of(self)
            try:
                stored = move(services.engine, services.runtime, services.login, seen[0], *inputs(value))
            except Exception:
                seen[0] = stored_case(services, case.code) or seen[0]
                self.post_message(self.MoveRefused())
                if after_refusal is not None:  # what the dialog offers, read again (in this thread)
                    after_refusal(seen[0])
                raise
            done = t(f"ui.done.{action}", code=case.code, **said(value))
            self.post_message(ActionDone(case.code, done, stored if isinstance(stored, Case) else None))

        self.app.push_screen(dialog.applying(apply))

    def on_case_moves_move_refused(self, message: MoveRefused) -> None:
        self.reload_case()

    def action_take(self) -> None:
        self.store_move("take", cases.take)

    def action_start(self) -> None:
        self.store_move("start", cases.start)

    def action_resume(self) -> None:
        self.store_move("resume", cases.resume)

    def action_close(self) -> None:
        self.store_move("close", cases.close)

    def _ask_reason(self, action: str, prompt_key: str, move: Move, optional: bool = False) -> None:
        self.move_in_dialog(action, move, ReasonDialog(t(f"ui.key.{action}"), t(prompt_key), optional=optional))

    def action_wait(self) -> None:
        self._ask_reason("wait", "ui.dialog.wait_reason", cases.wait)

    def action_resolve(self) -> None:
        self._ask_reason("resolve", "ui.dialog.resolve_note", cases.resolve)

    def action_reopen(self) -> None:
        self._ask_reason("reopen", "ui.dialog.reopen_reason", cases.reopen)

    def action_invalidate(self) -> None:
        self._ask_reason("invalidate", "ui.dialog.invalidate_reason", cases.invalidate)

    def action_reject(self) -> None:
        self._ask_reason("reject", "ui.dialog.reject_reason", cases.reject)

    def action_verify(self) -> None:
        self._ask_reason("verify", "ui.dialog.verify_by", cases.verify, optional=True)

    def action_agree(self) -> None:
        case = self.case
        if case is None:
            return
        runtime = services_of(self).runtime
        current = short_datetime(runtime.local(case.resolution_due)) if case.resolution_due else "—"
        self.move_in_dialog("agree", cases.agree, AgreedDeadlineDialog(runtime, current), tuple)

    def action_reclassify(self) -> None:
        case = self.case
        if case is None:
            return
        runtime = services_of(self).runtime
        story = cases.clock_story(self.history, runtime.now())
        # (severity, reason, kind); pauses and agreed deadline from the history
        self.move_in_dialog("reclassify", cases.reclassify_told, ReclassifyDialog(runtime, case, story), tuple)

    def action_recategorize(self) -> None:
        case = self.case
        if case is None:
            return
        dialog = RecategorizeDialog(services_of(self).runtime, case)
        self.move_in_dialog("recategorize", cases.recategorize, dialog, tuple)  # (category, reason)

    def action_notify_s3(self) -> None:
        case = self.case
        if case is None:
            return
        self.move_in_dialog("notify_s3", cases.notify, NotifyDialog(services_of(self).runtime, case.code), tuple)

    def action_refer(self) -> None:
        case = self.case
        if case is None:
            return
        if not self.partners:
            self.notify(t("ui.no_partners"), severity="warning")
            return

        def inputs(value: Referral) -> tuple[Any, ...]:
            return (value.partner, value.consent_by, value.consent_at, value.consent_how)

        dialog = ReferDialog(services_of(self).runtime, case.code, self.partners)
        self.move_in_dialog("refer", cases.refer, dialog, inputs)

    def action_log_time(self) -> None:
        case = self.case
        if case is None:
            return
        code = case.code

        def log(value: WorkLog) -> None:
            services = services_of(self)
            work_log.log_work(
                services.engine, services.runtime, services.login, code, value.started_at, value.minutes, value.note
            )
            self.post_message(ActionDone(code, t("ui.done.log_time", code=code, minutes=value.minutes)))

        self.app.push_screen(LogTimeDialog(services_of(self).runtime, code).applying(log))
