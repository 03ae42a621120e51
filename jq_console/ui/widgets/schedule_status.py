"""The queue's header line: which schedules are open now, until when, or when each opens next and why."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.widgets import Static

from jq_console.bootstrap import Runtime
from jq_console.domain.calendar import BusinessCalendar
from jq_console.i18n import short_datetime, t


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


def schedule_text(runtime: Runtime, key: str, now: float) -> str:
    calendar = runtime.engine.calendars[key]
    moment = runtime.local(now)
    name = t(f"ui.schedule.{key}")
    start, stop = calendar.current_or_next_opening(moment)
    if start <= moment < stop:
        return t("ui.schedule.open_until", name=name, until=f"{stop:%H:%M}")
    reason = _closed_reason(calendar, moment, start)
    when = f"{start:%H:%M}" if start.date() == moment.date() else short_datetime(start)
    text = t("ui.schedule.opens", name=name, when=when)
    return f"{text} ({reason})" if reason else text


def schedules_line(runtime: Runtime, now: float) -> str:
    return "   ".join(schedule_text(runtime, key, now) for key in runtime.engine.calendars)


class ScheduleStatus(Static):
    """Redrawn only when its text changes (once a minute, for its clock), and read again only when
    the minute or the policy version in force changed: it shows the time to the minute, and the
    schedules open and close on whole minutes ("HH:MM-HH:MM"), in a time zone whose offset is whole
    minutes too."""

    def __init__(self, runtime: Runtime, *, id: str | None = None) -> None:
        self.runtime = runtime
        now = runtime.now()
        self._read_at = self._minute_of(now)
        self._text = self._current(now)
        super().__init__(self._text, id=id, markup=False)  # in the very first frame

    def _minute_of(self, now: float) -> tuple[int, int | None]:
        return int(now // 60), self.runtime.version

    def _current(self, now: float) -> str:
        return f"{short_datetime(self.runtime.local(now))}   {schedules_line(self.runtime, now)}"

    def tick(self) -> None:
        now = self.runtime.now()
        minute = self._minute_of(now)
        if minute == self._read_at:
            return
        self._read_at = minute
        text = self._current(now)
        if text != self._text:
            self._text = text
            self.update(text)
