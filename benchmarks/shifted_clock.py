"""Run a benchmark's processes on the wall clock of another moment, running at its real pace
(`--clock shifted`): the countdowns of a working morning, measured at night. The consoles see the
real clock moved, not a frozen one, so what they draw and compute is what they would in working hours.

Built from `shifted_clock.c` with the machine's C compiler (`cc`) into the run's own folder, and
loaded with LD_PRELOAD. Linux with glibc only."""

from __future__ import annotations

import subprocess
import time
from datetime import datetime
from pathlib import Path

SOURCE = Path(__file__).with_name("shifted_clock.c")


def shifted_clock_env(work: Path, instant: str) -> dict[str, str]:
    """Variables that move a process's wall clock so that it reads `instant` (ISO 8601) now."""
    library = work / "shifted_clock.so"
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(library), str(SOURCE), "-ldl"], check=True)
    seconds = round(datetime.fromisoformat(instant).timestamp() - time.time())
    return {"LD_PRELOAD": str(library), "SHIFTED_CLOCK_SECONDS": str(seconds)}
