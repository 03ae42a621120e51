"""Wiring the pure domain to the world: the policy file, Colombian holidays, the clock.

The one place where a command or an app gets its runtime; the policy file shipped with the package
is read through importlib.resources, so an installed wheel finds it as a source checkout does."""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.coded import CodedError
from jq_console.domain.policy import Policy, PolicyError, parse_policy
from jq_console.domain.sla import SlaEngine

Clock = Callable[[], float]
DEFAULT_POLICY = Path(str(resources.files("jq_console").joinpath("data", "policy.toml")))


class PolicyFileError(CodedError):
    """The policy file cannot be used: `code` (policy.file.*) with the file's `path` and, for a bad
    value, the dotted `key` and the `problem` (the PolicyError, rendered in the user's language)."""


def policy_path(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("JQ_CONSOLE_POLICY") or DEFAULT_POLICY)


def load_policy(path: Path) -> Policy:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyFileError("policy.file.missing", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError("policy.file.unreadable", path=path, error=error) from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyFileError("policy.file.toml", path=path, error=error) from None
    try:
        return parse_policy(data)
    except PolicyError as error:
        raise bad_value(path, error) from None


def bad_value(path: Path, error: PolicyError) -> PolicyFileError:
    return PolicyFileError("policy.file.key", path=path, key=error.key, problem=error)


def holiday_source(country: str, language: str = "es") -> Callable[[int], Mapping[date, str]]:
    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        raise PolicyError("holiday_country", "policy.bad_country", value=country) from None

    @cache
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
