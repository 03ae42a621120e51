"""The queue's header line: which schedules are open now, until when, or when each opens next and why."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.cells import cell_len

from jq_console.bootstrap import Runtime
from jq_console.domain.calendar import BusinessCalendar
from jq_console.i18n import short_datetime, t
from jq_console.ui.support import SteadyStatic


def _closed_reason(calendar: BusinessCalendar, now: datetime, opening: datetime) -> str:
    """Why the schedule is closed until `opening`: a holiday by name, or a day it never opens."""
    day = now.date()
    while day < opening.date():
        name = calendar.holiday_name(day)
        if name and calendar.schedule.week[day.weekday()]:
            return t("ui.schedule.holiday", name=name)
        day += timedelta(days=1)
    if not calendar.schedule.week[now.weekday()]:
        return t("ui.schedule.not_today")
    return ""


def _state(runtime: Runtime, key: str, now: float, *, short: bool) -> tuple[str, str]:
    """One schedule's state, and why it is closed ("" when open or when there is nothing to say)."""
    calendar = runtime.engine.calendars[key]
    moment = runtime.local(now)
    words = ".short" if short else ""
    name = t(f"ui.schedule.{key}{words}")
    start, stop = calendar.current_or_next_opening(moment)
    if start <= moment < stop:
        return t(f"ui.schedule.open_until{words}", name=name, until=f"{stop:%H:%M}"), ""
    when = f"{start:%H:%M}" if start.date() == moment.date() else short_datetime(start)
    return t(f"ui.schedule.opens{words}", name=name, when=when), _closed_reason(calendar, moment, start)


def _with(text: str, why: str) -> str:
    return f"{text} ({why})" if why else text


def schedule_text(runtime: Runtime, key: str, now: float) -> str:
    """One schedule's state: "Horario regular: abierto hasta las 13:00", or closed, when it opens and
    why ("Urgencias: cerrado, abre mié 9 dic 08:00 (festivo: ...)")."""
    return _with(*_state(runtime, key, now, short=False))


def schedules_line(runtime: Runtime, now: float) -> tuple[str, ...]:
    """The header's line, from the most words to the fewest: the date and time, then each schedule's
    state. The header shows the first that fits its width (80 columns at the least, in English too,
    with both schedules closed until another day):
    - every word, and why each schedule is closed;
    - fewer words ("Regular: abre 14:00"), the why said once when it is the same for both (a holiday);
    - without the why;
    - the time without the day."""
    local = runtime.local(now)
    moment = short_datetime(local)
    keys = runtime.engine.calendars
    short = [_state(runtime, key, now, short=True) for key in keys]
    reasons = {why for _, why in short}
    if len(reasons) == 1 and "" not in reasons:  # the same why for both: said once, at the end
        said_once = [*(text for text, _ in short), f"({reasons.pop()})"]
    else:
        said_once = [_with(text, why) for text, why in short]
    fewest = [text for text, _ in short]
    return (
        "   ".join([moment, *(schedule_text(runtime, key, now) for key in keys)]),
        "  ".join([moment, *said_once]),
        "  ".join([moment, *fewest]),
        "  ".join([f"{local:%H:%M}", *fewest]),
    )


class ScheduleStatus(SteadyStatic):
    """Redrawn only when its text changes (once a minute, for its clock), and read again only when
    the minute or the policy version in force changed: it shows the time to the minute, and the
    schedules open and close on whole minutes ("HH:MM-HH:MM"), in a time zone whose offset is whole
    minutes too."""

    def __init__(self, runtime: Runtime, *, id: str | None = None) -> None:
        self.runtime = runtime
        now = runtime.now()
        self._read_at = self._minute_of(now)
        self._texts = schedules_line(runtime, now)
        # The first wording in the very first frame (its width is known once laid out: `on_resize`). As
        # wide as the screen, so a new minute lays nothing out unless it wraps; the same words are not
        # drawn again (`SteadyStatic`).
        super().__init__(self._texts[0], id=id, markup=False, steady_width=True)

    def _minute_of(self, now: float) -> tuple[int, int | None]:
        return int(now // 60), self.runtime.version

    def _fitting(self) -> str:
        """The longest wording that fits on one line; the shortest, wrapped, when none does."""
        width = self.content_size.width
        if width <= 0 and self.is_attached:  # mounted, not laid out yet: the terminal's width, less the gutter
            width = self.app.size.width - self.styles.gutter.width
        if width <= 0:
            return self._texts[0]
        return next((text for text in self._texts if cell_len(text) <= width), self._texts[-1])

    def _show(self) -> None:
        self.update(self._fitting())

    def on_mount(self) -> None:
        self._show()  # the first frame already on one line

    def on_resize(self) -> None:
        self._show()

    def tick(self) -> None:
        now = self.runtime.now()
        minute = self._minute_of(now)
        if minute == self._read_at:
            return
        self._read_at = minute
        self._texts = schedules_line(self.runtime, now)
        self._show()
