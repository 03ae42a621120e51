"""Wiring the pure domain to the world: the policy file, Colombian holidays, the clock."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from .domain.calendar import BusinessCalendar
from .domain.policy import Policy, PolicyError
from .domain.sla import SlaEngine
from .policy_file import bad_value, load_policy, policy_path

Clock = Callable[[], float]


def holiday_source(country: str, language: str = "es") -> Callable[[int], Mapping[date, str]]:
    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        raise PolicyError("holiday_country", "policy.bad_country", value=country) from None

    @lru_cache(maxsize=None)
    def of_year(year: int) -> Mapping[date, str]:
        return dict(holidays.country_holidays(country, years=year, language=language).items())

    return of_year


@dataclass
class Runtime:
    """Everything a command or screen needs besides the database: policy, calendars, clock."""

    policy: Policy
    tz: ZoneInfo
    engine: SlaEngine
    clock: Clock

    def now(self) -> float:
        return self.clock()

    def local(self, epoch: float) -> datetime:
        return datetime.fromtimestamp(epoch, self.tz)


def build_runtime(policy: Policy, clock: Clock = time.time, language: str = "es") -> Runtime:
    try:
        tz = ZoneInfo(policy.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicyError("timezone", "policy.bad_timezone", value=policy.timezone) from None
    source = holiday_source(policy.holiday_country, "es" if language == "es" else "en_US")
    calendars = {key: BusinessCalendar(schedule, source, tz) for key, schedule in policy.schedules.items()}
    return Runtime(policy, tz, SlaEngine(policy, calendars, tz), clock)


def load_runtime(policy_file: str | None = None, clock: Clock = time.time, language: str = "es") -> Runtime:
    path = policy_path(policy_file)
    try:
        return build_runtime(load_policy(path), clock, language)
    except PolicyError as error:  # a value the file's parser accepted but the runtime cannot use
        raise bad_value(path, error) from None


def frozen_clock(instant: datetime) -> Clock:
    """A clock stopped at `instant`, for demos, tests and snapshots."""
    epoch = instant.timestamp()
    return lambda: epoch


