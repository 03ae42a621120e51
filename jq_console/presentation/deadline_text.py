"""The words of a deadline's explanation: built from `domain.explain` day lines and the case's history."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.domain.explain import DayLine, clock_stops, counted_seconds, explain, pause_intervals
from jq_console.domain.sla import ClockState
from jq_console.domain.text import plain
from jq_console.i18n import label, long_date, short_datetime, t
from jq_console.presentation.clocks import STYLES, Clock, assignment_clock, clock_text, resolution_clock
from jq_console.store.cases import Event


def policy_of_case(runtime: Runtime, number: int) -> str:
    """The policy version a case was opened under (which measures its clocks), and the one in force
    when that is another: "Política v1 (vigente: v2)". `runtime` is the session's, which follows the
    newest applied version; without a version of record (a local policy file) only the case's."""
    current = runtime.version
    if current is None or current == number:
        return t("case.policy_version", number=int(number))
    return t("case.policy_version_older", number=int(number), current=int(current))


def hours_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    return t("ui.explain.hours", hours=hours, minutes=f"{rest:02d}")


def _span(interval: tuple[datetime, datetime]) -> str:
    return f"{interval[0]:%H:%M}–{interval[1]:%H:%M}"


def day_text(line: DayLine) -> str:
    day = long_date(datetime(line.day.year, line.day.month, line.day.day))
    if line.closed_reason == "holiday":
        return t("ui.explain.holiday", day=day, name=line.holiday_name or "")
    if line.closed_reason == "closed":
        return t("ui.explain.closed", day=day)
    parts = []
    if line.counted:
        parts.append(
            t("ui.explain.counted", spans=", ".join(_span(i) for i in line.counted), total=hours_text(line.seconds))
        )
    if line.breaks:
        parts.append(t("ui.explain.breaks", spans=", ".join(_span(i) for i in line.breaks)))
    if line.paused:
        parts.append(t("ui.explain.paused", spans=", ".join(_span(i) for i in line.paused)))
    if not parts:
        parts.append(t("ui.explain.nothing"))
    return f"{day}: " + "; ".join(parts)


def _header(runtime: Runtime, case: Case, clock: Clock) -> Text:
    engine = runtime.engine
    target = engine.target(case.severity, clock.kind)
    name = t(f"ui.schedule.{target.schedule}")
    amount = (
        t("ui.explain.calendar_days", days=target.amount)
        if target.is_calendar
        else t("ui.explain.business", amount=hours_text(target.amount * 60), schedule=name)
    )
    text = Text(f"{label('kind', clock.kind).capitalize()} · {case.severity}: {amount}", style="bold")
    due = short_datetime(runtime.local(clock.due)) if clock.due is not None else "—"
    text.append(f"   {t('ui.explain.due', due=due)}   ")
    state_text = f" {label('clock', clock.state.value)} {clock_text(clock)} "
    text.append(state_text, style=STYLES[clock.state])
    return text


def _notes(runtime: Runtime, kind: str, history: list[Event]) -> list[str]:
    lines = []
    for event in history:
        when = short_datetime(runtime.local(event.at))
        if event.kind == "reclassify":
            before = event.before.get("severity", "?")
            lines.append(
                t(
                    "ui.explain.reclassified",
                    before=before,
                    after=event.after.get("severity", "?"),
                    actor=plain(event.actor),
                    when=when,
                    reason=plain(event.note),
                )
            )
        elif event.kind == "agree_deadline" and kind == "resolution":
            old = event.before.get("resolution_due")
            old_text = short_datetime(runtime.local(old)) if isinstance(old, (int, float)) else "—"
            agreed = t(
                "ui.explain.agreed", actor=plain(event.actor), when=when, before=old_text, reason=plain(event.note)
            )
            lines.append(agreed)
    return lines


def explanation(runtime: Runtime, case: Case, history: list[Event], now: float) -> Text:
    """Both clocks with the day-by-day account of what counted toward each deadline, on the policy
    version the case was opened under (its schedules, holidays and targets)."""
    runtime = runtime.of_case(case)
    engine = runtime.engine
    out = Text()
    marks = clock_stops((event.at, event.kind) for event in history)
    for clock in (assignment_clock(engine, case, now), resolution_clock(engine, case, now)):
        target = engine.target(case.severity, clock.kind)
        out.append_text(_header(runtime, case, clock))
        out.append("\n")
        opened = runtime.local(case.opened_at)
        pauses_epoch = pause_intervals(marks, now) if clock.kind == "resolution" else []
        pauses = [(runtime.local(a), runtime.local(b)) for a, b in pauses_epoch]
        for note in _notes(runtime, clock.kind, history):
            out.append(f"  {note}\n", style="italic")
        if target.is_calendar:
            out.append("  " + t("ui.explain.calendar_rule", opened=short_datetime(opened), days=target.amount) + "\n")
            for start, end in pauses:
                out.append(
                    "  " + t("ui.explain.calendar_pause", start=short_datetime(start), end=short_datetime(end)) + "\n"
                )
            out.append("\n")
            continue
        end_epoch = clock.due if clock.due is not None else now
        calendar = engine.calendar_for(target)
        lines = explain(calendar, opened, runtime.local(end_epoch), pauses)
        out.append("  " + t("ui.explain.opened", opened=short_datetime(opened)) + "\n")
        for line in lines:
            out.append(f"    {day_text(line)}\n")
        total = counted_seconds(lines)
        if clock.state is ClockState.PAUSED:
            left = clock.left or 0.0
            out.append("  " + t("ui.explain.total_paused", total=hours_text(total), left=hours_text(left)) + "\n\n")
        else:
            out.append(
                "  "
                + t("ui.explain.total", total=hours_text(total), target=hours_text(engine.target_seconds(target)))
                + "\n\n"
            )
    return out
