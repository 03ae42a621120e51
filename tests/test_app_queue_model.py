"""The queue's in-memory pieces without a screen: the incrementally sorted model agrees with the
domain's ranking, breaches are reported once, and the schedule header says what is open and why."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from case_factory import new_case

from jq_console.bootstrap import Runtime, frozen_clock, load_runtime
from jq_console.domain.cases import Case
from jq_console.domain.priority import code_of, queue_key, rank_cases
from jq_console.domain.vocabulary import SEVERITIES, Severity
from jq_console.ui.view_models.queue_model import Filtered, QueueModel
from jq_console.ui.widgets import schedule_status
from jq_console.ui.widgets.breach_watch import HORIZON, BreachWatch
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
    """A model loaded with `count` random open cases (their keys, and every case in full), and those
    cases by code."""
    cases = [make_case(runtime, n, rng) for n in range(1, count + 1)]
    model = QueueModel(runtime.policy)
    model.replace_all(sorted(queue_key(runtime.policy, case) for case in cases), cases, holders(cases))
    return model, {case.code: case for case in cases}


def holders(cases: Iterable[Case]) -> dict[str, str]:
    return {case.code: case.agent for case in cases if case.agent is not None}


def random_change(runtime: Runtime, rng: random.Random, case: Case, step: int) -> Case:
    roll = rng.random()
    if roll < 0.3:  # taken: races the resolution deadline now
        return replace(case, agent=rng.choice(("ana", "cmejia")), status="assigned", version=case.version + 1)
    if roll < 0.4:  # handed back to the queue
        return replace(case, agent=None, status="new", version=case.version + 1)
    if roll < 0.6:  # closed: leaves the queue
        return replace(case, status="closed", version=case.version + 1)
    if roll < 0.8:  # reclassified
        return replace(case, severity=rng.choice(SEVERITIES), version=case.version + 1)
    return make_case(runtime, 1000 + step, rng)  # a new case


def random_changes(
    model: QueueModel, current: dict[str, Case], runtime: Runtime, rng: random.Random, steps: int
) -> Iterator[int]:
    """Make `steps` random changes to the model and to `current` alike, each yielded once made: a case
    changed, closed or new, or now and then a code told as no longer open."""
    for step in range(steps):
        case = current[rng.choice(sorted(current))]
        changed = random_change(runtime, rng, case, step)
        removed = [case.code] if rng.random() >= 0.97 else []
        model.apply([] if removed else [changed], removed)
        if removed or not changed.is_open:
            current.pop(case.code)
        else:
            current[changed.code] = changed
        yield step


def test_incremental_model_matches_the_domain_ranking() -> None:
    runtime = load_runtime()
    rng = random.Random(5)
    model, current = loaded_model(runtime, rng, 399)
    for step in range(300):
        changed = random_change(runtime, rng, current[rng.choice(sorted(current))], step)
        model.apply([changed], [])
        if changed.is_open:
            current[changed.code] = changed
        else:
            current.pop(changed.code)
    expected = [case.code for case, _ in rank_cases(runtime.policy, list(current.values()), NOW)]
    assert [code_of(key) for key in model.keys] == expected
    rows = model.rows()
    assert [rows.code_at(index) for index in range(len(rows))] == expected
    some = current[expected[17]]
    assert model.rank_of(some.code) == 18 and model.reason(some, NOW).rank == 18
    assert rows.index_of_code(some.code) == 17


def test_a_filter_keeps_its_cases_in_step_with_every_change() -> None:
    """A filter's keys are read once; each change moves its case in them as in the whole queue, and
    a whole read keeps only the keys still where they were (the screen reads the filter again)."""
    runtime = load_runtime()
    rng = random.Random(11)
    model, current = loaded_model(runtime, rng, 199)

    def unassigned(case: Case) -> bool:
        return case.agent is None

    def expected() -> list[str]:
        kept = [case for case in current.values() if unassigned(case)]
        return [case.code for case, _ in rank_cases(runtime.policy, kept, NOW)]

    model.filtered = Filtered(
        sorted(queue_key(runtime.policy, c) for c in current.values() if unassigned(c)), unassigned
    )
    assert [code_of(key) for key in model.rows().keys(0, 10_000)] == expected()
    for step in random_changes(model, current, runtime, rng, 400):
        assert [code_of(key) for key in model.rows().keys(0, 10_000)] == expected(), f"after change {step}"
    moved = replace(current[expected()[0]], severity="S1", version=99)
    current[moved.code] = moved
    model.replace_all(sorted(queue_key(runtime.policy, c) for c in current.values()), [], holders(current.values()))
    assert [code_of(key) for key in model.rows().keys(0, 10_000)] == [c for c in expected() if c != moved.code]


def test_the_model_keeps_each_agents_open_cases_and_the_unassigned_urgencies() -> None:
    """What the agents panel shows, kept as cases come and go from the open cases' agents and keys
    (the model holds few cases in full); checked against a count from scratch after every change."""
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
    for step in random_changes(model, current, runtime, rng, 400):
        assert (model.open_by_agent, model.urgent_codes()) == counted(), f"after change {step}"
    model.replace_all(sorted(queue_key(runtime.policy, c) for c in current.values()), [], holders(current.values()))
    assert (model.open_by_agent, model.urgent_codes()) == counted() and model.open_by_agent


def test_the_model_holds_in_full_only_cases_read_for_their_current_key() -> None:
    """A case read to be shown before a change moved it is left out (its key is another now), and
    beyond its window the model keeps only the cases the screen names."""
    runtime = load_runtime()
    rng = random.Random(2)
    model, current = loaded_model(runtime, rng, 50)
    code = sorted(current)[0]
    old = current[code]
    taken = replace(old, agent="ana", status="assigned", version=old.version + 1)
    model.apply([taken], [])
    model.add([old])  # a read made before the take, answered after it
    assert model.cases[code] is taken
    model.cases.pop(code)
    model.add([old])
    assert code not in model.cases and model.missing([queue_key(runtime.policy, taken)]) == [code]
    model.window = 10
    model.keep_only([queue_key(runtime.policy, current[sorted(current)[1]])], {code})
    assert set(model.cases) == {sorted(current)[1]}  # `code` is no longer held: nothing to keep


def test_a_new_policy_version_orders_the_queue_its_own_way() -> None:
    """The whole read under a new version brings its keys; a change after it is placed in its order."""
    runtime = load_runtime()
    rng = random.Random(7)
    cases = [make_case(runtime, n, rng) for n in range(1, 120)]
    reversed_policy = replace(runtime.policy, severity_order=tuple(reversed(runtime.policy.severity_order)))
    model = QueueModel(runtime.policy)
    model.policy = reversed_policy
    model.replace_all(sorted(queue_key(reversed_policy, case) for case in cases[1:]), [], {})
    model.apply([cases[0]], [])
    expected = [case.code for case, _ in rank_cases(reversed_policy, cases, NOW)]
    assert [code_of(key) for key in model.keys] == expected


def test_a_breach_is_reported_once_and_not_after_the_deadline_moved() -> None:
    runtime = load_runtime()
    rng = random.Random(3)
    early = replace(make_case(runtime, 1, rng), assignment_due=NOW + 10)
    moved = replace(make_case(runtime, 2, rng), assignment_due=NOW + 20)
    old = replace(make_case(runtime, 3, rng), assignment_due=NOW - 10)
    late = replace(make_case(runtime, 4, rng), assignment_due=NOW + 2 * HORIZON)

    def keys(*cases: Case) -> list[bytes]:
        return sorted(queue_key(runtime.policy, case) for case in cases)

    watch = BreachWatch()
    watch.load(keys(early, moved, old, late), NOW)
    assert watch.tick(NOW, keys(early, moved, old, late)) == []  # already breached at start: not announced
    assert watch.update([old], NOW + 5) == []
    taken = replace(moved, agent="ana", version=2)  # taken: races another deadline
    assert watch.tick(NOW + 30, keys(early, taken, old, late)) == [early.code, moved.code]
    assert watch.update([early, taken], NOW + 30) == [early]
    assert watch.tick(NOW + 60, keys(early, taken, old, late)) == []
    assert watch.update([early], NOW + 60) == []  # announced once
    assert watch.update([replace(moved, assignment_due=NOW + 50)], NOW + 60) == [
        replace(moved, assignment_due=NOW + 50)
    ]
    # A deadline beyond the horizon is found when the keys are looked through again.
    assert watch.tick(NOW + 2 * HORIZON + 1, keys(early, taken, old, late)) == [late.code]


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
