"""The case screen's moves: each key opens the dialog the move needs (if any), then a thread
worker stores it through the application layer (`application.cases`: the actor checked and the
case compare-and-set on its version, in one write)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.message import Message

from jq_console.application import cases
from jq_console.application import work as work_log
from jq_console.domain.cases import Case
from jq_console.i18n import short_datetime, t
from jq_console.store.cases import Event
from jq_console.store.directory import PartnerInfo
from jq_console.ui.messages import ActionDone
from jq_console.ui.screens.agreed_deadline_dialog import AgreedDeadlineDialog
from jq_console.ui.screens.case_assign import CaseAssign
from jq_console.ui.screens.log_time_dialog import LogTimeDialog, WorkLog
from jq_console.ui.screens.notify_dialog import NotifyDialog
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.recategorize_dialog import RecategorizeDialog
from jq_console.ui.screens.reclassify_dialog import ReclassifyDialog
from jq_console.ui.screens.refer_dialog import ReferDialog, Referral
from jq_console.ui.support import attempt, failure_text, services_of

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


# Opens a refused move's dialog again, on the reloaded case, with the refusal's sentence.
Retry = Callable[[str], None]


class CaseMoves(CaseAssign):
    case: Case | None
    history: list[Event]
    partners: list[PartnerInfo]
    _move_retry: tuple[Retry, str] | None = None

    @dataclass
    class MoveRefused(Message):
        text: str
        retry: Retry

    @work(thread=True, group="case-move")
    def store_move(
        self,
        action: str,
        move: Move,
        inputs: tuple[Any, ...] = (),
        seen: Case | None = None,
        retry: Retry | None = None,
    ) -> None:
        """`seen`: the copy shown when a dialog opened. Decided on that copy, a move answered in a
        dialog is refused if the case changed while the agent was typing, never applied to a
        version they did not see; `retry` then opens the dialog again with what was typed."""
        case = seen or self.case
        if case is None:
            return
        services = services_of(self)
        if retry is None:
            stored = attempt(self, lambda: move(services.engine, services.runtime, services.login, case, *inputs))
        else:
            try:
                stored = move(services.engine, services.runtime, services.login, case, *inputs)
            except Exception as error:  # noqa: BLE001 - told, and the dialog opens again with its text
                self.post_message(self.MoveRefused(failure_text(error), retry))
                return
        if stored is not None:
            self.post_message(ActionDone(case.code, t(f"ui.done.{action}", code=case.code), stored))

    def on_case_moves_move_refused(self, message: MoveRefused) -> None:
        self.notify(message.text, severity="error", timeout=10)
        self._move_retry = (message.retry, message.text)
        self.reload_case()

    def retry_move(self) -> None:
        """Called once the case is reloaded: a refused move's dialog opens again."""
        retry, self._move_retry = self._move_retry, None
        if retry is not None:
            retry[0](retry[1])

    def action_take(self) -> None:
        self.store_move("take", cases.take)

    def action_start(self) -> None:
        self.store_move("start", cases.start)

    def action_resume(self) -> None:
        self.store_move("resume", cases.resume)

    def action_close(self) -> None:
        self.store_move("close", cases.close)

    def _ask_reason(
        self,
        action: str,
        prompt_key: str,
        move: Move,
        optional: bool = False,
        typed: dict[str, str] | None = None,
        error: str = "",
    ) -> None:
        seen = self.case
        dialog = ReasonDialog(t(f"ui.key.{action}"), t(prompt_key), optional=optional, typed=typed, error=error)

        def again(text: str) -> None:
            self._ask_reason(action, prompt_key, move, optional, dialog.kept, text)

        def done(reason: str | None) -> None:
            if reason is not None:
                self.store_move(action, move, (reason,), seen, again)

        self.app.push_screen(dialog, done)

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

        def done(value: tuple[float, str] | None) -> None:
            if value is not None:
                self.store_move("agree", cases.agree, value, case)

        self.app.push_screen(AgreedDeadlineDialog(runtime, current), done)

    def action_reclassify(self) -> None:
        case = self.case
        if case is None:
            return
        runtime = services_of(self).runtime

        def done(value: tuple[str, str, str] | None) -> None:
            if value is not None:  # (severity, reason, kind); pauses and agreed deadline from the history
                self.store_move("reclassify", cases.reclassify_told, value, case)

        story = cases.clock_story(self.history, runtime.now())
        self.app.push_screen(ReclassifyDialog(runtime, case, story), done)

    def action_recategorize(self) -> None:
        case = self.case
        if case is None:
            return

        def done(value: tuple[str, str] | None) -> None:
            if value is not None:  # (category, reason)
                self.store_move("recategorize", cases.recategorize, value, case)

        self.app.push_screen(RecategorizeDialog(services_of(self).runtime, case), done)

    def action_notify_s3(self) -> None:
        case = self.case
        if case is None:
            return

        def done(value: tuple[float, str] | None) -> None:
            if value is not None:
                self.store_move("notify_s3", cases.notify, value, case)

        self.app.push_screen(NotifyDialog(services_of(self).runtime, case.code), done)

    def action_refer(self) -> None:
        case = self.case
        if case is None:
            return
        if not self.partners:
            self.notify(t("ui.no_partners"), severity="warning")
            return

        def done(value: Referral | None) -> None:
            if value is not None:
                inputs = (value.partner, value.consent_by, value.consent_at, value.consent_how)
                self.store_move("refer", cases.refer, inputs, case)

        self.app.push_screen(ReferDialog(services_of(self).runtime, case.code, self.partners), done)

    def action_log_time(self) -> None:
        case = self.case
        if case is None:
            return

        def done(value: WorkLog | None) -> None:
            if value is not None:
                self.log_time(case.code, value)

        self.app.push_screen(LogTimeDialog(services_of(self).runtime, case.code), done)

    @work(thread=True, group="case-move")
    def log_time(self, code: str, logged: WorkLog) -> None:
        services = services_of(self)
        entry = attempt(
            self,
            lambda: work_log.log_work(
                services.engine, services.runtime, services.login, code, logged.started_at, logged.minutes, logged.note
            ),
        )
        if entry is not None:
            self.post_message(ActionDone(code, t("ui.done.log_time", code=code, minutes=logged.minutes)))
