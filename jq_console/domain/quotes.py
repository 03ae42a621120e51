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


_ESTIMATE = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?$|^(?P<ch>\d+):(?P<cm>[0-5]\d)$")


def parse_estimate(text: str) -> int:
    """Estimated effort for a quote line in minutes: a bare number is hours ('40'), or '6h',
    '6h30m', '45m', '1:30'. Unlike logged work, an estimate may exceed a day."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned.isdigit():
        minutes = int(cleaned) * 60
    else:
        match = _ESTIMATE.match(cleaned)
        if not cleaned or match is None:
            raise InputError("err.input.estimate", text=text)
        minutes = int(match["h"] or match["ch"] or 0) * 60 + int(match["m"] or match["cm"] or 0)
    if minutes <= 0:
        raise InputError("err.input.estimate_zero", text=text)
    return minutes


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
