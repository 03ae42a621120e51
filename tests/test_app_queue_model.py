"""The queue's in-memory pieces without a screen: the incrementally sorted model agrees with the
domain's ranking, breaches are reported once, and the schedule header says what is open and why."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from case_factory import new_case

from jq_console.bootstrap import Runtime, frozen_clock, load_runtime
from jq_console.domain.cases import Case
from jq_console.domain.priority import rank_cases
from jq_console.domain.vocabulary import SEVERITIES, Severity
from jq_console.ui.view_models.queue_model import QueueModel
from jq_console.ui.widgets import schedule_status
from jq_console.ui.widgets.breach_watch import BreachWatch
from jq_console.ui.widgets.schedule_status import schedule_text

BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA).timestamp()


def make_case(runtime: Runtime, number: int, rng: random.Random) -> Case:
    severity: Severity = rng.choice(SEVERITIES)
    opened = NOW - rng.randrange(0, 5 * 86400)
    if rng.random() < 0.2:
        return new_case(runtime, number, severity, opened, service="contractual", level=None)
    return new_case(runtime, number, severity, opened, level=rng.randint(1, 4))


def loaded_model(runtime: Runtime, rng: random.Random, count: int) -> tuple[QueueModel, dict[str, Case]]:
    """A model loaded with `count` random open cases, and those cases by code."""
    cases = [make_case(runtime, n, rng) for n in range(1, count + 1)]
    model = QueueModel(runtime.policy)
    model.replace_all(cases)
    return model, {case.code: case for case in cases}


def test_incremental_model_matches_the_domain_ranking() -> None:
    runtime = load_runtime()
    rng = random.Random(5)
    model, current = loaded_model(runtime, rng, 399)
    for step in range(300):
        code = rng.choice(sorted(current))
        case = current[code]
        roll = rng.random()
        if roll < 0.4:  # taken: races the resolution deadline now
            changed = replace(case, agent="ana", status="assigned", version=case.version + 1)
        elif roll < 0.6:  # closed: leaves the queue
            changed = replace(case, status="closed", version=case.version + 1)
        elif roll < 0.8:  # reclassified
            changed = replace(case, severity=rng.choice(("S1", "S2", "S3")), version=case.version + 1)
        else:  # a new case
            changed = make_case(runtime, 1000 + step, rng)
        model.apply([changed], [])
        if changed.is_open:
            current[changed.code] = changed
        else:
            current.pop(changed.code)
    expected = [case.code for case, _ in rank_cases(runtime.policy, list(current.values()), NOW)]
    assert [case.code for case in model.order] == expected
    some = model.order[17]
    assert model.rank_of(some) == 18 and model.reason(some, NOW).rank == 18


def test_the_model_keeps_each_agents_open_cases_and_the_unassigned_urgencies() -> None:
    """What the agents panel shows, kept as cases come and go; checked against a count of the open
    cases from scratch after every change."""
    runtime = load_runtime()
    rng = random.Random(11)
    model, current = loaded_model(runtime, rng, 199)

    def counted() -> tuple[dict[str, int], list[str]]:
        load: dict[str, int] = {}
        for case in current.values():
            if case.agent is not None:
                load[case.agent] = load.get(case.agent, 0) + 1
        urgent = sorted(
            (c for c in current.values() if c.agent is None and c.severity == "S3"), key=lambda c: (c.opened_at, c.code)
        )
        return load, [case.code for case in urgent]

    assert (model.open_by_agent, model.urgent_codes()) == counted() and model.urgent_codes()
    for step in range(400):
        case = current[rng.choice(sorted(current))]
        roll = rng.random()
        if roll < 0.3:  # taken, or passed to another agent
            changed = replace(case, agent=rng.choice(("ana", "cmejia", "dcastro")), version=case.version + 1)
        elif roll < 0.4:  # handed back to the queue
            changed = replace(case, agent=None, version=case.version + 1)
        elif roll < 0.55:  # closed: leaves the queue
            changed = replace(case, status="closed", version=case.version + 1)
        elif roll < 0.8:  # reclassified: an urgency or no longer one
            changed = replace(case, severity=rng.choice(SEVERITIES), version=case.version + 1)
        else:
            changed = make_case(runtime, 1000 + step, rng)
        removed = [case.code] if roll >= 0.97 else []  # a code no longer open, told as such
        model.apply([] if removed else [changed], removed)
        if removed or not changed.is_open:
            current.pop(case.code if removed else changed.code, None)
        else:
            current[changed.code] = changed
        assert (model.open_by_agent, model.urgent_codes()) == counted(), f"after change {step}"
    model.replace_all(list(current.values()))
    assert (model.open_by_agent, model.urgent_codes()) == counted()


def test_a_new_policy_version_orders_the_queue_its_own_way() -> None:
    """Keys are cached per case version, which a new policy version does not change: the queue read
    again under it kept the old version's order."""
    runtime = load_runtime()
    rng = random.Random(7)
    cases = [make_case(runtime, n, rng) for n in range(1, 120)]
    model = QueueModel(runtime.policy)
    model.replace_all(cases)
    reversed_policy = replace(runtime.policy, severity_order=tuple(reversed(runtime.policy.severity_order)))
    model.policy = reversed_policy
    model.replace_all(cases)
    expected = [case.code for case, _ in rank_cases(reversed_policy, cases, NOW)]
    assert [case.code for case in model.order] == expected
    assert model.order[0].severity == reversed_policy.severity_order[0]


def test_a_breach_is_reported_once_and_not_after_the_deadline_moved() -> None:
    runtime = load_runtime()
    rng = random.Random(3)
    early = replace(make_case(runtime, 1, rng), assignment_due=NOW + 10)
    moved = replace(make_case(runtime, 2, rng), assignment_due=NOW + 20)
    old = replace(make_case(runtime, 3, rng), assignment_due=NOW - 10)
    watch = BreachWatch()
    assert watch.load([early, moved, old], NOW) == []  # already breached at start: not announced
    open_now = {case.code: case for case in (early, moved, old)}
    open_now[moved.code] = replace(moved, agent="ana", version=2)  # taken: races another deadline
    assert watch.tick(NOW + 30, open_now) == [early]
    assert watch.tick(NOW + 60, open_now) == []
    assert watch.update([replace(moved, assignment_due=NOW + 50)], NOW + 60) == [
        replace(moved, assignment_due=NOW + 50)
    ]


def test_schedule_header_says_until_when_or_when_and_why() -> None:
    monday = load_runtime(clock=frozen_clock(datetime(2026, 12, 7, 12, 30, tzinfo=BOGOTA)))
    assert schedule_text(monday, "regular", monday.now()) == "Horario regular: abierto hasta las 13:00"
    assert schedule_text(monday, "urgency", monday.now()) == "Urgencias: abierto hasta las 20:00"
    lunch = datetime(2026, 12, 7, 13, 30, tzinfo=BOGOTA).timestamp()
    assert schedule_text(monday, "regular", lunch) == "Horario regular: cerrado, abre 14:00"
    holiday_eve = datetime(2026, 12, 7, 21, 0, tzinfo=BOGOTA).timestamp()
    text = schedule_text(monday, "urgency", holiday_eve)
    assert text.startswith("Urgencias: cerrado, abre mié 9 dic 08:00") and "festivo" in text
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=BOGOTA).timestamp()
    assert schedule_text(monday, "urgency", sunday) == "Urgencias: cerrado, abre lun 7 dic 08:00 (hoy no hay horario)"


def test_schedule_header_is_read_again_only_when_its_minute_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = [datetime(2026, 12, 7, 12, 58, 30, tzinfo=BOGOTA).timestamp()]
    runtime = load_runtime(clock=lambda: moment[0])
    reads: list[float] = []
    original = schedule_status.schedules_line

    def counted(runtime: Runtime, now: float) -> tuple[str, ...]:
        reads.append(now)
        return original(runtime, now)

    monkeypatch.setattr(schedule_status, "schedules_line", counted)
    header = schedule_status.ScheduleStatus(runtime)
    assert len(reads) == 1 and "12:58" in str(header.shown)
    for _ in range(1, 30):  # the rest of 12:58
        moment[0] += 1
        header.tick()
    assert len(reads) == 1
    moment[0] += 31  # 12:59:30
    header.tick()
    assert len(reads) == 2 and "12:59" in str(header.shown)
    moment[0] += 30  # 13:00:00, the regular schedule closes
    header.tick()
    assert len(reads) == 3 and "13:00" in str(header.shown) and "cerrado, abre 14:00" in str(header.shown)
