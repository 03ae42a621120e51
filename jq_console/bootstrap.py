"""Wiring the pure domain to the world: the policy file, Colombian holidays, the clock.

The one place where a command or an app gets its runtime; the policy file shipped with the package
is read through importlib.resources, so an installed wheel finds it as a source checkout does.

The policy of record lives in the database in versions (store/policies.py); each version keeps its
TOML text and the holiday list it froze. `runtime_of_text` builds the runtime of one version, and a
`PolicyBook` keeps one per version, so a case is always measured by the version it was opened under
(`Runtime.of_case`)."""

from __future__ import annotations

import json
import os
import threading
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jq_console.domain.calendar import BusinessCalendar, HolidaySource
from jq_console.domain.cases import Case
from jq_console.domain.coded import CodedError
from jq_console.domain.holiday_rules import adjusted, freeze, frozen_source, frozen_years
from jq_console.domain.policy import Policy, PolicyError, parse_policy
from jq_console.domain.sla import SlaEngine
from jq_console.files import MIB, FileRefused, read_small_text, toml_error_line

Clock = Callable[[], float]
DEFAULT_POLICY = Path(str(resources.files("jq_console").joinpath("data", "policy.toml")))
# What a policy file is read up to: the shipped one is about 6 KB, and each version's text is stored
# in the database; a file past a megabyte is not a policy (a log, a device behind a wrong name).
POLICY_FILE_BYTES = 1 * MIB


class PolicyFileError(CodedError):
    """The policy file cannot be used: `code` (policy.file.*) with the file's `path` and, for a bad
    value, the dotted `key` and the `problem` (the PolicyError, rendered in the user's language)."""


def policy_path(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("JQ_CONSOLE_POLICY") or DEFAULT_POLICY)


def read_policy_text(path: Path) -> str:
    try:
        return read_small_text(path, POLICY_FILE_BYTES)
    except FileRefused as refusal:
        raise PolicyFileError(refusal.code, **refusal.params) from None
    except FileNotFoundError:
        raise PolicyFileError("policy.file.missing", path=path) from None
    except IsADirectoryError:
        raise PolicyFileError("err.file.folder", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError("policy.file.unreadable", path=path, error=error) from None


def policy_of_text(text: str, path: Path | str) -> Policy:
    """The policy a TOML text describes; `path` names it in a refusal (a file, or a version)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyFileError("policy.file.toml", path=path, line=toml_error_line(str(error), text)) from None
    try:
        return parse_policy(data)
    except PolicyError as error:
        raise bad_value(path, error) from None


def load_policy(path: Path) -> Policy:
    return policy_of_text(read_policy_text(path), path)


def bad_value(path: Path | str, error: PolicyError) -> PolicyFileError:
    return PolicyFileError("policy.file.key", path=path, key=error.key, problem=error)


def holiday_source(country: str, language: str = "es", *, check: bool = True) -> Callable[[int], Mapping[date, str]]:
    """The country's holidays by year. `check` refuses an unknown country now; without it (the shipped
    policy, whose country a test checks) the holiday package is not even imported until a year is asked:
    it loads every country's rules (some 300 modules, ~6 MB), and a policy version of record holds its
    own holiday list, so a console or a command on a database rarely needs it."""
    if check:
        import holidays

        try:
            holidays.country_holidays(country)
        except NotImplementedError:
            raise PolicyError("holiday_country", "policy.bad_country", value=country) from None

    @cache
    def of_year(year: int) -> Mapping[date, str]:
        import holidays

        return dict(holidays.country_holidays(country, years=year, language=language).items())

    return of_year


def _holiday_language(language: str) -> str:
    return "es" if language == "es" else "en_US"


def policy_holidays(policy: Policy, language: str = "es", *, check: bool = True) -> HolidaySource:
    """The country's holidays with the policy's own `[holidays]` changes, read live."""
    country = holiday_source(policy.holiday_country, _holiday_language(language), check=check)
    return lambda year: adjusted(country(year), policy.holidays, year)


def freeze_holidays(policy: Policy, applied_year: int) -> str:
    """The holiday list a version stores (JSON): the years it covers and, per language, date -> name."""
    years = frozen_years(applied_year)
    frozen: dict[str, object] = {"years": [years.start, years.stop - 1]}
    for language in ("es", "en"):
        frozen[language] = freeze(policy_holidays(policy, language), policy.holidays, years)
    return json.dumps(frozen, ensure_ascii=False, sort_keys=True)


@dataclass
class Runtime:
    """Everything a command or screen needs besides the database: policy, calendars, clock.

    `version` is the policy version of record it was built from (None: a local policy file);
    `book` gives the runtime of any other version, for the cases opened under it."""

    policy: Policy
    tz: ZoneInfo
    engine: SlaEngine
    clock: Clock
    version: int | None = None
    book: PolicyBook | None = None

    def now(self) -> float:
        return self.clock()

    def local(self, epoch: float) -> datetime:
        return datetime.fromtimestamp(epoch, self.tz)

    def of_version(self, number: int | None) -> Runtime:
        """The runtime of policy version `number`, on this runtime's clock; this one when it is that
        version, or when there is no record to read (a local policy file, a test's runtime)."""
        if self.book is None or number is None or number == self.version:
            return self
        policy, tz, engine = self.book.parts(number)
        return Runtime(policy, tz, engine, self.clock, number, self.book)

    def of_case(self, case: Case) -> Runtime:
        """The runtime that measures `case`: the policy version it was opened under."""
        return self.of_version(case.policy_version)

    def follow(self, number: int) -> bool:
        """Make this (the current) runtime version `number`, a newer version applied while a console
        runs; True if it changed. New cases are opened under it from then on."""
        if self.book is None or number == self.version:
            return False
        self.policy, self.tz, self.engine = self.book.parts(number)
        self.version = number
        return True


class PolicyBook:
    """The stored policy versions' runtimes, each built once: `load(number)` gives a version's
    TOML text and frozen holiday list (JSON), as stored."""

    def __init__(self, load: Callable[[int], tuple[str, str]], language: str = "es") -> None:
        self._load = load
        self._language = language
        self._built: dict[int, tuple[Policy, ZoneInfo, SlaEngine]] = {}
        self._lock = threading.Lock()  # screens compute countdowns in worker threads

    def parts(self, number: int) -> tuple[Policy, ZoneInfo, SlaEngine]:
        with self._lock:
            if number not in self._built:
                text, holidays_json = self._load(number)
                built = runtime_of_text(text, holidays_json, time.time, self._language, f"policy #{number}")
                self._built[number] = (built.policy, built.tz, built.engine)
            return self._built[number]


def _zone(policy: Policy) -> ZoneInfo:
    try:
        return ZoneInfo(policy.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicyError("timezone", "policy.bad_timezone", value=policy.timezone) from None


def build_runtime(
    policy: Policy,
    clock: Clock = time.time,
    language: str = "es",
    holidays: HolidaySource | None = None,
    *,
    check_country: bool = True,
) -> Runtime:
    """The runtime of `policy`; `holidays` (a version's frozen list) or else the live list, its
    country checked now unless `check_country` is False (see `holiday_source`)."""
    tz = _zone(policy)
    source = holidays or policy_holidays(policy, language, check=check_country)
    calendars = {key: BusinessCalendar(schedule, source, tz) for key, schedule in policy.schedules.items()}
    return Runtime(policy, tz, SlaEngine(policy, calendars, tz), clock)


def runtime_of_text(
    text: str, holidays_json: str, clock: Clock = time.time, language: str = "es", name: str = "policy"
) -> Runtime:
    """The runtime of a stored version: its text, its frozen holidays (beyond the years they
    cover, the country's list with the version's changes)."""
    policy = policy_of_text(text, name)
    frozen = json.loads(holidays_json or "{}")
    first, last = frozen.get("years") or (0, -1)
    lang = "es" if language == "es" else "en"
    # Beyond the frozen years, the country's list with the version's changes; the country was checked
    # when the version was applied, and the holiday package is imported only if such a year is asked.
    beyond = policy_holidays(policy, language, check=False)
    source = frozen_source(frozen, lang, range(first, last + 1), beyond)
    try:
        return build_runtime(policy, clock, language, source)
    except PolicyError as error:
        raise bad_value(name, error) from None


def load_runtime(policy_file: str | None = None, clock: Clock = time.time, language: str = "es") -> Runtime:
    """The runtime of a local policy file (`deadlines`, `policy apply`, tests); the console and every
    command on a database use the version of record instead (application/policy.py)."""
    path = policy_path(policy_file)
    try:  # the shipped file's country is known (tests/test_startup_imports.py checks it)
        return build_runtime(load_policy(path), clock, language, check_country=path != DEFAULT_POLICY)
    except PolicyError as error:  # a value the file's parser accepted but the runtime cannot use
        raise bad_value(path, error) from None


def frozen_clock(instant: datetime) -> Clock:
    """A clock stopped at `instant`, for demos, tests and snapshots."""
    epoch = instant.timestamp()
    return lambda: epoch
