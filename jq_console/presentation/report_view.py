"""The monthly report as titled tables of words, in the user's language: the terminal text and the
client's PDF both draw these, and the CSV writes the same numbers (`report_csv`), formatted by the
helpers here, so the three agree to the unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import CATEGORIES, CHANNELS
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.report import CLOCKS, AgentLine, Flow, Report, Spread
from jq_console.domain.tally import ClockTally
from jq_console.domain.text import plain
from jq_console.i18n import label, pesos, short_datetime, t
from jq_console.presentation.billing_text import hours

COMPANY = "JQ Systems"


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_from: int = 1  # columns from this one on are right-aligned figures
    empty: str = ""  # said instead of the table when it has no rows
    weights: tuple[float, ...] | None = None  # relative column widths in the PDF (None: equal)


def minutes(seconds: float | None) -> int | None:
    """Business seconds as whole minutes (half up): the unit every figure of time is shown in."""
    return None if seconds is None else int(seconds // 60 + (1 if seconds % 60 >= 30 else 0))


def hours_text(seconds: float | None) -> str:
    shown = minutes(seconds)
    return "—" if shown is None else hours(shown)


def percent_value(tally: ClockTally) -> float | None:
    value = tally.percent
    return None if value is None else round(value, 1)


def percent_text(tally: ClockTally) -> str:
    value = percent_value(tally)
    return "—" if value is None else f"{value:.1f} %"


def when(runtime: Runtime, epoch: float | None) -> str:
    return "—" if epoch is None else short_datetime(runtime.local(epoch)) + f" {runtime.local(epoch).year}"


def month_name(year: int, month: int) -> str:
    return t("report.month_name", month=t(f"report.month.{month}"), year=year)


def scope_text(report: Report) -> str:
    scope = report.scope
    if scope.kind == "client":
        return t("report.scope.client", name=plain(scope.name), nit=scope.key)
    if scope.kind == "agent":
        return t("report.scope.agent", name=plain(scope.name), login=scope.key)
    return t("report.scope.desk")


def heading(runtime: Runtime, report: Report) -> list[str]:
    now = datetime.fromtimestamp(report.now, runtime.tz)
    return [
        t("report.title", company=COMPANY),
        scope_text(report),
        t("report.month", month=month_name(report.period.year, report.period.month)),
        t("report.computed", at=f"{short_datetime(now)} {now.year}"),
    ]


def _flow_rows(flows: dict[str, Flow], keys: tuple[str, ...], kind: str) -> tuple[tuple[str, ...], ...]:
    rows = [
        (label(kind, key), str(flow.opened), str(flow.resolved), str(flow.closed))
        for key in keys
        if (flow := flows.get(key, Flow())) and (flow.opened or flow.resolved or flow.closed or kind == "severity")
    ]
    total = Flow(
        sum(f.opened for f in flows.values()),
        sum(f.resolved for f in flows.values()),
        sum(f.closed for f in flows.values()),
    )
    rows.append((t("report.total"), str(total.opened), str(total.resolved), str(total.closed)))
    return tuple(rows)


def flow_tables(report: Report) -> list[Table]:
    header = tuple(t("report.flow.cols").split("|"))
    return [
        Table(
            t("report.flow.severity"),
            (t("report.col.severity"), *header),
            _flow_rows(report.by_severity, SEVERITIES, "severity"),
        ),
        Table(
            t("report.flow.category"),
            (t("report.col.category"), *header),
            _flow_rows(report.by_category, CATEGORIES, "category"),
        ),
        Table(
            t("report.flow.channel"),
            (t("report.col.channel"), *header),
            _flow_rows(report.by_channel, CHANNELS, "channel"),
        ),
    ]


def _tally_cells(tally: ClockTally) -> tuple[str, ...]:
    return (str(tally.met), str(tally.breached), str(tally.in_time), percent_text(tally))


def compliance_table(report: Report) -> Table:
    rows = []
    for clock in CLOCKS:
        for severity in SEVERITIES:
            tally = report.compliance[clock].get(severity, ClockTally())
            rows.append((label("kind", clock).capitalize(), severity, *_tally_cells(tally)))
        rows.append((label("kind", clock).capitalize(), t("report.total"), *_tally_cells(report.clock_total(clock))))
    return Table(t("report.compliance"), tuple(t("report.compliance.cols").split("|")), tuple(rows), numeric_from=2)


def _spread_cells(found: Spread) -> tuple[str, ...]:
    return (str(found.count), hours_text(found.median), hours_text(found.p90))


def times_table(report: Report) -> Table:
    rows = [
        (severity, *_spread_cells(report.first_response[severity]), *_spread_cells(report.resolution[severity]))
        for severity in SEVERITIES
    ]
    rows.append(
        (t("report.total"), *_spread_cells(report.first_response["all"]), *_spread_cells(report.resolution["all"]))
    )
    return Table(t("report.times"), tuple(t("report.times.cols").split("|")), tuple(rows))


def corrective_text(runtime: Runtime, report: Report, index: int) -> str:
    action = report.breaches[index].corrective
    if action is None:
        return t("report.no_action")
    return f"{when(runtime, action.at)} · {action.by} · {plain(action.note)}"


def breaches_table(runtime: Runtime, report: Report) -> Table:
    rows = tuple(
        (
            breach.code,
            plain(breach.client_name),
            breach.severity,
            label("kind", breach.clock),
            when(runtime, breach.due),
            corrective_text(runtime, report, index),
        )
        for index, breach in enumerate(report.breaches)
    )
    return Table(
        t("report.breaches", count=len(report.breaches), missing=report.breaches_without_action),
        tuple(t("report.breaches.cols").split("|")),
        rows,
        numeric_from=99,
        empty=t("report.breaches.none"),
        weights=(1.3, 2.2, 0.5, 1.0, 1.6, 3.4),
    )


def pauses_table(runtime: Runtime, report: Report) -> Table:
    rows = tuple(
        (
            line.code,
            line.severity,
            when(runtime, line.started),
            when(runtime, line.ended) if line.ended else t("report.still_waiting"),
            hours_text(line.seconds_in_period),
        )
        for line in report.pauses
    )
    return Table(
        t("report.pauses", hours=hours_text(report.paused_seconds)),
        tuple(t("report.pauses.cols").split("|")),
        rows,
        numeric_from=4,
        empty=t("report.pauses.none"),
    )


def agreed_table(runtime: Runtime, report: Report) -> Table:
    rows = tuple(
        (
            line.code,
            line.severity,
            when(runtime, line.at),
            line.by,
            when(runtime, line.old_due),
            when(runtime, line.new_due),
            plain(line.reason),
        )
        for line in report.agreed
    )
    return Table(
        t("report.agreed"),
        tuple(t("report.agreed.cols").split("|")),
        rows,
        numeric_from=99,
        empty=t("report.agreed.none"),
        weights=(1.3, 0.5, 1.6, 0.9, 1.6, 1.6, 3.0),
    )


def billing_table(report: Report) -> Table:
    bill = report.bill
    rows = (
        (t("report.billing.contractual"), hours(bill.minutes_worked), hours(bill.minutes_billed), pesos(bill.amount)),
        (t("report.billing.subscription"), hours(bill.subscription_minutes), hours(0), pesos(0)),
    )
    return Table(t("report.billing"), tuple(t("report.billing.cols").split("|")), rows)


def _agent_row(line: AgentLine) -> tuple[str, ...]:
    return (
        plain(line.name),
        str(line.load),
        str(line.taken),
        str(line.resolved),
        f"{line.assignment.met}/{line.assignment.breached}",
        percent_text(line.assignment),
        f"{line.resolution.met}/{line.resolution.breached}",
        percent_text(line.resolution),
        hours(line.minutes_logged),
    )


def agents_table(report: Report) -> Table:
    return Table(
        t("report.agents"),
        tuple(t("report.agents.cols").split("|")),
        tuple(_agent_row(line) for line in report.agents),
        empty=t("report.agents.none"),
    )


def report_tables(runtime: Runtime, report: Report, *, with_agents: bool = True) -> list[Table]:
    """Every table of the report, in the order the text and the PDF show them."""
    tables = [
        *flow_tables(report),
        compliance_table(report),
        times_table(report),
        breaches_table(runtime, report),
        pauses_table(runtime, report),
        agreed_table(runtime, report),
        billing_table(report),
    ]
    return [*tables, agents_table(report)] if with_agents else tables
