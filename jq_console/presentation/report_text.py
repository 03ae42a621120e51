"""The monthly report as terminal text and as CSV rows (the PDF: report_pdf.py)."""

from __future__ import annotations

import csv
from typing import IO

from jq_console.bootstrap import Runtime
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.report import CLOCKS, Report, Spread
from jq_console.domain.tally import ClockTally
from jq_console.presentation.billing_text import csv_text
from jq_console.presentation.columns import left, right, widest
from jq_console.presentation.presenters import iso
from jq_console.presentation.report_view import Table, heading, minutes, percent_value, report_tables

CSV_HEADER = ("section", "key", "clock", "metric", "value", "detail")


def table_lines(table: Table) -> list[str]:
    """A table in fixed columns: words left-aligned, figures right-aligned, two spaces apart."""
    lines = [table.title]
    if not table.rows and table.empty:
        return [*lines, "  " + table.empty]
    widths = [widest([row[i] for row in (table.header, *table.rows)]) for i in range(len(table.header))]

    def line(cells: tuple[str, ...]) -> str:
        parts = [
            right(cell, width) if index >= table.numeric_from else left(cell, width)
            for index, (cell, width) in enumerate(zip(cells, widths))
        ]
        return ("  " + "  ".join(parts)).rstrip()

    return [*lines, line(table.header), *(line(row) for row in table.rows)]


def report_text(runtime: Runtime, report: Report) -> list[str]:
    lines = heading(runtime, report)
    for table in report_tables(runtime, report):
        lines += ["", *table_lines(table)]
    return lines


def _tally_rows(section: str, key: str, clock: str, tally: ClockTally) -> list[tuple[object, ...]]:
    percent = percent_value(tally)
    return [
        (section, key, clock, "met", tally.met, ""),
        (section, key, clock, "breached", tally.breached, ""),
        (section, key, clock, "in_time", tally.in_time, ""),
        (section, key, clock, "percent", "" if percent is None else f"{percent:.1f}", ""),
    ]


def _spread_rows(key: str, clock: str, found: Spread) -> list[tuple[object, ...]]:
    return [
        ("time", key, clock, "count", found.count, ""),
        ("time", key, clock, "median_minutes", "" if found.median is None else minutes(found.median), ""),
        ("time", key, clock, "p90_minutes", "" if found.p90 is None else minutes(found.p90), ""),
    ]


def csv_rows(runtime: Runtime, report: Report) -> list[tuple[object, ...]]:
    """The report's figures, one per row: (section, key, clock, metric, value, detail). Times of day
    are ISO 8601, durations whole business minutes, amounts whole pesos, percentages one decimal."""
    rows: list[tuple[object, ...]] = [
        ("report", report.scope.kind, "", "month", report.period.name, report.scope.key),
        ("report", report.scope.kind, "", "computed_at", iso(runtime, report.now), report.scope.name),
    ]
    for section, flows in (
        ("severity", report.by_severity),
        ("category", report.by_category),
        ("channel", report.by_channel),
    ):
        for key, flow in flows.items():
            rows += [
                (section, key, "", metric, getattr(flow, metric), "") for metric in ("opened", "resolved", "closed")
            ]
    total = report.total
    rows += [("total", "", "", metric, getattr(total, metric), "") for metric in ("opened", "resolved", "closed")]
    for clock in CLOCKS:
        for severity in SEVERITIES:
            rows += _tally_rows("compliance", severity, clock, report.compliance[clock].get(severity, ClockTally()))
        rows += _tally_rows("compliance", "total", clock, report.clock_total(clock))
    for key in (*SEVERITIES, "all"):
        rows += _spread_rows(key, "first_response", report.first_response[key])
        rows += _spread_rows(key, "resolution", report.resolution[key])
    for breach in report.breaches:
        action = breach.corrective
        detail = "" if action is None else f"{iso(runtime, action.at)} {action.by}: {action.note}"
        rows.append(("breach", breach.code, breach.clock, "due", iso(runtime, breach.due), detail))
    for pause in report.pauses:
        rows.append(
            (
                "pause",
                pause.code,
                "resolution",
                "paused_minutes",
                minutes(pause.seconds_in_period),
                f"{iso(runtime, pause.started)} / {iso(runtime, pause.ended) or ''}",
            )
        )
    for agreed in report.agreed:
        rows.append(("agreed", agreed.code, "resolution", "new_due", iso(runtime, agreed.new_due), agreed.reason))
    bill = report.bill
    rows += [
        ("billing", "contractual", "", "minutes_worked", bill.minutes_worked, ""),
        ("billing", "contractual", "", "minutes_billed", bill.minutes_billed, ""),
        ("billing", "contractual", "", "amount", bill.amount, "COP"),
        ("billing", "subscription", "", "minutes_worked", bill.subscription_minutes, ""),
    ]
    for line in report.agents:
        rows += [
            ("agent", line.login, "", "load", line.load, line.name),
            ("agent", line.login, "", "taken", line.taken, ""),
            ("agent", line.login, "", "resolved", line.resolved, ""),
            ("agent", line.login, "", "minutes_logged", line.minutes_logged, ""),
        ]
        rows += _tally_rows("agent", line.login, "assignment", line.assignment)
        rows += _tally_rows("agent", line.login, "resolution", line.resolution)
    return rows


def write_report_csv(runtime: Runtime, report: Report, out: IO[str]) -> int:
    """The CSV (texts plain and formula-safe); returns the number of rows after the header."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    rows = csv_rows(runtime, report)
    for row in rows:
        writer.writerow(tuple(csv_text(cell) if isinstance(cell, str) else cell for cell in row))
    return len(rows)
