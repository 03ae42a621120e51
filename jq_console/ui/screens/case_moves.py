"""The case screen's moves: each key opens the dialog the move needs (if any), then a thread
worker stores it through `store.moves.apply_seen` (compare-and-set on the case's version)."""

from __future__ import annotations

from collections.abc import Callable

from textual import work

from jq_console.domain import lifecycle
from jq_console.domain.cases import Case, Change
from jq_console.i18n import short_datetime, t
from jq_console.store import moves, time_entries
from jq_console.store.directory import PartnerInfo
from jq_console.ui.messages import ActionDone
from jq_console.ui.screens.agreed_deadline_dialog import AgreedDeadlineDialog
from jq_console.ui.screens.case_assign import CaseAssign
from jq_console.ui.screens.log_time_dialog import LogTimeDialog, WorkLog
from jq_console.ui.screens.notify_dialog import NotifyDialog
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.reclassify_dialog import ReclassifyDialog
from jq_console.ui.screens.refer_dialog import ReferDialog, Referral
from jq_console.ui.support import attempt, services_of

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
    "assign": "assign",
}


class CaseMoves(CaseAssign):
    case: Case | None
    partners: list[PartnerInfo]

    @work(thread=True, group="case-move")
    def store_move(self, action: str, decide: Callable[[Case], Change], seen: Case | None = None) -> None:
        """`seen`: the copy shown when a dialog opened. Decided on that copy, a move answered in a
        dialog is refused if the case changed while the agent was typing, never applied to a
        version they did not see."""
        case = seen or self.case
        if case is None:
            return
        services = services_of(self)
        stored = attempt(
            self, lambda: moves.apply_seen(services.engine, services.runtime, case, services.login, decide)
        )
        if stored is not None:
            self.post_message(ActionDone(case.code, t(f"ui.done.{action}", code=case.code), stored))

    def _now(self) -> float:
        return services_of(self).runtime.now()

    def action_take(self) -> None:
        login = services_of(self).login
        self.store_move("take", lambda c: lifecycle.take(c, login, self._now()))

    def action_start(self) -> None:
        self.store_move("start", lifecycle.start)

    def action_resume(self) -> None:
        engine = services_of(self).runtime.engine
        self.store_move("resume", lambda c: lifecycle.resume(c, engine, self._now()))

    def action_close(self) -> None:
        self.store_move("close", lambda c: lifecycle.close(c, self._now()))

    def _ask_reason(
        self, action: str, prompt_key: str, decide: Callable[[Case, str], Change], optional: bool = False
    ) -> None:
        seen = self.case

        def done(reason: str | None) -> None:
            if reason is not None:
                self.store_move(action, lambda c: decide(c, reason), seen)

        self.app.push_screen(ReasonDialog(t(f"ui.key.{action}"), t(prompt_key), optional=optional), done)

    def action_wait(self) -> None:
        engine = services_of(self).runtime.engine
        self._ask_reason(
            "wait", "ui.dialog.wait_reason", lambda c, r: lifecycle.wait_on_client(c, engine, self._now(), r)
        )

    def action_resolve(self) -> None:
        self._ask_reason("resolve", "ui.dialog.resolve_note", lambda c, r: lifecycle.resolve(c, self._now(), r))

    def action_reopen(self) -> None:
        self._ask_reason("reopen", "ui.dialog.reopen_reason", lambda c, r: lifecycle.reopen(c, r))

    def action_invalidate(self) -> None:
        self._ask_reason(
            "invalidate", "ui.dialog.invalidate_reason", lambda c, r: lifecycle.invalidate(c, self._now(), r)
        )

    def action_reject(self) -> None:
        self._ask_reason(
            "reject", "ui.dialog.reject_reason", lambda c, r: lifecycle.invalidate(c, self._now(), r, reject=True)
        )

    def action_verify(self) -> None:
        self._ask_reason("verify", "ui.dialog.verify_by", lambda c, r: lifecycle.verify(c, r), optional=True)

    def action_agree(self) -> None:
        case = self.case
        if case is None:
            return
        runtime = services_of(self).runtime
        current = short_datetime(runtime.local(case.resolution_due)) if case.resolution_due else "—"

        def done(value: tuple[float, str] | None) -> None:
            if value is not None:
                self.store_move(
                    "agree",
                    lambda c: lifecycle.agree_deadline(
                        c,
                        value[0],
                        self._now(),
                        value[1],
                        runtime.policy.agreed_max_days,
                        runtime.policy.agreed_severities,
                    ),
                    case,
                )

        self.app.push_screen(AgreedDeadlineDialog(runtime, current), done)

    def action_reclassify(self) -> None:
        case = self.case
        if case is None:
            return
        runtime = services_of(self).runtime

        def done(value: tuple[str, str] | None) -> None:
            if value is not None:
                self.store_move(
                    "reclassify", lambda c: lifecycle.reclassify(c, value[0], runtime.engine, value[1]), case
                )

        self.app.push_screen(ReclassifyDialog(runtime, case), done)

    def action_notify_s3(self) -> None:
        case = self.case
        if case is None:
            return

        def done(value: tuple[float, str] | None) -> None:
            if value is not None:
                self.store_move("notify_s3", lambda c: lifecycle.notify(c, value[0], value[1]), case)

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
                self.store_move(
                    "refer",
                    lambda c: lifecycle.refer(c, value.partner, value.consent_by, value.consent_at, value.consent_how),
                    case,
                )

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
        now = services.runtime.now()
        entry = attempt(
            self,
            lambda: time_entries.log_work(
                services.engine, code, services.login, logged.started_at, logged.minutes, logged.note, now
            ),
        )
        if entry is not None:
            self.post_message(ActionDone(code, t("ui.done.log_time", code=code, minutes=logged.minutes)))
