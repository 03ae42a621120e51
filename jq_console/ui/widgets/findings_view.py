"""The registration rules' findings as the agent sees them: blocking ones in red, warnings in yellow."""

from __future__ import annotations

from rich.text import Text

from jq_console.domain.rules import Finding, Verdict
from jq_console.i18n import label, t

_WARNINGS = ("client_not_up_to_date", "reporter_pending")


def finding_sentence(finding: Finding) -> str:
    params = dict(finding.params)
    if "channel" in params:
        params["channel"] = label("channel", params["channel"])
    if "category" in params:
        params["category"] = label("category", params["category"])
    if "role" in params:
        params["role"] = label("role", params["role"]).lower()
    return t(finding.code, **params)


def findings_text(verdict: Verdict | None, incomplete: bool) -> Text:
    if verdict is None:
        return Text(t("ui.reg.choose_client_and_reporter") if incomplete else "", style="dim")
    text = Text(t("ui.reg.verification", verification=label("verification", verdict.verification)) + "\n", style="bold")
    for finding in verdict.findings:
        style = "bold red" if finding.blocks else "yellow" if finding.code in _WARNINGS else "cyan"
        mark = "✗ " if finding.blocks else "! " if finding.code in _WARNINGS else "· "
        text.append(mark + finding_sentence(finding) + "\n", style=style)
    if not verdict.findings:
        text.append("✓ " + t("ui.reg.all_good") + "\n", style="green")
    return text
