"""The CPU time a process has used so far, finer than the kernel's 10-ms ticks.

`/proc/PID/stat` counts a process's time in clock ticks (1/100 s here): over a 20-s idle window a
console's 0.40 % is 8 ticks, and one tick more or less moves it by 0.05 %. Each live thread's
`/proc/PID/task/TID/schedstat` gives the nanoseconds it ran; the threads that already ended are
counted in the process's ticks only, so they come from there (what the process counts beyond its live
threads' ticks). Over a window in which no thread ended (an idle console: its watching thread and
Textual's run on), the figure is as precise as the scheduler's own clock. Linux only.
"""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _ticks(stat: str) -> int:
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def cpu_seconds(pid: int) -> float:
    process = Path(f"/proc/{pid}")
    total = _ticks((process / "stat").read_text())
    live_ticks, live_ns = 0, 0
    for task in (process / "task").iterdir():
        try:
            stat, schedstat = (task / "stat").read_text(), (task / "schedstat").read_text()
        except (FileNotFoundError, ProcessLookupError):  # the thread ended meanwhile: in `total` by now
            continue
        live_ticks += _ticks(stat)
        live_ns += int(schedstat.split()[0])
    ended = max(0, total - live_ticks)
    return ended / TICKS + live_ns / 1e9
