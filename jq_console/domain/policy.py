"""The support policy as plain data, parsed from the policy file's TOML mapping.

Parsing is pure (a dict in, a `Policy` out) so the rules can be tested without files; reading the
file lives at the edge, in `jq_console.bootstrap`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jq_console.domain.cases import CATEGORIES
from jq_console.domain.coded import CodedError
from jq_console.domain.holiday_rules import HolidayChanges, HolidayRuleError, parse_holiday_changes
from jq_console.domain.vocabulary import SEVERITIES as SEVERITIES
from jq_console.domain.vocabulary import Severity

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEVELS = (1, 2, 3, 4)  # subscription levels, 4 the highest
UNITS = ("business_minutes", "calendar_days")
# No SLA target is longer than a year; a larger amount is a typo that would make every deadline
# computation walk centuries of calendar.
MAX_AMOUNT = {"business_minutes": 365 * 24 * 60, "calendar_days": 366}


class PolicyError(CodedError, ValueError):
    """A policy file value that cannot be used: `key` is the dotted TOML path, `code` names the
    problem in the catalogue (policy.*)."""

    def __init__(self, key: str, code: str, /, **params: Any) -> None:
        super().__init__(code, key=key, **params)
        self.key = key


@dataclass(frozen=True)
class Schedule:
    key: str
    name: str
    # Seven tuples (Monday first) of (start, end) seconds after local midnight.
    week: tuple[tuple[tuple[int, int], ...], ...]


@dataclass(frozen=True)
class Target:
    amount: int
    unit: str
    schedule: str

    @property
    def is_calendar(self) -> bool:
        return self.unit == "calendar_days"


@dataclass(frozen=True)
class SeverityPolicy:
    code: str
    name: str
    assignment: Target
    resolution: Target


@dataclass(frozen=True)
class Limits:
    """Longest texts the console stores (characters) and the shape of one web-form line it reads."""

    title: int
    description: int
    name: int
    note: int
    intake_line_bytes: int
    intake_depth: int


# What each limit may be set to: a smaller value would refuse ordinary input, a larger one lets a
# single text or intake line take the memory of the office server.
LIMIT_RANGES = {
    "title": (20, 1_000),
    "description": (200, 200_000),
    "name": (20, 1_000),
    "note": (100, 100_000),
    "intake_line_bytes": (4_096, 16 * 1024 * 1024),
    "intake_depth": (4, 200),
}


NOTICES = ("registered", "taken", "waiting", "resolved", "closed", "study", "release")
# What each mail number may be set to (mail.*): outside these, a typo, not a choice.
MAIL_RANGES = {
    "max_message_kb": (16, 50 * 1024),
    "max_attachment_kb": (1, 50 * 1024),
    "per_address_per_hour": (1, 1000),
    "retry_first_minutes": (1, 60),
    "retry_max_minutes": (1, 24 * 60),
    "give_up_hours": (1, 30 * 24),
}


@dataclass(frozen=True)
class MailPolicy:
    """E-mail: which notices go to clients, in which language, and the limits on what comes in and goes out."""

    notices: frozenset[str] = frozenset(NOTICES)
    language: str = "es"
    resume_on_reply: bool = False
    max_message_kb: int = 10 * 1024
    max_attachment_kb: int = 5 * 1024
    per_address_per_hour: int = 20
    retry_first_minutes: int = 2
    retry_max_minutes: int = 60
    give_up_hours: int = 72

    def notifies(self, notice: str) -> bool:
        return notice in self.notices


@dataclass(frozen=True)
class Bounds:
    """How long a case may wait and how far a time may stray (docs/policy.md, "The record"):
    - `verification_hours` business hours of `verification_schedule` after the opening, a case pending
      the USR's verification is overdue, and `jq-console sweep` invalidates it;
    - `auto_close_days` business days (open days of `closure_schedule`) after its resolution, a resolved
      case is closed by `sweep`;
    - a web-form send time older than `max_backdate_hours` is refused, one later than now by more than
      `clock_tolerance_minutes` too (up to that, it is taken as now: the web server's clock runs ahead);
    - work logged on a case may end at most `work_before_opening_hours` before the case was opened
      (the phone call a case is registered after); earlier work was not work on it."""

    verification_hours: int = 8
    verification_schedule: str = "regular"
    auto_close_days: int = 5
    closure_schedule: str = "regular"
    max_backdate_hours: int = 72
    clock_tolerance_minutes: int = 10
    work_before_opening_hours: int = 24


# What each bound may be set to (keys as in the policy file); outside, the value is a typo.
BOUND_RANGES = {
    "verification.deadline_business_hours": (1, 24 * 30),
    "closure.auto_close_business_days": (1, 90),
    "intake.max_backdate_hours": (1, 24 * 366),
    "intake.clock_tolerance_minutes": (0, 24 * 60),
    "billing.work_before_opening_hours": (0, 24 * 31),
}


@dataclass(frozen=True)
class Policy:
    timezone: str
    holiday_country: str
    schedules: Mapping[str, Schedule]
    severities: Mapping[str, SeverityPolicy]
    at_risk_fraction: float
    severity_order: tuple[str, ...]  # the queue's order of severities, first to last
    service_order: tuple[str, ...]
    fraction_minutes: int
    currency: str
    rates: Mapping[int, int]
    discounts: Mapping[int, int]
    contractual_severities: tuple[str, ...]
    contractual_exceptions: tuple[str, ...]
    approval_category: str
    away_after_minutes: int
    agreed_max_days: int
    agreed_severities: tuple[Severity, ...]
    category_severities: Mapping[str, tuple[Severity, ...]]
    limits: Limits
    # [holidays]: dates added to or removed from the country's list
    holidays: HolidayChanges = field(default_factory=HolidayChanges)
    bounds: Bounds = Bounds()
    mail: MailPolicy = MailPolicy()

    def severity_allowed(self, category: str, severity: str) -> bool:
        return severity in self.category_severities.get(category, ())

    def severity_rank(self, severity: str) -> int:
        return self.severity_order.index(severity)

    def service_rank(self, service: str, level: int | None) -> int:
        key = f"subscription:{level}" if service == "subscription" else "contractual"
        return self.service_order.index(key)


# What `_get` expected, as the catalogue names it (policy.expected.*).
_KIND_CODES: dict[Any, str] = {
    bool: "bool",
    int: "int",
    (int, float): "number",
    str: "text",
    list: "list",
    dict: "table",
}


def _get(table: Mapping[str, Any], key: str, path: str, kind: type | tuple[type, ...]) -> Any:
    if key not in table:
        raise PolicyError(f"{path}{key}", "policy.missing")
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PolicyError(f"{path}{key}", f"policy.expected.{_KIND_CODES[kind]}", value=value)
    return value


def _clock(text: str, path: str) -> int:
    try:
        hours, minutes = text.split(":")
        h, m = int(hours), int(minutes)
    except ValueError:
        raise PolicyError(path, "policy.bad_clock", text=text) from None
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise PolicyError(path, "policy.clock_range", text=text)
    return h * 3600 + m * 60


def _intervals(items: list[Any], path: str) -> tuple[tuple[int, int], ...]:
    result: list[tuple[int, int]] = []
    for item in items:
        if not isinstance(item, str) or item.count("-") != 1:
            raise PolicyError(path, "policy.bad_interval", item=item)
        start, end = (_clock(part.strip(), path) for part in item.split("-"))
        if end <= start or (result and start < result[-1][1]):
            raise PolicyError(path, "policy.interval_order", item=item)
        result.append((start, end))
    return tuple(result)


def _schedule(key: str, table: Mapping[str, Any]) -> Schedule:
    path = f"schedules.{key}."
    week = tuple(_intervals(_get(table, day, path, list), path + day) for day in WEEKDAYS)
    if not any(week):
        raise PolicyError(path.rstrip("."), "policy.never_open")
    return Schedule(key, _get(table, "name", path, str), week)


def _target(table: Mapping[str, Any], path: str, schedules: Mapping[str, Schedule]) -> Target:
    amount = _get(table, "amount", path + ".", int)
    unit = _get(table, "unit", path + ".", str)
    schedule = _get(table, "schedule", path + ".", str)
    if amount <= 0:
        raise PolicyError(path + ".amount", "policy.positive")
    if unit not in UNITS:
        raise PolicyError(path + ".unit", "policy.bad_unit", value=unit, allowed=", ".join(UNITS))
    if schedule not in schedules:
        raise PolicyError(path + ".schedule", "policy.bad_schedule", value=schedule)
    if amount > MAX_AMOUNT[unit]:
        raise PolicyError(path + ".amount", "policy.amount_max", limit=MAX_AMOUNT[unit])
    return Target(amount, unit, schedule)


def _int_keys(table: Mapping[str, Any], path: str) -> dict[int, int]:
    result: dict[int, int] = {}
    for key, value in table.items():
        if not (str(key).isascii() and str(key).isdigit()) or len(str(key)) > 9:  # '²' is a digit to isdigit
            raise PolicyError(f"{path}.{key}", "policy.key_number")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise PolicyError(f"{path}.{key}", "policy.non_negative", value=value)
        result[int(key)] = value
    return result


def _severity_list(items: list[Any], path: str) -> tuple[Severity, ...]:
    listed: list[Severity] = []
    for code in items:
        if code not in SEVERITIES:
            raise PolicyError(path, "policy.bad_severity", value=code)
        if code not in listed:
            listed.append(code)
    return tuple(listed)


def _each_once(priority: Mapping[str, Any], key: str, expected: set[str]) -> tuple[str, ...]:
    """An order in [priority]: every one of `expected`, each exactly once."""
    order = tuple(_get(priority, key, "priority.", list))
    if not all(isinstance(item, str) for item in order) or set(order) != expected or len(order) != len(expected):
        raise PolicyError(f"priority.{key}", "policy.services", expected=", ".join(sorted(expected)))
    return order


def _limits(table: Mapping[str, Any]) -> Limits:
    values: dict[str, int] = {}
    for key, (low, high) in LIMIT_RANGES.items():
        value = _get(table, key, "limits.", int)
        if not low <= value <= high:
            raise PolicyError(f"limits.{key}", "policy.limit_range", low=low, high=high)
        values[key] = value
    return Limits(**values)


def _bound(data: Mapping[str, Any], dotted: str, default: int) -> int:
    table_name, key = dotted.split(".")
    table = _get(data, table_name, "", dict) if table_name in data else {}
    value = _get(table, key, f"{table_name}.", int) if key in table else default
    low, high = BOUND_RANGES[dotted]
    if not low <= value <= high:
        raise PolicyError(dotted, "policy.limit_range", low=low, high=high)
    return int(value)


def _bound_schedule(data: Mapping[str, Any], table_name: str, schedules: Mapping[str, Schedule]) -> str:
    table = _get(data, table_name, "", dict) if table_name in data else {}
    schedule = _get(table, "schedule", f"{table_name}.", str) if "schedule" in table else "regular"
    if schedule not in schedules:
        raise PolicyError(f"{table_name}.schedule", "policy.bad_schedule", value=schedule)
    return str(schedule)


def _bounds(data: Mapping[str, Any], schedules: Mapping[str, Schedule]) -> Bounds:
    """The [verification], [closure] and [intake] tables, and `billing.work_before_opening_hours`. Each
    is optional: a policy file written before they existed keeps the defaults the shipped file states
    (`Bounds`)."""
    default = Bounds()
    return Bounds(
        verification_hours=_bound(data, "verification.deadline_business_hours", default.verification_hours),
        verification_schedule=_bound_schedule(data, "verification", schedules),
        auto_close_days=_bound(data, "closure.auto_close_business_days", default.auto_close_days),
        closure_schedule=_bound_schedule(data, "closure", schedules),
        max_backdate_hours=_bound(data, "intake.max_backdate_hours", default.max_backdate_hours),
        clock_tolerance_minutes=_bound(data, "intake.clock_tolerance_minutes", default.clock_tolerance_minutes),
        work_before_opening_hours=_bound(data, "billing.work_before_opening_hours", default.work_before_opening_hours),
    )


def _mail(table: Mapping[str, Any]) -> MailPolicy:
    """The optional [mail] table; a file without it keeps the defaults."""
    notify = _get(table, "notify", "mail.", dict) if "notify" in table else {}
    for key, value in notify.items():
        if key not in NOTICES:
            raise PolicyError(f"mail.notify.{key}", "policy.bad_notice", allowed=", ".join(NOTICES))
        if not isinstance(value, bool):
            raise PolicyError(f"mail.notify.{key}", "policy.expected.bool", value=value)
    numbers: dict[str, int] = {}
    for key, (low, high) in MAIL_RANGES.items():
        if key in table:
            value = _get(table, key, "mail.", int)
            if not low <= value <= high:
                raise PolicyError(f"mail.{key}", "policy.limit_range", low=low, high=high)
            numbers[key] = value
    language = _get(table, "language", "mail.", str) if "language" in table else "es"
    if language not in ("es", "en"):
        raise PolicyError("mail.language", "policy.bad_language", value=language)
    resume = table.get("resume_on_reply", False)
    if not isinstance(resume, bool):
        raise PolicyError("mail.resume_on_reply", "policy.expected.bool", value=resume)
    return MailPolicy(
        notices=frozenset(notice for notice in NOTICES if notify.get(notice, True)),
        language=language,
        resume_on_reply=resume,
        **numbers,
    )


def parse_policy(data: Mapping[str, Any]) -> Policy:
    """Build a `Policy` from the policy file's mapping, or raise `PolicyError` naming the key."""
    schedules_table = _get(data, "schedules", "", dict)
    schedules = {key: _schedule(key, _get(schedules_table, key, "schedules.", dict)) for key in schedules_table}
    sla = _get(data, "sla", "", dict)
    severities: dict[str, SeverityPolicy] = {}
    for code in SEVERITIES:
        table = _get(sla, code, "sla.", dict)
        path = f"sla.{code}"
        severities[code] = SeverityPolicy(
            code,
            _get(table, "name", path + ".", str),
            _target(_get(table, "assignment", path + ".", dict), path + ".assignment", schedules),
            _target(_get(table, "resolution", path + ".", dict), path + ".resolution", schedules),
        )
    fraction = _get(_get(data, "sla_display", "", dict), "at_risk_fraction", "sla_display.", (int, float))
    if not 0 < fraction < 1:
        raise PolicyError("sla_display.at_risk_fraction", "policy.fraction")
    priority = _get(data, "priority", "", dict)
    severity_order = _each_once(priority, "severities", set(SEVERITIES))
    order = _each_once(priority, "services", {f"subscription:{n}" for n in LEVELS} | {"contractual"})
    billing = _get(data, "billing", "", dict)
    fraction_minutes = _get(billing, "fraction_minutes", "billing.", int)
    if fraction_minutes <= 0:
        raise PolicyError("billing.fraction_minutes", "policy.positive")
    rates = _int_keys(_get(billing, "rates", "billing.", dict), "billing.rates")
    if not rates:
        raise PolicyError("billing.rates", "policy.no_rates")
    discounts = _int_keys(_get(billing, "discounts", "billing.", dict), "billing.discounts")
    for level in LEVELS:
        if level not in discounts:
            raise PolicyError(f"billing.discounts.{level}", "policy.missing_discount")
        if discounts[level] > 100:
            raise PolicyError(f"billing.discounts.{level}", "policy.discount_max")
    contractual = _get(data, "contractual", "", dict)
    contractual_severities = tuple(_get(contractual, "severities", "contractual.", list))
    for code in contractual_severities:
        if code not in SEVERITIES:
            raise PolicyError("contractual.severities", "policy.bad_severity", value=code)
    presence = _get(data, "presence", "", dict)
    agreed_max_days = _get(_get(data, "agreed_deadline", "", dict), "max_days", "agreed_deadline.", int)
    if not 1 <= agreed_max_days <= 3660:
        raise PolicyError("agreed_deadline.max_days", "policy.max_days")
    agreed_severities = _severity_list(
        _get(_get(data, "agreed_deadline", "", dict), "severities", "agreed_deadline.", list),
        "agreed_deadline.severities",
    )
    categories_table = _get(data, "categories", "", dict)
    category_severities: dict[str, tuple[Severity, ...]] = {}
    for category in CATEGORIES:
        allowed = _severity_list(_get(categories_table, category, "categories.", list), f"categories.{category}")
        if not allowed:
            raise PolicyError(f"categories.{category}", "policy.no_severity")
        category_severities[category] = allowed
    for category in categories_table:
        if category not in CATEGORIES:
            raise PolicyError(f"categories.{category}", "policy.bad_category", value=category)
    return Policy(
        timezone=_get(data, "timezone", "", str),
        holiday_country=_get(data, "holiday_country", "", str),
        schedules=schedules,
        severities=severities,
        at_risk_fraction=float(fraction),
        severity_order=severity_order,
        service_order=order,
        fraction_minutes=fraction_minutes,
        currency=_get(billing, "currency", "billing.", str),
        rates=rates,
        discounts=discounts,
        contractual_severities=contractual_severities,
        contractual_exceptions=tuple(_get(contractual, "exception_categories", "contractual.", list)),
        approval_category=_get(contractual, "approval_category", "contractual.", str),
        away_after_minutes=_get(presence, "away_after_minutes", "presence.", int),
        agreed_max_days=agreed_max_days,
        agreed_severities=agreed_severities,
        category_severities=category_severities,
        limits=_limits(_get(data, "limits", "", dict)),
        holidays=_holidays(data),
        bounds=_bounds(data, schedules),
        mail=_mail(_get(data, "mail", "", dict)) if "mail" in data else MailPolicy(),
    )


def _holidays(data: Mapping[str, Any]) -> HolidayChanges:
    try:
        return parse_holiday_changes(data)
    except HolidayRuleError as error:
        params = {name: value for name, value in error.params.items() if name != "key"}
        raise PolicyError(error.key, error.code, **params) from None
