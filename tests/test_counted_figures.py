"""The dashboard's figures as the database counts them equal the per-case computation they replace,
on both engines: the month figures and trend (`store.month_figures`) against the monthly report read
case by case, the cases awaiting a corrective action against every case's breaches, the agents'
open cases against the open cases counted one by one, and a reload that reads only the touched
cases against a whole read. Demo histories of several seeds, with breaches recorded, some with their
corrective action, some cases reclassified after a breach and some clocks on a second run, so that
a wrong GROUP BY, join or condition shows."""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from types import BuiltinFunctionType, FunctionType, MethodType, ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.engine import Connection
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application import cases as case_moves
from jq_console.application.oversight import (
    DashboardReads,
    dashboard_services,
    load_snapshot,
    month_view,
    open_board,
    this_month,
)
from jq_console.application.reports import period_of
from jq_console.application.services import Services
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.domain import lifecycle
from jq_console.domain.breaches import of_cases
from jq_console.domain.cases import Case
from jq_console.domain.month_figures import Month, MonthFigures, from_facts, from_report, trend_of, trend_of_facts
from jq_console.domain.report import build_report
from jq_console.domain.watch import Board
from jq_console.store import breaches as breach_store
from jq_console.store import oversight as oversight_store
from jq_console.store.cases import _case_select, _to_case, open_cases, rekey
from jq_console.store.demo import DemoOptions, fill_demo
from jq_console.store.engine import make_engine, read, write
from jq_console.store.month_figures import month_facts
from jq_console.store.moves import apply
from jq_console.store.oversight import Snapshot, awaiting_action, count_awaiting
from jq_console.store.presence import load_by_agent
from jq_console.store.report import report_inputs
from jq_console.store.tables import CaseRow

BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA)  # a Monday in working hours
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12")  # the demo's 120 days and one before
HOUR = 3600.0


def _every_case(connection: Connection) -> list[Case]:
    return [_to_case(row, False) for row in connection.execute(_case_select(with_description=False))]


def open_now(reads: DashboardReads) -> list[Case]:
    """A reload, and every open case as it now stands, in the queue's order."""
    reads.snapshot()
    return open_cases(reads.services.engine, reads.services.runtime.policy)


def read_whole(services: Services) -> tuple[Snapshot, Board]:
    """What a dashboard that just started reads: everything, read whole."""
    reads = DashboardReads(services)
    return reads.snapshot(), reads.board


def _stir(connection: Connection, seed: int, now: float) -> None:
    """Record the breaches of a share of the cases (as a move would), fill the corrective action of
    some, reclassify some cases after their breach, and give some clocks a second run."""
    rng = random.Random(seed)
    for case in _every_case(connection):
        draw = rng.random()
        if draw < 0.5:
            for breach in breach_store.record(connection, case, now):
                if rng.random() < 0.6:
                    at = now - rng.uniform(0, 40) * HOUR
                    breach_store.fill_corrective(connection, case, breach.clock, breach.occurrence, "Hecho", "ana", at)
            if rng.random() < 0.15:  # reclassified after the breach: it keeps the severity it had
                other = rng.choice([s for s in ("S1", "S2", "S3") if s != case.severity])
                connection.execute(update(CaseRow).where(CaseRow.c.id == case.id).values(severity=other))
            if case.resolution_due is not None and rng.random() < 0.2:  # a new deadline: the clock's second run
                due = case.resolution_due + rng.choice((-1, 1)) * rng.uniform(1, 200) * HOUR
                values = {"resolution_run": case.resolution_run + 1, "resolution_due": due}
                connection.execute(update(CaseRow).where(CaseRow.c.id == case.id).values(**values))
        elif draw < 0.55 and case.agent is not None:  # taken over by someone outside the directory
            connection.execute(update(CaseRow).where(CaseRow.c.id == case.id).values(agent="ex01"))


@pytest.fixture(params=[3, 11])
def history(request: pytest.FixtureRequest, store_url: str) -> Iterator[tuple[str, Engine, Runtime]]:
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW))
    engine = make_engine(store_url)
    fill_demo(engine, runtime, DemoOptions(cases=360, seed=request.param, open_share=0.3))
    write(engine, lambda connection: _stir(connection, request.param, runtime.now()))
    write(engine, lambda connection: rekey(connection, runtime.policy))  # as every write keeps them
    yield store_url, engine, runtime
    engine.dispose()


def test_month_figures_and_trend_counted_by_the_database_equal_the_report_read_case_by_case(
    history: tuple[str, Engine, Runtime],
) -> None:
    _, engine, runtime = history
    now = runtime.now()

    def day_of(epoch: float) -> int:
        return runtime.local(epoch).day

    reports, facts = [], []
    for month in MONTHS:
        period = period_of(runtime, month)
        inputs = report_inputs(engine, period, "desk", "", now)
        report = build_report(inputs, runtime.engine, lambda case: runtime.of_case(case).engine)
        counted = read(engine, lambda connection: month_facts(connection, period, now))
        assert from_facts(counted, day_of, 31) == from_report(report, day_of, 31), month
        reports.append(report)
        facts.append(counted)
    assert sum(f.opened for f in facts) > 0 and any(f.breaches for f in facts)  # the history has something
    assert trend_of_facts(facts) == trend_of(reports)


def test_the_trend_months_left_without_people_count_the_same_compliance(history: tuple[str, Engine, Runtime]) -> None:
    _, engine, runtime = history
    period = period_of(runtime, "2026-11")
    whole = read(engine, lambda connection: month_facts(connection, period, runtime.now()))
    lean = read(engine, lambda connection: month_facts(connection, period, runtime.now(), people=False))
    assert whole.logins and not lean.logins
    assert trend_of_facts([lean]) == trend_of_facts([whole])


def test_awaiting_cases_and_open_loads_equal_every_case_computed_one_by_one(
    history: tuple[str, Engine, Runtime],
) -> None:
    _, engine, runtime = history
    now = runtime.now()

    def expected(connection: Connection) -> tuple[list[str], Counter[str]]:
        cases = _every_case(connection)
        known = of_cases(cases, breach_store.recorded(connection, [case.id for case in cases]), now)
        waiting = [case for case in cases if any(breach.needs_action for breach in known[case.id])]
        load = Counter(case.agent for case in cases if case.is_open and case.agent is not None)
        return [case.code for case in sorted(waiting, key=lambda case: (case.opened_at, case.id))], load

    codes, load = read(engine, expected)
    assert codes  # the stirred history leaves breaches waiting, open and closed
    assert [case.code for case in read(engine, lambda c: awaiting_action(c, now))] == codes
    assert [case.code for case in read(engine, lambda c: awaiting_action(c, now, 7))] == codes[:7]
    assert read(engine, lambda c: count_awaiting(c, now)) == len(codes)
    assert read(engine, load_by_agent) == dict(load)


def test_a_reload_reads_the_touched_cases_and_holds_what_a_whole_read_shows(
    history: tuple[str, Engine, Runtime],
) -> None:
    url, engine, runtime = history
    services = dashboard_services(url, runtime, login="ana")
    reads = DashboardReads(services)

    def same_as_whole() -> Snapshot:
        snap = reads.snapshot()
        whole, board = read_whole(services)
        assert snap.awaiting_action == whole.awaiting_action and snap.load == whole.load
        assert snap.breaches_of == whole.breaches_of and snap.awaiting_total == whole.awaiting_total
        shown = open_board(services.runtime, open_cases(engine, runtime.policy), reads.limit, reads.rows)
        assert reads.board == board == shown
        return snap

    first = same_as_whole()
    cases = open_cases(engine, runtime.policy)
    free = [case for case in cases if case.agent is None and case.status == "new"]
    held = [case for case in cases if case.status == "in_progress" and case.verification != "pending"]
    now = runtime.now()
    apply(engine, runtime, free[0].code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))
    apply(engine, runtime, held[0].code, held[0].agent or "ana", lambda c: lifecycle.resolve(c, now, "Listo"))
    apply(engine, runtime, held[1].code, held[1].agent or "ana", lambda c: lifecycle.resolve(c, now, "Listo"))
    apply(engine, runtime, held[1].code, held[1].agent or "ana", lambda c: lifecycle.close(c, now))
    again = same_as_whole()
    assert again.load["cmejia"] == first.load.get("cmejia", 0) + 1
    assert sum(reads.board.counts.values()) == len(cases) - 2  # resolved, closed: no longer open
    apply(engine, runtime, free[1].code, "dcastro", lambda c: lifecycle.take(c, "dcastro", now))
    same_as_whole()
    services.engine.dispose()


def test_the_closed_cases_awaiting_an_action_are_kept_until_a_move_touches_them(
    history: tuple[str, Engine, Runtime],
) -> None:
    """The awaiting list's closed cases are read once and handed back as they were, reload after
    reload; a corrective action on one (a move: it touches the case) reads it again, and every list
    equals a whole read."""
    url, engine, runtime = history
    services = dashboard_services(url, runtime, login="ana")
    reads = DashboardReads(services)
    first = reads.snapshot()
    closed = [case for case in first.awaiting_action if not case.is_open]
    assert len(closed) > 1  # the stirred history leaves closed cases waiting
    again = reads.snapshot()
    assert again.awaiting_action == load_snapshot(services).awaiting_action
    kept = {case.id: case for case in again.awaiting_action}
    assert all(kept[case.id] is case for case in closed), "none read again"
    case_moves.corrective(engine, runtime, "ana", closed[0].code, "Llamamos al cliente y se revisó el plan")
    third = reads.snapshot()
    whole = load_snapshot(services)
    assert third.awaiting_action == whole.awaiting_action and third.breaches_of == whole.breaches_of
    now_shown = {case.id: case for case in third.awaiting_action}
    assert closed[0].id not in now_shown or now_shown[closed[0].id] is not closed[0]
    assert now_shown[closed[1].id] is closed[1]
    services.engine.dispose()


def test_the_dashboard_reads_no_case_again_when_none_was_touched(
    history: tuple[str, Engine, Runtime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing changed: no open case is read again, and the cases drawn (the risk list, the
    unverified ones, the awaiting list) are handed back as they were."""
    url, _engine, runtime = history
    services = dashboard_services(url, runtime, login="ana")
    reads = DashboardReads(services)
    first = reads.snapshot()
    board = reads.board
    assert sum(board.counts.values()) == len(open_cases(services.engine))
    assert board.risky and board.unverified and first.awaiting_action  # the history draws each list
    read_again: list[tuple[object, ...]] = []

    def reading(*args: object) -> list[object]:
        read_again.append(args)
        return []

    monkeypatch.setattr(oversight_store, "open_rows", reading)
    monkeypatch.setattr(oversight_store, "_cases_by_id", reading)
    again = reads.snapshot()
    assert read_again == []
    assert all(a is b for a, b in zip(reads.board.risky, board.risky, strict=True))
    assert all(a is b for (a, _), (b, _) in zip(reads.board.unverified, board.unverified, strict=True))
    assert all(a is b for a, b in zip(again.awaiting_action, first.awaiting_action, strict=True))
    services.engine.dispose()


def cases_reached(*roots: object) -> set[int]:
    """The ids of the `Case` objects `roots` hold, directly or not; not through code (functions,
    modules, classes) nor the services (the engine, the policy)."""
    skipped = (type, ModuleType, FunctionType, MethodType, BuiltinFunctionType, Services)
    seen: set[int] = set()
    found: set[int] = set()
    stack = list(roots)
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, skipped):
            continue
        seen.add(id(item))
        if isinstance(item, Case):
            found.add(id(item))
        else:
            stack.extend(gc.get_referents(item))
    return found


def test_a_dashboard_holds_no_more_whole_cases_than_it_draws(history: tuple[str, Engine, Runtime]) -> None:
    """Between reloads a dashboard keeps a few fields of each open case (`domain.watch.OpenWatch`)
    and whole only the cases its lists draw: with lists of 5, 2 and 5 rows, at most 12 of the
    open cases, whatever their number, after a first read and after a reload that read a change."""
    url, engine, runtime = history
    services = dashboard_services(url, runtime, login="ana")
    reads = DashboardReads(services, limit=5, rows=2)
    open_ones = open_cases(engine, runtime.policy)
    assert len(open_ones) > 50
    for step in range(2):
        snap = reads.snapshot()
        drawn = [*reads.board.risky, *(case for case, _ in reads.board.unverified), *snap.awaiting_action]
        assert len(reads.board.risky) == 5 and len(snap.awaiting_action) == 5 and reads.board.unverified
        assert cases_reached(reads, snap) <= {id(case) for case in drawn}
        if step == 0:
            free = next(case for case in open_ones if case.agent is None)
            now = runtime.now()
            apply(engine, runtime, free.code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))
    services.engine.dispose()


def test_the_board_kept_between_reloads_equals_the_board_computed_from_scratch(
    history: tuple[str, Engine, Runtime],
) -> None:
    """Takes, a resolve, a closing and the clock moving on (hours, then a day): after each reload
    the kept board (`DashboardReads.board`: only touched cases and those time moved are computed
    again) is the board of every open case computed from scratch."""
    url, engine, _frozen = history
    moment = [NOW.timestamp()]
    runtime = load_runtime(str(DEFAULT_POLICY), clock=lambda: moment[0])
    services = dashboard_services(url, runtime, login="ana")
    reads = DashboardReads(services)

    def same_board() -> None:
        cases = open_now(reads)
        assert reads.board == open_board(services.runtime, cases, reads.limit, reads.rows)

    same_board()
    assert reads.board.risky and reads.board.counts  # the demo has cases at risk or breached
    for step, hours in enumerate((0.0, 0.5, 2.0, 5.0, 24.0)):
        moment[0] += hours * HOUR
        now = moment[0]
        cases = open_now(reads)
        free = [case for case in cases if case.agent is None and case.status == "new"]
        held = [case for case in cases if case.status == "in_progress" and case.verification != "pending"]
        if free:
            apply(engine, runtime, free[0].code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))
        if step % 2 and len(held) > 1:
            apply(engine, runtime, held[0].code, held[0].agent or "ana", lambda c: lifecycle.resolve(c, now, "Listo"))
            apply(engine, runtime, held[1].code, held[1].agent or "ana", lambda c: lifecycle.resolve(c, now, "Listo"))
            apply(engine, runtime, held[1].code, held[1].agent or "ana", lambda c: lifecycle.close(c, now))
        same_board()
    services.engine.dispose()


def test_a_reload_counts_the_month_again_only_when_a_case_or_time_moved_it(
    history: tuple[str, Engine, Runtime],
) -> None:
    """With no case changed and no running clock past its deadline since, the month counted at the
    last load is the month counted now; a take (even one seen by a read in between), or the clock
    passing a deadline, counts it again. Each view equals the month counted from scratch."""
    url, engine, _frozen = history
    moment = [NOW.timestamp()]
    runtime = load_runtime(str(DEFAULT_POLICY), clock=lambda: moment[0])
    services = dashboard_services(url, runtime, login="ana")
    reads = DashboardReads(services)
    month = this_month(services.runtime, moment[0])

    def loaded() -> int:
        _snap, view = reads.load(month)
        assert view.figures == month_view(services, month).figures
        return reads.views.counts

    assert loaded() == 1
    assert loaded() == 1  # nothing changed, the clock did not move
    dues = sorted(
        due
        for case in open_now(reads)
        for due in (case.assignment_due if case.assigned_at is None else None, case.resolution_due)
        if due is not None and due > moment[0]
    )
    moment[0] = (moment[0] + dues[0]) / 2  # on, but short of the next deadline
    assert loaded() == 1
    moment[0] = dues[0] + 1.0  # a running clock passed its deadline
    assert loaded() == 2
    free = [case for case in open_now(reads) if case.agent is None and case.status == "new"]
    now = moment[0]
    apply(engine, runtime, free[0].code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))
    reads.snapshot()  # a read in between (a first load's completion) sees the take first
    assert loaded() == 3
    assert loaded() == 3
    services.engine.dispose()


Settling = tuple[Engine, Runtime, Services, DashboardReads, Month, list[float], list[float]]


def settling(history: tuple[str, Engine, Runtime]) -> Settling:
    """A dashboard's reads that hold a count back for 5 s, on a monotonic clock the test moves
    (`ticks`) and a clock of record it may move (`moment`); the writer engine and its runtime, the
    reader's services, and the month shown."""
    url, engine, _frozen = history
    moment = [NOW.timestamp()]
    ticks = [1000.0]
    runtime = load_runtime(str(DEFAULT_POLICY), clock=lambda: moment[0])
    services = dashboard_services(url, runtime, login="ana")
    reads = DashboardReads(services, settle=5.0, monotonic=lambda: ticks[0])
    return engine, runtime, services, reads, this_month(services.runtime, moment[0]), ticks, moment


def test_while_cases_keep_changing_the_month_is_counted_at_most_once_per_settle(
    history: tuple[str, Engine, Runtime],
) -> None:
    """Counted less than `settle` seconds ago, the month is not counted again at the next change: the
    view keeps the last count and says it is behind. Once the settle has passed, a load counts what
    was held back, with no further change; a fresh load (the supervisor's reload) counts at once."""
    engine, runtime, services, reads, month, ticks, moment = settling(history)

    def take_one() -> None:
        free = [case for case in open_now(reads) if case.agent is None and case.status == "new"]
        now = moment[0]
        apply(engine, runtime, free[0].code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))

    def taken_by_cmejia(figures: MonthFigures) -> int:
        return next((row.cases for row in figures.agents if row.name == "cmejia"), 0)

    _snap, first = reads.load(month)
    assert reads.views.counts == 1 and not reads.month_due(month)
    take_one()
    ticks[0] += 1.0
    _snap, held = reads.load(month)
    assert reads.views.counts == 1 and reads.views.behind  # held back: counted a second ago
    assert held.figures == first.figures
    assert not reads.month_due(month)
    ticks[0] += 4.5  # the settle has passed: the held-back count is due, no case changed since
    assert reads.month_due(month)
    _snap, caught_up = reads.load(month)
    assert reads.views.counts == 2 and not reads.views.behind and not reads.month_due(month)
    assert caught_up.figures == month_view(services, month).figures
    assert taken_by_cmejia(caught_up.figures) == taken_by_cmejia(first.figures) + 1
    take_one()
    _snap, fresh = reads.load(month, fresh=True)  # asked for: counted at once, within the settle
    assert reads.views.counts == 3 and not reads.views.behind
    assert fresh.figures == month_view(services, month).figures
    services.engine.dispose()


def test_a_count_that_fails_is_due_again_at_the_next_load(
    history: tuple[str, Engine, Runtime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count the month owes (a case changed) that fails (the database went away a moment) is not
    forgotten: the next load makes it, with no further change."""
    engine, runtime, services, reads, month, ticks, moment = settling(history)
    reads.load(month)
    free = [case for case in open_now(reads) if case.agent is None and case.status == "new"]
    now = moment[0]
    apply(engine, runtime, free[0].code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))
    ticks[0] += 6.0  # past the settle: this load counts
    counted = reads.views._facts

    def down(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reads.views, "_facts", down)
    with pytest.raises(RuntimeError):
        reads.load(month)
    monkeypatch.setattr(reads.views, "_facts", counted)
    assert reads.month_due(month)  # owed, with nothing changed since
    _snap, view = reads.load(month)
    assert reads.views.counts == 2 and not reads.month_due(month)
    assert view.figures == month_view(services, month).figures
    services.engine.dispose()


def test_a_month_that_takes_long_to_count_is_held_back_longer(
    history: tuple[str, Engine, Runtime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While changes keep coming, a count is held back for `settle` seconds or for COUNT_COST_FACTOR
    times what the last count took, whichever is longer: on a large desk the month's figures cost
    about one hundredth of a core however long a count takes. A fresh load still counts at once."""
    engine, runtime, services, reads, month, ticks, moment = settling(history)
    counted = reads.views._facts

    def slow(*args: Any, **kwargs: Any) -> Any:
        ticks[0] += 0.2  # a count of 0.2 s: held back for 100 x 0.2 = 20 s
        return counted(*args, **kwargs)

    monkeypatch.setattr(reads.views, "_facts", slow)
    reads.load(month)
    free = [case for case in open_now(reads) if case.agent is None and case.status == "new"]
    now = moment[0]
    apply(engine, runtime, free[0].code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))
    ticks[0] += 10.0  # past the 5-s settle, within the 20 s
    reads.load(month)
    assert reads.views.counts == 1 and reads.views.behind and not reads.month_due(month)
    ticks[0] += 10.5
    assert reads.month_due(month)
    _snap, view = reads.load(month)
    assert reads.views.counts == 2 and view.figures == month_view(services, month).figures
    apply(engine, runtime, free[1].code, "cmejia", lambda c: lifecycle.take(c, "cmejia", now))
    reads.load(month, fresh=True)
    assert reads.views.counts == 3
    services.engine.dispose()
