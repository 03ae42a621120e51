"""Billing figures as the CLI, the CSV export and the screens print them (one place, same words)."""

from __future__ import annotations

import csv
from datetime import datetime
from typing import IO

from jq_console.bootstrap import Runtime
from jq_console.domain.billing import MonthBill
from jq_console.domain.text import formula_safe, plain
from jq_console.i18n import long_date, pesos, t
from jq_console.presentation.columns import left, wrap
from jq_console.store.studies import Study

CSV_HEADER = ("case", "client", "nit", "year", "minutes_worked", "minutes_billed", "rate", "amount")


def hours(minutes: int) -> str:
    """90 -> '1:30'; -20 -> '-0:20'."""
    sign = "-" if minutes < 0 else ""
    whole, rest = divmod(abs(minutes), 60)
    return f"{sign}{whole}:{rest:02d}"


def csv_text(value: str) -> str:
    return formula_safe(plain(value))


def write_csv(bill: MonthBill, out: IO[str]) -> int:
    """One row per case and rate-year, amounts in whole pesos; returns the number of rows. Texts are
    plain and formula-safe: a client named `=HYPERLINK(...)` is text in the spreadsheet, not a formula."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for line in bill.lines:
        writer.writerow(
            (
                csv_text(line.case_code),
                csv_text(line.client_name),
                csv_text(line.nit),
                line.year,
                line.minutes_worked,
                line.minutes_billed,
                line.rate,
                line.amount,
            )
        )
    return len(bill.lines)


def bill_text(bill: MonthBill) -> list[str]:
    """The month as plain text lines: each case, each client's total, the month's total."""
    out = [t("billing.month", month=f"{bill.year}-{bill.month:02d}")]
    if not bill.clients:
        out.append(t("billing.empty"))
    for client in bill.clients:
        out.append(f"{plain(client.client_name)} (NIT {client.nit})")
        for line in client.lines:
            out.append(
                f"  {line.case_code}  {line.year}  {hours(line.minutes_worked):>7} -> "
                f"{hours(line.minutes_billed):>7}  x {pesos(line.rate):>11}/h = {pesos(line.amount):>13}"
            )
        out.append(
            f"  {t('billing.client_total', client=plain(client.client_name))}: {hours(client.minutes_billed)} h "
            f"= {pesos(client.amount)}"
        )
    out.append(f"{t('billing.month_total')}: {hours(bill.minutes_billed)} h = {pesos(bill.amount)}")
    if bill.subscription:
        out.append(t("billing.subscription", hours=hours(bill.subscription_minutes), cases=len(bill.subscription)))
    return out


def quote_text(runtime: Runtime, study: Study, width: int = 80) -> str:
    """The quote a client can receive, as plain text (UTF-8)."""
    quote = study.quote
    if quote is None:
        return t("study.no_quote")
    rule = "=" * width
    cols = t("quote.cols").split("|")
    head = f"{cols[0]:<32}{cols[1]:>6}{cols[2]:>14}{cols[3]:>14}{cols[4]:>14}"
    lines = [
        rule,
        t("quote.heading").center(width),
        rule,
        t("quote.date", date=long_date(datetime.fromtimestamp(study.decided_at, runtime.tz))),
        t("quote.case", case=study.case_code),
        t("quote.client", client=plain(study.client_name), nit=study.nit),
        t("quote.feature", feature=plain(study.feature)),
        t("quote.rate", year=quote.year, rate=pesos(quote.rate)),
        t("quote.discount", level=quote.level, percent=quote.discount_percent)
        if quote.level
        else t("quote.no_discount"),
        "",
        head,
        "-" * width,
    ]
    for line in quote.lines:
        first, *rest = wrap(plain(line.description), 31) or [""]
        lines.append(
            f"{left(first, 32)}{hours(line.minutes):>6}{pesos(line.gross):>14}"
            f"{pesos(line.discount):>14}{pesos(line.net):>14}"
        )
        lines.extend(f"  {more}" for more in rest)
    lines += [
        "-" * width,
        f"{t('quote.total'):<32}{hours(quote.minutes):>6}{pesos(quote.gross):>14}"
        f"{pesos(quote.discount):>14}{pesos(quote.net):>14}",
        "",
    ]
    if study.note:
        lines.append(plain(study.note, multiline=True))
    lines.append(t("quote.currency"))
    return "\n".join(lines) + "\n"
