"""The supervisor's corrective action on a breach, asked from the case screen: a reason dialog for
the oldest breach still waiting for one, stored from the dialog in a thread (see
application.cases.corrective; a refusal is told in the dialog, the text kept). Each breach needs
its own: the key stays offered while one waits."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen

from jq_console.application import cases
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime
from jq_console.domain.oversight import SUPERVISING_ROLES
from jq_console.i18n import label, short_datetime, t
from jq_console.ui.messages import ActionDone
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.support import one_line, services_of
from jq_console.ui.view_models.case_model import CaseView


def corrective_offered(view: CaseView | None, services: Services) -> bool:
    """Only supervisors, only on a writable database, only while a breach waits for its action."""
    return (
        view is not None and not services.readonly and services.role in SUPERVISING_ROLES and bool(view.awaiting_action)
    )


def breach_lines(runtime: Runtime, view: CaseView) -> Text:
    text = Text()
    text.append(t("ui.case.breaches") + "\n", style="bold underline")  # the heading only
    for breach in view.breaches:
        due = short_datetime(runtime.local(breach.due))
        line = t(
            "ui.case.breach_line",
            kind=label("kind", breach.clock),
            occurrence=breach.occurrence,
            severity=breach.severity,
            due=due,
        )
        text.append(f"  {line} — ", style="bold")
        if breach.action is None:
            text.append(t("breach.awaiting_action") + "\n", style="red")
        else:
            text.append(t("breach.action", note=one_line(breach.action), by=one_line(breach.action_by)) + "\n")
    return text


def ask_corrective_action(screen: Screen[None]) -> None:
    view: CaseView | None = getattr(screen, "view", lambda: None)()
    if view is None or not view.awaiting_action:
        return
    code = view.code
    breach = view.awaiting_action[0]  # the oldest still waiting
    runtime = services_of(screen).runtime
    prompt = t(
        "corrective.prompt_one",
        kind=label("kind", breach.clock),
        occurrence=breach.occurrence,
        due=short_datetime(runtime.local(breach.due)),
    )

    def store(note: str) -> None:
        services = services_of(screen)
        engine, runtime, login = services.engine, services.runtime, services.login
        cases.corrective(engine, runtime, login, code, note, breach.clock, breach.occurrence)
        screen.post_message(ActionDone(code, t("corrective.done", code=code)))

    screen.app.push_screen(ReasonDialog(t("corrective.key"), prompt).applying(store))
