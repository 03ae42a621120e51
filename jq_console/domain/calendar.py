"""Business calendars: which local times count as working time, and arithmetic over them.

A calendar keeps one row per local day: the epoch of its midnight, its open intervals and the
business seconds accumulated before it. Adding business time or measuring it is then two
bisections and at most a couple of interval steps, whatever the distance, instead of walking
minute by minute. The table grows (a few years at a time) when an instant falls outside it.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from jq_console.domain.policy import Schedule

HolidaySource = Callable[[int], Mapping[date, str]]
"""Given a year, the public holidays of that year with their names."""


@dataclass(frozen=True)
class _Table:
    first_year: int
    last_year: int
    days: tuple[date, ...]
    midnights: tuple[float, ...]  # one more than days: the last is the end of the table
    intervals: tuple[tuple[tuple[int, int], ...], ...]
    before: tuple[int, ...]  # business seconds accumulated before each day
    through: tuple[int, ...]  # business seconds accumulated at the end of each day


@dataclass(frozen=True)
class DayAccount:
    """How one local day counted between two instants; used to explain a deadline."""

    day: date
    counted: tuple[tuple[datetime, datetime], ...]
    closed_reason: str | None  # "holiday", "closed" (a day the schedule never opens) or None
    holiday_name: str | None
    breaks: tuple[tuple[datetime, datetime], ...]  # gaps between counted intervals (lunch)

    @property
    def seconds(self) -> int:
        return int(sum((end - start).total_seconds() for start, end in self.counted))


class BusinessCalendar:
    def __init__(self, schedule: Schedule, holidays: HolidaySource, tz: tzinfo) -> None:
        self.schedule = schedule
        self.tz = tz
        self._holiday_source = holidays
        self._holidays: dict[int, Mapping[date, str]] = {}
        self._table: _Table | None = None
        # Screens compute countdowns in worker threads; growing the table must not race.
        self._lock = threading.Lock()

    # -- table -----------------------------------------------------------------------------
    def holidays_of(self, year: int) -> Mapping[date, str]:
        if year not in self._holidays:
            self._holidays[year] = dict(self._holiday_source(year))
        return self._holidays[year]

    def holiday_name(self, day: date) -> str | None:
        return self.holidays_of(day.year).get(day)

    def _build(self, first_year: int, last_year: int) -> _Table:
        days: list[date] = []
        midnights: list[float] = []
        intervals: list[tuple[tuple[int, int], ...]] = []
        before: list[int] = []
        through: list[int] = []
        total = 0
        day = date(first_year, 1, 1)
        end = date(last_year + 1, 1, 1)
        while day < end:
            open_today = () if self.holiday_name(day) else self.schedule.week[day.weekday()]
            days.append(day)
            midnights.append(datetime(day.year, day.month, day.day, tzinfo=self.tz).timestamp())
            intervals.append(open_today)
            before.append(total)
            total += sum(stop - start for start, stop in open_today)
            through.append(total)
            day += timedelta(days=1)
        midnights.append(datetime(end.year, 1, 1, tzinfo=self.tz).timestamp())
        return _Table(
            first_year, last_year, tuple(days), tuple(midnights), tuple(intervals), tuple(before), tuple(through)
        )

    def _table_for(self, epoch: float) -> _Table:
        table = self._table
        if table is not None and table.midnights[0] <= epoch < table.midnights[-1]:
            return table
        year = datetime.fromtimestamp(epoch, self.tz).year
        return self._extend_to_years(year - 1, year + 2)

    def _extend_to_years(self, first: int, last: int) -> _Table:
        with self._lock:
            table = self._table
            if table is not None:
                first, last = min(first, table.first_year), max(last, table.last_year)
                if (first, last) == (table.first_year, table.last_year):
                    return table
            self._table = self._build(first, last)
            return self._table

    # -- arithmetic on epochs ----------------------------------------------------------------
    def position(self, epoch: float) -> float:
        """Business seconds from the start of the table to `epoch`."""
        return self._position(self._table_for(epoch), epoch)

    @staticmethod
    def _position(table: _Table, epoch: float) -> float:
        index = bisect_right(table.midnights, epoch) - 1
        seconds = epoch - table.midnights[index]
        position: float = table.before[index]
        for start, stop in table.intervals[index]:
            if seconds >= stop:
                position += stop - start
            else:
                if seconds > start:
                    position += seconds - start
                break
        return position

    def instant(self, position: float, table: _Table) -> float | None:
        """Earliest epoch at which `position` business seconds are reached, or None past the table."""
        index = bisect_left(table.through, position)
        if index >= len(table.days):
            return None
        left = position - table.before[index]
        for start, stop in table.intervals[index]:
            if left <= stop - start:
                return table.midnights[index] + start + left
            left -= stop - start
        return None  # unreachable: `through` guarantees the day holds `left`

    def add_seconds(self, epoch: float, seconds: float) -> float:
        """The earliest instant at which `seconds` of business time have elapsed since `epoch`;
        with negative `seconds`, the instant that much business time before it."""
        if seconds == 0:
            return epoch
        table = self._table_for(epoch)
        target = self._position(table, epoch) + seconds
        while True:
            if target > 0:
                found = self.instant(target, table)
                if found is not None:
                    return found
                # Past the table's end: grow it by a few years (the loop covers schedules that
                # are almost always closed). Positions do not move when the table grows forwards.
                table = self._extend_to_years(table.first_year, table.last_year + 3)
            else:
                # Before the table's start: grow it backwards; positions shift by what is added.
                grown = self._extend_to_years(table.first_year - 3, table.last_year)
                target += grown.before[(table.days[0] - grown.days[0]).days]
                table = grown

    def running_from(self, epoch: float) -> float:
        """`epoch` while the schedule is open, else the instant it next opens: business time stands
        still in between."""
        table = self._table_for(epoch)
        index = bisect_right(table.midnights, epoch) - 1
        while True:
            if index >= len(table.days):  # past the table's end: positions do not move when it grows
                table = self._extend_to_years(table.first_year, table.last_year + 3)
                continue
            midnight = table.midnights[index]
            for start, stop in table.intervals[index]:
                if epoch < midnight + stop:
                    return max(epoch, midnight + start)
            index += 1

    def day_end(self, epoch: float) -> float:
        """The local midnight that ends `epoch`'s day. Business time is counted day by day: on a day
        a clock change shortens, a schedule open late counts an hour the day never reaches, and the
        next midnight adds it at once (business time otherwise runs no faster than the wall clock)."""
        table = self._table_for(epoch)
        return table.midnights[bisect_right(table.midnights, epoch)]

    def seconds_between(self, start: float, end: float) -> float:
        """Business seconds from `start` to `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.seconds_between(end, start)
        self._table_for(start)
        table = self._table_for(end)  # covers both: tables only ever grow
        return self._position(table, end) - self._position(table, start)

    # -- the same on aware datetimes ---------------------------------------------------------
    def add(self, start: datetime, minutes: float) -> datetime:
        return datetime.fromtimestamp(self.add_seconds(start.timestamp(), minutes * 60), self.tz)

    def minutes_between(self, start: datetime, end: datetime) -> float:
        return self.seconds_between(start.timestamp(), end.timestamp()) / 60

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        if self.holiday_name(local.date()):
            return False
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        return any(start <= seconds < stop for start, stop in self.schedule.week[local.weekday()])

    def open_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        if self.holiday_name(day):
            return ()
        midnight = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        return tuple(
            (midnight + timedelta(seconds=start), midnight + timedelta(seconds=stop))
            for start, stop in self.schedule.week[day.weekday()]
        )

    def current_or_next_opening(self, moment: datetime) -> tuple[datetime, datetime]:
        """The open interval containing `moment`, or else the next one to start."""
        local = moment.astimezone(self.tz)
        day = local.date()
        for _ in range(400):
            for start, stop in self.open_intervals(day):
                if stop > local:
                    return start, stop
            day += timedelta(days=1)
        raise ValueError("el horario no abre en el próximo año")

    def days(self, start: datetime, end: datetime) -> Iterator[DayAccount]:
        """Each local day from `start` to `end`, with what counted and why the rest did not."""
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        day = start.date()
        while day <= end.date():
            holiday = self.holiday_name(day)
            week = self.schedule.week[day.weekday()]
            counted = tuple((max(a, start), min(b, end)) for a, b in self.open_intervals(day) if b > start and a < end)
            breaks = tuple((counted[i][1], counted[i + 1][0]) for i in range(len(counted) - 1))
            reason = "holiday" if holiday and week else ("closed" if not week else None)
            yield DayAccount(day, counted, reason, holiday, breaks)
            day += timedelta(days=1)
