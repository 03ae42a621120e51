"""Speed of the SLA engine's deadline arithmetic, and a cross-check against `businesstimedelta`.

Run (not collected by the normal test run, which only looks at tests/ and test_*.py):

    /work/venv/bin/pytest benchmarks -o python_files='bench_*.py' --benchmark-only -s
"""

from __future__ import annotations

import random
import time
from datetime import datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest

from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime

BOGOTA = ZoneInfo("America/Bogota")
N_DEADLINES = 100_000
N_COMPARE = 2_000
FIRST = datetime(2026, 1, 1, tzinfo=BOGOTA).timestamp()
LAST = datetime(2028, 1, 1, tzinfo=BOGOTA).timestamp()


@pytest.fixture(scope="module")
def engine():
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(datetime(2026, 12, 7, 10, tzinfo=BOGOTA)))
    return runtime.engine


def _starts(n: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    # whole minutes, so that interval edges (09:00, 13:00, 17:00 ...) occur now and then
    return [float(rng.randrange(int(FIRST) // 60, int(LAST) // 60) * 60) for _ in range(n)]


def _report(capsys, lines: list[str]) -> None:
    with capsys.disabled():
        print()
        for line in lines:
            print(f"    {line}")


def test_deadlines_100k(benchmark, engine, capsys):
    starts = _starts(N_DEADLINES, seed=20261207)
    severities = ["S2" if i % 2 else "S3" for i in range(N_DEADLINES)]
    work = list(zip(severities, starts))
    deadlines = engine.deadlines_epoch
    engine.deadlines_epoch("S2", starts[0])  # build the calendar tables outside the timing

    def run() -> list[tuple[float, float]]:
        return [deadlines(severity, start) for severity, start in work]

    result = benchmark.pedantic(run, rounds=5, iterations=1, warmup_rounds=1)
    assert len(result) == N_DEADLINES
    assert all(start < a <= r for (a, r), (_, start) in zip(result, work))
    mean = benchmark.stats.stats.mean
    per_deadline_us = mean / N_DEADLINES * 1e6
    benchmark.extra_info["per_deadline_us"] = per_deadline_us
    _report(
        capsys,
        [
            f"{N_DEADLINES:,} deadlines (S2/S3 mixed, starts 2026-2027): mean {mean * 1e3:.1f} ms "
            f"per batch, {per_deadline_us:.2f} µs per deadline (assignment + resolution)"
        ],
    )


def _btd_rule(btd, pytz):
    tz = pytz.timezone("America/Bogota")
    import holidays

    co = holidays.country_holidays("CO", years=range(2025, 2030))
    workday = btd.WorkDayRule(start_time=clock(9), end_time=clock(17), working_days=[0, 1, 2, 3, 4], tz=tz)
    lunch = btd.LunchTimeRule(start_time=clock(13), end_time=clock(14), working_days=[0, 1, 2, 3, 4], tz=tz)
    holiday = btd.HolidayRule(set(co.keys()), tz=tz)
    return btd.Rules([workday, lunch, holiday]), tz


@pytest.mark.parametrize("minutes", [24 * 60, 49 * 60], ids=["S2-assignment-24h", "S2-resolution-49h"])
def test_compare_with_businesstimedelta(benchmark, engine, capsys, minutes):
    try:
        import businesstimedelta as btd
        import pytz
    except ImportError as error:
        reason = f"businesstimedelta not installed ({error}); `pip install businesstimedelta` to compare"
        _report(capsys, [f"SKIPPED comparison: {reason}"])
        pytest.skip(reason)

    rule, tz = _btd_rule(btd, pytz)
    regular = engine.calendars["regular"]
    starts = _starts(N_COMPARE, seed=minutes)
    delta = btd.BusinessTimeDelta(rule, hours=minutes // 60, seconds=(minutes % 60) * 60)
    aware = [datetime.fromtimestamp(start, tz) for start in starts]

    def theirs() -> list[float]:
        return [(dt + delta).timestamp() for dt in aware]

    their_dues = benchmark.pedantic(theirs, rounds=1, iterations=1)
    their_seconds = benchmark.stats.stats.mean

    rounds = 20
    began = time.perf_counter()
    for _ in range(rounds):
        our_dues = [regular.add_seconds(start, minutes * 60) for start in starts]
    our_seconds = (time.perf_counter() - began) / rounds

    disagreements = [
        (start, ours, theirs_) for start, ours, theirs_ in zip(starts, our_dues, their_dues) if ours != theirs_
    ]
    agreement = 1 - len(disagreements) / N_COMPARE
    lines = [
        f"businesstimedelta vs BusinessCalendar, {N_COMPARE:,} starts 2026-2027, {minutes} business "
        f"minutes, regular schedule with lunch and CO holidays:",
        f"  agreement {agreement:.2%} ({N_COMPARE - len(disagreements)}/{N_COMPARE})",
        f"  businesstimedelta {their_seconds / N_COMPARE * 1e6:.1f} µs/deadline, ours "
        f"{our_seconds / N_COMPARE * 1e6:.2f} µs/deadline: ours is {their_seconds / our_seconds:.0f}x faster",
    ]
    for start, ours, theirs_ in disagreements[:5]:
        lines.append(
            f"  differ: start {datetime.fromtimestamp(start, BOGOTA):%a %Y-%m-%d %H:%M} "
            f"ours {datetime.fromtimestamp(ours, BOGOTA):%a %Y-%m-%d %H:%M} "
            f"theirs {datetime.fromtimestamp(theirs_, BOGOTA):%a %Y-%m-%d %H:%M}"
        )
    benchmark.extra_info.update(agreement=agreement, speed_ratio=their_seconds / our_seconds)
    _report(capsys, lines)
    assert agreement >= 0.99, disagreements[:5]


N_FULL = 100_000


def test_compare_with_businesstimedelta_100k(benchmark, engine, capsys):
    """The SLA engine's S2 deadlines (assignment 24 and resolution 49 business hours, regular
    schedule) against businesstimedelta on the same 100,000 starts: agreement and speed ratio.
    Slow on purpose (the peer takes milliseconds per deadline): several minutes."""
    try:
        import businesstimedelta as btd
        import pytz
    except ImportError as error:
        reason = f"businesstimedelta not installed ({error}); `pip install businesstimedelta` to compare"
        _report(capsys, [f"SKIPPED comparison: {reason}"])
        pytest.skip(reason)

    rule, tz = _btd_rule(btd, pytz)
    starts = _starts(N_FULL, seed=100_000)
    assignment = btd.BusinessTimeDelta(rule, hours=24)
    resolution = btd.BusinessTimeDelta(rule, hours=49)
    aware = [datetime.fromtimestamp(start, tz) for start in starts]

    def theirs() -> list[tuple[float, float]]:
        return [((dt + assignment).timestamp(), (dt + resolution).timestamp()) for dt in aware]

    their_dues = benchmark.pedantic(theirs, rounds=1, iterations=1)
    their_seconds = benchmark.stats.stats.mean
    deadlines = engine.deadlines_epoch
    deadlines("S2", starts[0])  # build the calendar tables outside the timing
    rounds = 5
    began = time.perf_counter()
    for _ in range(rounds):
        our_dues = [deadlines("S2", start) for start in starts]
    our_seconds = (time.perf_counter() - began) / rounds

    differ = [(start, ours, peer) for start, ours, peer in zip(starts, our_dues, their_dues) if ours != peer]
    agreement = 1 - len(differ) / N_FULL
    lines = [
        f"SLA engine vs businesstimedelta, the same {N_FULL:,} starts 2026-2027, S2 (24 h and 49 h on the "
        f"regular schedule with lunch and CO holidays):",
        f"  agreement {agreement:.3%} ({N_FULL - len(differ):,}/{N_FULL:,} starts, both deadlines equal)",
        f"  businesstimedelta {their_seconds / N_FULL * 1e6:,.0f} µs per start, SLA engine "
        f"{our_seconds / N_FULL * 1e6:.2f} µs per start: {their_seconds / our_seconds:,.0f}x faster",
    ]
    for start, ours, peer in differ[:5]:
        lines.append(
            f"  differ: start {datetime.fromtimestamp(start, BOGOTA):%a %Y-%m-%d %H:%M} ours "
            f"{[f'{datetime.fromtimestamp(x, BOGOTA):%a %d %H:%M}' for x in ours]} theirs "
            f"{[f'{datetime.fromtimestamp(x, BOGOTA):%a %d %H:%M}' for x in peer]}"
        )
    benchmark.extra_info.update(agreement=agreement, speed_ratio=their_seconds / our_seconds)
    _report(capsys, lines)
    assert agreement >= 0.99, differ[:5]
