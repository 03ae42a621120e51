"""rules.evaluate: who reports, through which channel, for which service (docs/policy.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jq_console.domain.policy import Policy
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.vocabulary import Category, Channel, Service, Severity

BASE = Registration(
    service="subscription",
    level=2,
    up_to_date=True,
    reporter_role="usr",
    channel="form",
    severity="S2",
    category="fault",
)


def test_a_plain_case_by_the_usr_is_valid_with_no_findings(policy: Policy) -> None:
    verdict = evaluate(policy, BASE)
    assert verdict.verification == "valid"
    assert verdict.codes() == []
    assert not verdict.blocked


@pytest.mark.parametrize(
    "role, verification, code",
    [
        ("usr", "valid", None),
        ("manager", "temporary", "reporter_temporary"),
        ("admin", "temporary", "reporter_temporary"),
        ("other", "pending", "reporter_pending"),
    ],
)
def test_reporter_roles(policy: Policy, role: str, verification: str, code: str) -> None:
    verdict = evaluate(policy, replace(BASE, reporter_role=role))
    assert verdict.verification == verification
    assert not verdict.blocked  # a pending or temporary reporter does not stop registration
    if code is None:
        assert not any(c.startswith("reporter_") for c in verdict.codes())
    else:
        assert code in verdict.codes()


@pytest.mark.parametrize("channel", ["phone", "whatsapp"])
def test_phone_and_whatsapp_need_a_justification(policy: Policy, channel: Channel) -> None:
    for empty in ("", "   \n"):
        verdict = evaluate(policy, replace(BASE, channel=channel, justification=empty))
        assert verdict.blocked
        assert "justification_required" in verdict.codes()
    verdict = evaluate(policy, replace(BASE, channel=channel, justification="El cliente no tiene Internet"))
    assert not verdict.blocked
    assert "justification_required" not in verdict.codes()


def test_the_form_needs_no_justification(policy: Policy) -> None:
    assert not evaluate(policy, replace(BASE, channel="form", justification="")).blocked


@pytest.mark.parametrize(
    "severity, category, approval_by, approval_reason, refused",
    [
        ("S3", "fault", "", "", False),  # contractual clients may always open S3
        ("S2", "fault", "", "", True),
        ("S1", "request", "", "", True),
        ("S1", "update", "", "", False),  # exception: software update
        ("S1", "uc_expansion", "", "", False),  # exception: UC expansion (an S1 category)
        ("S2", "other", "", "", True),  # "other" needs a recorded prior approval
        ("S2", "other", "Gerente JQ", "", True),
        ("S2", "other", "", "cliente estratégico", True),
        ("S2", "other", "  ", "  ", True),
        ("S2", "other", "Gerente JQ", "cliente estratégico", False),
        ("S1", "feature_request", "Gerente JQ", "cliente estratégico", True),  # approval only for "other"
    ],
)
def test_contractual_service(
    policy: Policy, severity: Severity, category: Category, approval_by: str, approval_reason: str, refused: bool
) -> None:
    reg = replace(
        BASE,
        service="contractual",
        level=None,
        severity=severity,
        category=category,
        approval_by=approval_by,
        approval_reason=approval_reason,
        approval_when="2026-12-01",
    )
    verdict = evaluate(policy, reg)
    assert verdict.blocked is refused
    assert ("contractual_not_allowed" in verdict.codes()) is refused


@pytest.mark.parametrize(
    "category, allowed",
    [
        ("fault", {"S2", "S3"}),
        ("request", {"S1"}),
        ("feature_request", {"S1"}),
        ("update", {"S1"}),
        ("uc_expansion", {"S1"}),
        ("out_of_scope", {"S1", "S2", "S3"}),
        ("other", {"S1", "S2", "S3"}),
    ],
)
@pytest.mark.parametrize("service", ["subscription", "contractual"])
def test_the_category_limits_the_severity(
    policy: Policy, category: Category, allowed: set[str], service: Service
) -> None:
    for severity in ("S1", "S2", "S3"):
        reg = replace(BASE, service=service, level=None if service == "contractual" else 4)
        reg = replace(reg, severity=severity, category=category, approval_by="G", approval_reason="r")
        codes = evaluate(policy, replace(reg, approval_when="2026-12-01")).codes()
        assert ("severity_not_for_category" in codes) is (severity not in allowed), (category, severity)


def test_a_contractual_feature_request_cannot_jump_the_queue_as_s3(policy: Policy) -> None:
    reg = replace(BASE, service="contractual", level=None, severity="S3", category="feature_request")
    verdict = evaluate(policy, reg)
    assert verdict.blocked and "severity_not_for_category" in verdict.codes()


def test_subscription_is_never_refused_for_severity(policy: Policy) -> None:
    for severity in ("S1", "S2", "S3"):
        assert "contractual_not_allowed" not in evaluate(policy, replace(BASE, severity=severity)).codes()


@pytest.mark.parametrize("level", [None, 0, 5])
def test_subscription_needs_a_level_1_to_4(policy: Policy, level: int) -> None:
    verdict = evaluate(policy, replace(BASE, level=level))
    assert verdict.blocked and "level_required" in verdict.codes()


def test_client_not_up_to_date_warns_but_does_not_block(policy: Policy) -> None:
    verdict = evaluate(policy, replace(BASE, up_to_date=False))
    assert "client_not_up_to_date" in verdict.codes()
    assert not verdict.blocked
    assert "client_not_up_to_date" not in evaluate(policy, BASE).codes()


def test_s3_reminds_to_record_the_notification(policy: Policy) -> None:
    assert "s3_notify_reminder" in evaluate(policy, replace(BASE, severity="S3")).codes()
    assert "s3_notify_reminder" not in evaluate(policy, replace(BASE, severity="S2")).codes()


def test_out_of_scope_and_feature_requests(policy: Policy) -> None:
    out = evaluate(policy, replace(BASE, category="out_of_scope"))
    assert "out_of_scope_referral" in out.codes() and not out.blocked
    feature = evaluate(policy, replace(BASE, category="feature_request", severity="S1"))
    assert "feature_request_study" in feature.codes() and not feature.blocked
    assert "out_of_scope_referral" not in feature.codes()


def test_all_findings_are_reported_at_once(policy: Policy) -> None:
    reg = Registration(
        service="contractual",
        level=None,
        up_to_date=False,
        reporter_role="other",
        channel="whatsapp",
        severity="S2",
        category="out_of_scope",
    )
    verdict = evaluate(policy, reg)
    assert verdict.verification == "pending"
    assert set(verdict.codes()) == {
        "reporter_pending",
        "justification_required",
        "contractual_not_allowed",
        "client_not_up_to_date",
        "out_of_scope_referral",
    }
    assert verdict.blocked


def test_a_prior_approval_must_say_when_it_was_given(policy: Policy) -> None:
    reg = replace(
        BASE,
        service="contractual",
        level=None,
        severity="S2",
        category="other",
        approval_by="Gerente JQ",
        approval_reason="cliente estratégico",
    )
    assert evaluate(policy, reg).blocked
    assert not evaluate(policy, replace(reg, approval_when="2026-12-01 10:00")).blocked


def test_the_demo_keeps_the_categories_and_severities_of_the_policy(tmp_path: Path) -> None:
    from sqlalchemy import text

    from jq_console.bootstrap import load_runtime
    from jq_console.store.demo import DemoOptions, fill_demo
    from jq_console.store.engine import make_engine

    runtime = load_runtime()
    engine = make_engine(str(tmp_path / "demo.sqlite"))
    fill_demo(engine, runtime, DemoOptions(cases=400, seed=3))
    with engine.connect() as connection:
        pairs = connection.execute(text('SELECT DISTINCT category, severity FROM "case"')).fetchall()
    engine.dispose()
    assert pairs and all(runtime.policy.severity_allowed(category, severity) for category, severity in pairs)
