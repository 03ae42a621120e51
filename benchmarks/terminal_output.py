"""What a process writes to its pseudo-terminal, read on a thread of its own until it closes the
terminal: the benchmarks count those bytes and feed them to a terminal emulator."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable


def follow_output(master: int, on_chunk: Callable[[bytes], None]) -> None:
    """Call `on_chunk` with each chunk read from `master`, on a daemon thread, until end of file."""

    def pump() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the process closed its terminal
                return
            if not chunk:
                return
            on_chunk(chunk)

    threading.Thread(target=pump, daemon=True).start()
