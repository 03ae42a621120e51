"""`[holidays]` in the policy file (add/remove by date, with a name) and the holiday list a policy
version freezes: the domain's part is pure, the runtime reads the frozen list, not the package."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jq_console.bootstrap import DEFAULT_POLICY, freeze_holidays, load_policy, runtime_of_text
from jq_console.domain.holiday_rules import HolidayChanges, adjusted, freeze, frozen_source, frozen_years
from jq_console.domain.policy import PolicyError, parse_policy

SHIPPED = DEFAULT_POLICY.read_text(encoding="utf-8")
TZ = ZoneInfo("America/Bogota")


def _parsed(holidays: str) -> HolidayChanges:
    data = tomllib.loads(SHIPPED.replace("add = []\nremove = []", holidays))
    return parse_policy(data).holidays


def test_the_shipped_policy_changes_no_holiday() -> None:
    assert load_policy(DEFAULT_POLICY).holidays == HolidayChanges()


def test_add_and_remove_are_read_by_date_with_a_name() -> None:
    changes = _parsed(
        'add = [{ date = 2027-03-15, name = "Día  decretado" }]\n'
        'remove = [{ date = "2026-12-08", name = "Inmaculada" }]'
    )
    assert changes.add == ((date(2027, 3, 15), "Día decretado"),)
    assert changes.remove == ((date(2026, 12, 8), "Inmaculada"),)


@pytest.mark.parametrize(
    ("holidays", "key"),
    [
        ('add = [{ date = "pronto", name = "x" }]', "holidays.add[0].date"),
        ("add = [{ date = 2027-03-15 }]", "holidays.add[0].name"),
        ('add = [{ date = 2027-03-15T10:00:00, name = "x" }]', "holidays.add[0].date"),
        ('add = []\nmove = [{ date = 2027-03-15, name = "x" }]', "holidays.move"),
        ('add = [{ date = 2027-03-15, name = "x" }]\nremove = [{ date = 2027-03-15, name = "x" }]', "holidays"),
        ('add = "2027-03-15"', "holidays.add"),
    ],
)
def test_a_bad_entry_is_refused_naming_its_key(holidays: str, key: str) -> None:
    with pytest.raises(PolicyError) as refused:
        _parsed(holidays)
    assert refused.value.key == key


def test_adjusted_removes_then_adds_within_the_year() -> None:
    base = {date(2026, 12, 8): "Inmaculada", date(2026, 12, 25): "Navidad"}
    changes = HolidayChanges(add=((date(2026, 12, 10), "Decreto"), (date(2027, 1, 2), "Otro año")),
                             remove=((date(2026, 12, 8), "Inmaculada"),))  # fmt: skip
    assert adjusted(base, changes, 2026) == {date(2026, 12, 10): "Decreto", date(2026, 12, 25): "Navidad"}


def test_a_version_freezes_its_years_and_falls_back_beyond_them() -> None:
    years = frozen_years(2026)
    assert (years.start, years.stop - 1) == (2024, 2036)
    frozen = freeze(lambda year: {date(year, 1, 1): "Año nuevo"}, HolidayChanges(), range(2026, 2027))
    assert frozen == {"2026-01-01": "Año nuevo"}
    source = frozen_source({"es": frozen}, "es", range(2026, 2027), lambda year: {date(year, 5, 1): "Trabajo"})
    assert source(2026) == {date(2026, 1, 1): "Año nuevo"}
    assert source(2030) == {date(2030, 5, 1): "Trabajo"}


def test_the_runtime_reads_the_frozen_list_not_the_package() -> None:
    """A list frozen without Tue 2026-12-08 (as if an older package had not had it): deadlines follow
    the frozen list, whatever the installed package says today."""
    policy = load_policy(DEFAULT_POLICY)
    stored = json.loads(freeze_holidays(policy, 2026))
    assert stored["es"]["2026-12-08"] and stored["en"]["2026-12-08"]
    del stored["es"]["2026-12-08"], stored["en"]["2026-12-08"]
    runtime = runtime_of_text(SHIPPED, json.dumps(stored))
    opened = datetime(2026, 12, 7, 15, 0, tzinfo=TZ)
    # S2 assignment, 24 regular hours: with the holiday it is due Mon 12-14 10:00; without it a day sooner.
    assert runtime.engine.deadlines("S2", opened).assignment_due == datetime(2026, 12, 11, 10, 0, tzinfo=TZ)
    assert runtime_of_text(SHIPPED, freeze_holidays(policy, 2026)).engine.deadlines(
        "S2", opened
    ).assignment_due == datetime(2026, 12, 14, 10, 0, tzinfo=TZ)
