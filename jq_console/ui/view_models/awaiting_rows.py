"""The dashboard's cases awaiting a corrective action as table rows, each made once per look of its
case: a reload after one case changed reads the whole list again (up to `MAX_ROWS` cases, new
objects), and making every row again (its breaches named, its opening date written out) was a
sixth of a dashboard's time under a steady stream of changes. A row is kept while its case reads
the same (`Case.reads_as`: version, client) with the same breaches awaiting, in a table as wide (with
or without the opening date), under the same policy version (`forget`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from jq_console.domain.breaches import Breach, awaiting
from jq_console.domain.cases import Case, ReadsAs
from jq_console.i18n import label, short_datetime, t
from jq_console.ui.widgets.plain_table import Row

Look = tuple[ReadsAs, tuple[Breach, ...], bool]  # what a row is made from


def breach_label(breach: Breach) -> str:
    """ "Asignación", or "Resolución (2)" for a clock's second breach."""
    name = label("kind", breach.clock)
    return name if breach.occurrence == 1 else f"{name} ({breach.occurrence})"


class AwaitingRows:
    def __init__(self, local: Callable[[float], datetime]) -> None:
        self._local = local  # an instant on the clock of record as the office's local time
        self._kept: dict[str, tuple[Look, Row]] = {}  # by code: the row last made and what from

    def forget(self) -> None:
        """Make every row again at the next call: a new policy version may move the office's time
        zone, in which the opening dates are written."""
        self._kept = {}

    def of(self, cases: Sequence[Case], breaches_of: Mapping[int, list[Breach]], with_opened: bool) -> list[Row]:
        """The rows of `cases` in their order: code, breaches awaiting, severity, agent, opened (when
        `with_opened`), client."""
        kept, self._kept = self._kept, {}
        rows: list[Row] = []
        for case in cases:
            look: Look = (case.reads_as, tuple(awaiting(breaches_of.get(case.id, []))), with_opened)
            row = kept.get(case.code)
            if row is None or row[0] != look:
                row = (look, self._row(case, look))
            self._kept[case.code] = row
            rows.append(row[1])
        return rows

    def _row(self, case: Case, look: Look) -> Row:
        kinds = ", ".join(breach_label(breach) for breach in look[1])
        opened = [short_datetime(self._local(case.opened_at))] if look[2] else []
        agent = case.agent or t("dashboard.unassigned")
        return (case.code, (case.code, kinds, case.severity, agent, *opened, case.client_name))
