"""The monthly report as the PDF a client receives: JQ Systems' name, whom it is about, the month, a
bar chart of compliance per severity, then the same tables as the terminal text (report_view.py),
except, in a client's report, the agents' table (the desk's internal business)."""

from __future__ import annotations

from fpdf.enums import Align
from fpdf.fonts import FontFace

from jq_console.bootstrap import Runtime
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.report import CLOCKS, Report
from jq_console.domain.tally import ClockTally
from jq_console.i18n import label, t
from jq_console.presentation.pdf_document import SANS, Document
from jq_console.presentation.report_view import COMPANY, Table, heading, percent_text, report_tables

BODY = 8
BAR_COLOURS = {"assignment": (52, 101, 164), "resolution": (115, 210, 22)}
BREACH_COLOUR = (204, 0, 0)
HEADING_FILL = (225, 230, 238)


def _chart(document: Document, report: Report) -> None:
    """One labelled horizontal bar per severity and clock: the share of decided clocks met."""
    document.set_font(SANS, "B", 10)
    document.cell(0, 16, document.text_of(t("report.chart")), new_x="LMARGIN", new_y="NEXT")
    document.set_font(SANS, size=BODY)
    label_width, bar_width, row = 140.0, 300.0, 13.0
    for severity in SEVERITIES:
        for clock in CLOCKS:
            tally = report.compliance[clock].get(severity, ClockTally())
            x, y = document.l_margin, document.get_y()
            document.set_xy(x, y)
            name = f"{severity} {label('kind', clock)}"
            document.cell(label_width, row, document.text_of(name))
            document.set_draw_color(160, 160, 160)
            document.rect(x + label_width, y + 2, bar_width, row - 4)
            percent = tally.percent
            if percent is not None:
                document.set_fill_color(*BREACH_COLOUR)
                document.rect(x + label_width, y + 2, bar_width, row - 4, style="F")
                document.set_fill_color(*BAR_COLOURS[clock])
                if percent > 0:
                    document.rect(x + label_width, y + 2, bar_width * percent / 100, row - 4, style="F")
            shown = percent_text(tally) if percent is not None else t("report.chart.none")
            document.set_xy(x + label_width + bar_width + 8, y)
            document.cell(120, row, document.text_of(f"{shown} ({tally.met}/{tally.decided})"))
            document.set_xy(x, y + row)
    document.set_fill_color(255, 255, 255)  # the tables are drawn unfilled
    document.ln(6)


def _table(document: Document, table: Table) -> None:
    document.set_font(SANS, "B", 10)
    document.multi_cell(0, 14, document.text_of(table.title), new_x="LMARGIN", new_y="NEXT")
    document.set_font(SANS, size=BODY)
    if not table.rows and table.empty:
        document.multi_cell(0, 12, document.text_of(table.empty), new_x="LMARGIN", new_y="NEXT")
        document.ln(6)
        return
    columns = len(table.header)
    align = tuple(Align.R if index >= table.numeric_from else Align.L for index in range(columns))
    # A few short columns need no full page width; a table with long words (breaches, agreed deadlines) does.
    width = document.epw if table.numeric_from >= columns else min(document.epw, 160.0 + 90.0 * (columns - 1))
    with document.table(
        text_align=align,
        align="LEFT",
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=BODY * 1.4,
        padding=2,
        width=width,
        col_widths=table.weights,
    ) as drawn:
        for cells in (table.header, *table.rows):
            row = drawn.row()
            for cell in cells:
                row.cell(document.text_of(cell))
    document.ln(8)


def report_pdf(runtime: Runtime, report: Report) -> bytes:
    title, *rest = heading(runtime, report)
    document = Document(f"{title} · {report.period.name}", landscape=True)
    document.add_page()
    document.set_font(SANS, "B", 16)
    document.cell(0, 22, document.text_of(COMPANY), new_x="LMARGIN", new_y="NEXT")
    document.set_font(SANS, "B", 12)
    document.cell(0, 16, document.text_of(title), new_x="LMARGIN", new_y="NEXT")
    document.set_font(SANS, size=10)
    for line in rest:
        document.cell(0, 14, document.text_of(line), new_x="LMARGIN", new_y="NEXT")
    document.ln(8)
    _chart(document, report)
    # The agents' load and compliance are the desk's own business, not the client's.
    for table in report_tables(runtime, report, with_agents=report.scope.kind != "client"):
        _table(document, table)
    return document.output_bytes()
