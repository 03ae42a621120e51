"""The top of the case screen, always in view: both deadlines as they tick (paused clocks
marked ⏸ on every severity), or a finished case's outcome instead of countdowns; the study's
decision; and the one line saying what another console just did to the case."""

from __future__ import annotations

from rich.text import Text

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.i18n import label, pesos, short_datetime, t
from jq_console.presentation.clocks import STYLES, assignment_clock, clock_text, resolution_clock
from jq_console.store.cases import Event
from jq_console.store.studies import Study
from jq_console.ui.support import SteadyStatic, one_line

# The history line of each way a case ends.
ENDINGS = {
    "resolved": ("resolve", "resolved"),
    "closed": ("close", "closed"),
    "invalid": ("invalidate", "invalid"),
    "rejected": ("reject", "rejected"),
    "referred": ("refer", "referred"),
}


def is_finished(case: Case) -> bool:
    """No clock runs any more: shown with its outcome, never with a countdown."""
    return not case.is_open and case.status != "resolved"


def outcome(runtime: Runtime, case: Case, history: list[Event]) -> str:
    kinds = ENDINGS.get(case.status, ())
    ending = next((event for event in reversed(history) if event.kind in kinds), None)
    status = label("status", case.status)
    if ending is None:
        return status
    when = short_datetime(runtime.local(ending.at))
    text = t("live.outcome_by", status=status, when=when, actor=one_line(ending.actor))
    return text + (f" — {one_line(ending.note)}" if ending.note else "")


def study_text(runtime: Runtime, study: Study) -> str:
    when = short_datetime(runtime.local(study.decided_at))
    name = label("outcome", study.outcome)
    if study.quote is not None:
        return t(
            "live.study_quote", outcome=name, total=pesos(study.quote.net), by=one_line(study.decided_by), when=when
        )
    return t("live.study", outcome=name, by=one_line(study.decided_by), when=when)


class CasePulse(SteadyStatic):
    DEFAULT_CSS = """
    CasePulse { height: auto; padding: 0 1; background: $boost; }
    """

    def __init__(self, runtime: Runtime, *, id: str | None = None) -> None:
        super().__init__("", id=id, steady_width=True)  # as wide as the screen: a countdown lays nothing out
        self.runtime = runtime
        self.case: Case | None = None
        self.history: list[Event] = []
        self.study: Study | None = None
        self.changed = ""

    def show(self, case: Case, history: list[Event], study: Study | None) -> None:
        self.case, self.history, self.study = case, history, study
        self.tick()

    def tell_change(self, line: str) -> None:
        self.changed = line
        self.tick()

    def tick(self) -> None:
        case = self.case
        if case is None:
            return
        self.update(self.describe(case, self.runtime.now()))

    def describe(self, case: Case, now: float) -> Text:
        text = Text()
        if is_finished(case):
            text.append(outcome(self.runtime, case, self.history), style="bold")
        else:
            engine = self.runtime.of_case(case).engine  # the policy version the case was opened under
            for index, clock in enumerate((assignment_clock(engine, case, now), resolution_clock(engine, case, now))):
                if index:
                    text.append("  ·  ")
                text.append(t(f"live.due.{clock.kind}") + " ", style="bold")
                text.append(clock_text(clock), style=STYLES[clock.state])
                if clock.due is not None and clock.left is not None:
                    text.append(f" {short_datetime(self.runtime.local(clock.due))}", style="dim")
                elif clock.left is not None and clock.due is None:
                    text.append(f" {t('live.due.paused')}", style="dim")
            if case.status == "resolved":
                text.append("\n" + outcome(self.runtime, case, self.history), style="bold")
        if self.study is not None:
            text.append("\n" + study_text(self.runtime, self.study), style="italic")
        if self.changed:
            text.append("\n" + self.changed, style="bold yellow")
        return text
