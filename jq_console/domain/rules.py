"""The policy's rules on who may report a case, through which channel and for which service.

`evaluate` gives every finding at once, so a form can show them as the agent types; a finding
with `blocks=True` means the case cannot be registered as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jq_console.domain.policy import LEVELS, Policy
from jq_console.domain.vocabulary import Category, Channel, Service, Severity, Verification


@dataclass(frozen=True)
class Finding:
    code: str
    blocks: bool = False
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Registration:
    """What is known of a case about to be registered."""

    service: Service
    level: int | None
    up_to_date: bool
    reporter_role: str
    channel: Channel
    severity: Severity
    category: Category
    justification: str = ""
    approval_by: str = ""
    approval_reason: str = ""
    approval_when: str = ""  # as the agent recorded it: a date, or a date and time


@dataclass(frozen=True)
class Verdict:
    verification: Verification
    findings: tuple[Finding, ...]

    @property
    def blocked(self) -> bool:
        return any(finding.blocks for finding in self.findings)

    def codes(self) -> list[str]:
        return [finding.code for finding in self.findings]


def verification_for(role: str) -> tuple[Verification, Finding | None]:
    if role == "usr":
        return "valid", None
    if role in ("manager", "admin"):
        return "temporary", Finding("reporter_temporary", params={"role": role})
    return "pending", Finding("reporter_pending")


def channel_finding(channel: str, justification: str) -> Finding | None:
    if channel in ("phone", "whatsapp", "email") and not justification.strip():
        return Finding("justification_required", blocks=True, params={"channel": channel})
    return None


def contractual_finding(policy: Policy, reg: Registration) -> Finding | None:
    if reg.service != "contractual":
        return None
    if reg.severity in policy.contractual_severities or reg.category in policy.contractual_exceptions:
        return None
    approval = (reg.approval_by, reg.approval_when, reg.approval_reason)
    if reg.category == policy.approval_category and all(part.strip() for part in approval):
        return None
    return Finding("contractual_not_allowed", blocks=True, params={"severity": reg.severity, "category": reg.category})


def category_finding(policy: Policy, category: str, severity: str) -> Finding | None:
    """The category limits the severity (a request is S1, a fault S2 or S3).
    docs/policy.md, "Categories and severities"."""
    if category not in policy.category_severities or policy.severity_allowed(category, severity):
        return None
    allowed = ", ".join(policy.category_severities[category])
    return Finding(
        "severity_not_for_category",
        blocks=True,
        params={"category": category, "severity": severity, "allowed": allowed},
    )


def class_refusal(
    policy: Policy, service: str, category: str, severity: str, current_category: str | None = None
) -> Finding | None:
    """What forbids an open case from becoming `category` x `severity` (reclassification and
    recategorisation re-apply the registration's rules): the category table, then the contractual limits.
    A contractual case that was "other" when registered had its prior approval, which still holds; one
    that becomes "other" has none recorded."""
    found = category_finding(policy, category, severity)
    if found is not None or service != "contractual":
        return found
    if severity in policy.contractual_severities or category in policy.contractual_exceptions:
        return None
    if category == policy.approval_category and category == current_category:
        return None
    return Finding("contractual_not_allowed", blocks=True, params={"severity": severity, "category": category})


def evaluate(policy: Policy, reg: Registration) -> Verdict:
    verification, reporter = verification_for(reg.reporter_role)
    findings = [
        reporter,
        channel_finding(reg.channel, reg.justification),
        category_finding(policy, reg.category, reg.severity),
        contractual_finding(policy, reg),
    ]
    if reg.service == "subscription" and reg.level not in LEVELS:
        findings.append(Finding("level_required", blocks=True))
    if not reg.up_to_date:
        findings.append(Finding("client_not_up_to_date"))
    if reg.severity == "S3":
        findings.append(Finding("s3_notify_reminder"))
    if reg.category == "out_of_scope":
        findings.append(Finding("out_of_scope_referral"))
    if reg.category == "feature_request":
        findings.append(Finding("feature_request_study"))
    return Verdict(verification, tuple(f for f in findings if f is not None))
