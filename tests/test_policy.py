"""parse_policy on the shipped data/policy.toml, and PolicyError naming the dotted key."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from jq_console.bootstrap import DEFAULT_POLICY, PolicyFileError, load_policy
from jq_console.domain.policy import PolicyError, parse_policy
from jq_console.i18n import error_text

HOUR = 3600


@pytest.fixture(scope="session")
def shipped() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))


def test_the_shipped_policy_parses_to_policy_md(shipped: dict[str, Any]) -> None:
    policy = parse_policy(shipped)
    assert policy.timezone == "America/Bogota" and policy.holiday_country == "CO"
    regular, urgency = policy.schedules["regular"].week, policy.schedules["urgency"].week
    for weekday in range(5):
        assert regular[weekday] == ((9 * HOUR, 13 * HOUR), (14 * HOUR, 17 * HOUR))
    assert regular[5] == regular[6] == ()
    for weekday in range(6):
        assert urgency[weekday] == ((8 * HOUR, 20 * HOUR),)
    assert urgency[6] == ()
    s1, s2, s3 = (policy.severities[code] for code in ("S1", "S2", "S3"))
    assert (s1.assignment.amount, s1.assignment.unit, s1.assignment.schedule) == (
        24 * 60,
        "business_minutes",
        "regular",
    )
    assert (s1.resolution.amount, s1.resolution.is_calendar) == (30, True)
    assert (s2.assignment.amount, s2.resolution.amount, s2.resolution.schedule) == (24 * 60, 49 * 60, "regular")
    assert (s3.assignment.amount, s3.resolution.amount) == (60, 24 * 60)
    assert s3.assignment.schedule == s3.resolution.schedule == "urgency"
    assert policy.at_risk_fraction == 0.25
    assert policy.fraction_minutes == 15 and policy.currency == "COP"
    assert policy.contractual_severities == ("S3",)
    assert set(policy.contractual_exceptions) == {"update", "uc_expansion"}
    assert policy.approval_category == "other"
    assert (
        policy.service_rank("subscription", 4)
        < policy.service_rank("subscription", 1)
        < policy.service_rank("contractual", None)
    )


def test_load_policy_reads_the_file() -> None:
    assert load_policy(DEFAULT_POLICY).severities["S2"].resolution.amount == 2940


def _without(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = dotted.split(".")
    table = data
    for key in parents:
        table = table[key]
    del table[last]
    return data


def _with(data: dict[str, Any], dotted: str, value: object) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = dotted.split(".")
    table = data
    for key in parents:
        table = table[key]
    table[last] = value
    return data


@pytest.mark.parametrize(
    "dotted",
    [
        "timezone",
        "holiday_country",
        "schedules",
        "schedules.regular.mon",
        "schedules.urgency.name",
        "sla",
        "sla.S1",
        "sla.S2.assignment",
        "sla.S2.resolution.amount",
        "sla.S3.resolution.unit",
        "sla.S1.resolution.schedule",
        "sla_display.at_risk_fraction",
        "priority.services",
        "priority.severities",
        "billing.fraction_minutes",
        "billing.currency",
        "billing.rates",
        "billing.discounts.3",
        "contractual.severities",
        "contractual.approval_category",
        "presence.away_after_minutes",
    ],
)
def test_a_missing_key_is_named(shipped: dict[str, Any], dotted: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(_without(shipped, dotted))
    assert info.value.key == dotted
    assert info.value.code.startswith("policy.missing")  # a discount level has its own sentence


@pytest.mark.parametrize(
    "dotted, value",
    [
        ("sla.S2.resolution.amount", "2940"),
        ("sla.S2.resolution.amount", 49.0),
        ("sla.S2.resolution.amount", True),  # a bool is not an integer here
        ("sla.S2.resolution.amount", 0),
        ("sla.S3.assignment.amount", -60),
        ("sla.S1.resolution.unit", "days"),
        ("sla.S1.assignment.schedule", "weekend"),
        ("sla.S2", "Incidencia"),
        ("timezone", 5),
        ("schedules.regular.mon", "09:00-13:00"),
        ("schedules.regular.tue", ["09:00-13:00", "12:00-17:00"]),  # overlapping
        ("schedules.regular.wed", ["13:00-09:00"]),  # inverted
        ("schedules.regular.thu", ["9-13"]),
        ("schedules.regular.fri", ["09:00-25:00"]),
        ("sla_display.at_risk_fraction", 1.5),
        ("sla_display.at_risk_fraction", "0.25"),
        ("priority.services", ["subscription:4", "subscription:4", "subscription:2", "subscription:1", "contractual"]),
        ("priority.severities", ["S3", "S2", "S2"]),
        ("priority.severities", ["S3", "S2"]),
        ("billing.fraction_minutes", 0),
        ("billing.rates", {}),
        ("billing.rates.2026", -1),
        ("billing.rates.2026", "180000"),
        ("billing.discounts.4", 120),
        ("contractual.severities", ["S3", "S9"]),
        ("presence.away_after_minutes", "3"),
    ],
)
def test_a_wrong_value_is_named(shipped: dict[str, Any], dotted: str, value: object) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(_with(shipped, dotted, value))
    assert info.value.key == dotted
    assert info.value.code.startswith("policy.") and info.value.code != "policy.missing"
    assert error_text(info.value) != info.value.code  # a sentence in the catalogue, not the bare code


def test_a_schedule_that_never_opens_is_refused(shipped: dict[str, Any]) -> None:
    closed: dict[str, list[object]] = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    with pytest.raises(PolicyError) as info:
        parse_policy(_with(shipped, "schedules.urgency", {"name": "Nunca", **closed}))
    assert info.value.key == "schedules.urgency"


def test_the_file_loader_names_file_and_key(tmp_path: Path, shipped: dict[str, Any]) -> None:
    text = DEFAULT_POLICY.read_text(encoding="utf-8").replace(
        'resolution = { amount = 2940, unit = "business_minutes", schedule = "regular" }',
        'resolution = { amount = "mucho", unit = "business_minutes", schedule = "regular" }',
    )
    assert "mucho" in text
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyFileError) as info:
        load_policy(path)
    message = error_text(info.value)
    assert message == f"{path}: clave sla.S2.resolution.amount: se esperaba un número entero, hay 'mucho'"
    path.write_text("timezone = [", encoding="utf-8")
    with pytest.raises(PolicyFileError):
        load_policy(path)
    with pytest.raises(PolicyFileError):
        load_policy(tmp_path / "missing.toml")
