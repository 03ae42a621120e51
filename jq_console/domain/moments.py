"""Instants as an agent types them in a dialog: '15:30' (today), or a full date-time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from jq_console.domain.parsing import InputError, parse_instant

_CLOCK = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)$")


def parse_moment(text: str, tz: tzinfo, now: datetime) -> datetime:
    """'HH:MM' is that time today (in `tz`); anything else must be ISO 8601 (see parse_instant)."""
    cleaned = text.strip()
    match = _CLOCK.match(cleaned)
    if match:
        today = now.astimezone(tz)
        return today.replace(hour=int(match["h"]), minute=int(match["m"]), second=0, microsecond=0)
    if not cleaned:
        raise InputError("err.input.moment")
    return parse_instant(cleaned, tz)


def example_moment(now: datetime, days: int = -1, time: str = "15:30") -> str:
    """A full date-time as typed, for a field's hint, which `parse_moment` reads: by default the day
    before `now`'s (local) at 15:30, an instant of an earlier day whatever the hour; `days` ahead
    for a field that takes a later one (an agreed deadline)."""
    return f"{now + timedelta(days=days):%Y-%m-%d}T{time}"


def work_start(now: float, minutes: int, typed: float | None = None) -> float:
    """When logged work began: the instant typed, or `minutes` before now when none was. The work
    must have ended by now: time not yet worked cannot be logged (nor billed)."""
    began = now - minutes * 60 if typed is None else typed
    if began + minutes * 60 > now:
        raise InputError("err.input.work_future")
    return began
