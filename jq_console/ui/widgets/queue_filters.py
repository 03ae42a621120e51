"""The queue's filters: mine, unassigned, one severity, one client, free text. Pure and cheap
(10,000 cases filter in a few milliseconds)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from jq_console.domain.cases import Case
from jq_console.domain.search import haystack, matches
from jq_console.i18n import label, t
from jq_console.ui.support import one_line

SEVERITY_CYCLE = (None, "S3", "S2", "S1")


@dataclass(frozen=True)
class QueueFilter:
    mine: bool = False
    unassigned: bool = False
    severity: str | None = None
    client_id: int | None = None
    client_name: str = ""
    text: str = ""

    @property
    def active(self) -> bool:
        return self != QueueFilter(text=self.text) or bool(self.text.strip())

    def next_severity(self) -> QueueFilter:
        index = SEVERITY_CYCLE.index(self.severity)
        return replace(self, severity=SEVERITY_CYCLE[(index + 1) % len(SEVERITY_CYCLE)])

    def keeps(self, case: Case, login: str, agent_names: Mapping[str, str] | None = None) -> bool:
        if self.mine and case.agent != login:
            return False
        if self.unassigned and case.agent is not None:
            return False
        if self.severity and case.severity != self.severity:
            return False
        if self.client_id is not None and case.client_id != self.client_id:
            return False
        return not self.text.strip() or matches(self.text, haystack(case, agent_names))

    def apply(self, rows: list[Case], login: str, agent_names: Mapping[str, str] | None = None) -> list[Case]:
        if not self.active:
            return rows
        return [case for case in rows if self.keeps(case, login, agent_names)]

    def describe(self) -> str:
        parts = []
        if self.mine:
            parts.append(t("ui.filter.mine"))
        if self.unassigned:
            parts.append(t("ui.filter.unassigned"))
        if self.severity:
            parts.append(label("severity", self.severity))
        if self.client_id is not None:
            parts.append(one_line(self.client_name))
        if self.text.strip():
            parts.append(f"“{one_line(self.text.strip())}”")
        return " · ".join(parts)
