"""The environment every benchmark runs its consoles and commands in: no configuration but the
defaults (no JQ_CONSOLE_* of the machine, configuration, state and data folders of the run's own) and
a colour terminal, so nothing of the machine running it leaks into the figures."""

from __future__ import annotations

import os
from pathlib import Path


def sandbox_env(work: Path, *, drop: tuple[str, ...] = (), **extra: str) -> dict[str, str]:
    """`drop`: more variables to leave out (a test runner's COLUMNS and LINES would win over the
    pseudo-terminal's size); `extra`: variables to set, e.g. JQ_CONSOLE_AGENT."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("JQ_CONSOLE_") and k not in drop},
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(work / "config"),
        "XDG_STATE_HOME": str(work / "state"),
        "XDG_DATA_HOME": str(work / "data"),
        **extra,
    }
