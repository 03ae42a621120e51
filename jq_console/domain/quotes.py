"""Quotes for custom development (a feature request studied as a case study): estimated hours
per line at the year's rate, less the subscription level's discount, in whole pesos."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jq_console.domain.billing import pesos_for
from jq_console.domain.cases import Refused
from jq_console.domain.parsing import InputError


@dataclass(frozen=True)
class QuoteLine:
    description: str
    minutes: int  # estimated effort; hours x 60 so that 1h30m quotes exactly


# The most hours one quote line may estimate: five people for a year. A larger figure is a typo
# (999999999999999h priced at the year's rate overflows the database's integers).
MAX_ESTIMATE_HOURS = 10_000
# Digits beyond these say more minutes than the bound whatever they are (and int() refuses 4,300).
_MOST_DIGITS = len(str(MAX_ESTIMATE_HOURS * 60))

_ESTIMATE = re.compile(
    r"^(?P<n>\d+)$|^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?$|^(?P<ch>\d+):(?P<cm>[0-5]\d)$",
    re.ASCII,  # '²' and '４' are digits to Unicode, not to an estimate
)


def parse_estimate(text: str) -> int:
    """Estimated effort for a quote line in minutes: a bare number is hours ('40'), or '6h',
    '6h30m', '45m', '1:30'. Unlike logged work, an estimate may exceed a day, up to
    `MAX_ESTIMATE_HOURS`."""
    cleaned = text.strip().lower().replace(" ", "")
    match = _ESTIMATE.match(cleaned)
    if not cleaned or match is None:
        raise InputError("err.input.estimate", text=text)
    hours, minutes = match["n"] or match["h"] or match["ch"] or "0", match["m"] or match["cm"] or "0"
    if max(len(hours.lstrip("0")), len(minutes.lstrip("0"))) > _MOST_DIGITS:
        raise InputError("err.input.estimate_too_long", text=text, limit=MAX_ESTIMATE_HOURS)
    total = int(hours) * 60 + int(minutes)
    if total <= 0:
        raise InputError("err.input.estimate_zero", text=text)
    if total > MAX_ESTIMATE_HOURS * 60:
        raise InputError("err.input.estimate_too_long", text=text, limit=MAX_ESTIMATE_HOURS)
    return total


@dataclass(frozen=True)
class PricedLine:
    description: str
    minutes: int
    rate: int
    gross: int
    discount: int

    @property
    def net(self) -> int:
        return self.gross - self.discount


@dataclass(frozen=True)
class Quote:
    year: int
    rate: int
    level: int | None
    discount_percent: int
    lines: tuple[PricedLine, ...]

    @property
    def minutes(self) -> int:
        return sum(line.minutes for line in self.lines)

    @property
    def gross(self) -> int:
        return sum(line.gross for line in self.lines)

    @property
    def discount(self) -> int:
        return sum(line.discount for line in self.lines)

    @property
    def net(self) -> int:
        return sum(line.net for line in self.lines)


def discount_for(level: int | None, discounts: Mapping[int, int]) -> int:
    """Percent off a quote: the subscription level's discount; a contractual client has none."""
    return discounts.get(level, 0) if level is not None else 0


def price_quote(
    lines: Iterable[QuoteLine], year: int, rate: int, level: int | None, discounts: Mapping[int, int]
) -> Quote:
    """Each line: estimated hours x the year's rate, minus the level's discount, in whole pesos."""
    percent = discount_for(level, discounts)
    priced = []
    for line in lines:
        if not line.description.strip():
            raise Refused("study.line_description")
        if line.minutes <= 0:
            raise Refused("study.line_hours")
        gross = pesos_for(line.minutes, rate)
        priced.append(
            PricedLine(line.description.strip(), line.minutes, rate, gross, (gross * percent * 2 + 100) // 200)
        )
    if not priced:
        raise Refused("study.quote_empty")
    return Quote(year, rate, level, percent, tuple(priced))
