"""The CPU time a process has used so far, in nanoseconds rather than the kernel's 10-ms ticks.

`/proc/PID/stat` counts a process's time in clock ticks (1/100 s here): over a 20-s idle window a
console's 0.40 % is 8 ticks, and one tick more or less moves it by 0.05 %. The process's own CPU-time
clock (what `clock_getcpuclockid(3)` names: `CPUCLOCK_SCHED` of the whole thread group) counts every
thread, ended ones included, to the nanosecond. Linux only.
"""

from __future__ import annotations

import time

_CPUCLOCK_SCHED = 2  # the scheduler's runtime; without the per-thread bit (4): the whole process


def cpu_clock(pid: int) -> int:
    """The clock id of `pid`'s CPU time, as the kernel encodes it (linux/posix-timers.h)."""
    return ((~pid) << 3) | _CPUCLOCK_SCHED


def cpu_seconds(pid: int) -> float:
    return time.clock_gettime(cpu_clock(pid))
