"""The supervisor's corrective action on a breached case, asked from the case screen: a reason
dialog, then a thread worker that stores it as a case event (see application.cases.corrective)."""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from jq_console.application import cases
from jq_console.application.services import Services
from jq_console.domain.cases import Case
from jq_console.domain.oversight import SUPERVISING_ROLES, breaches
from jq_console.i18n import t
from jq_console.ui.messages import ActionDone
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.support import attempt, services_of


def corrective_offered(case: Case | None, services: Services) -> bool:
    """Only supervisors, only on a writable database, only while a deadline is breached."""
    return (
        case is not None
        and not services.readonly
        and services.role in SUPERVISING_ROLES
        and bool(breaches(case, services.runtime.now()))
    )


def ask_corrective_action(screen: Screen[None]) -> None:
    case: Case | None = getattr(screen, "case", None)
    if case is None:
        return
    code = case.code

    def done(note: str | None) -> None:
        if note is not None:
            _store(screen, code, note)

    screen.app.push_screen(ReasonDialog(t("corrective.key"), t("corrective.prompt")), done)


@work(thread=True, group="case-move")
def _store(screen: Screen[None], code: str, note: str) -> None:
    services = services_of(screen)
    stored = attempt(
        screen,
        lambda: cases.corrective(services.engine, services.runtime, services.login, code, note),
    )
    if stored is not None:
        screen.post_message(ActionDone(code, t("corrective.done", code=code)))
