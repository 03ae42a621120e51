"""The environment every benchmark runs its consoles and commands in: no configuration but the
defaults (no JQ_CONSOLE_* of the machine, configuration, state and data folders of the run's own) and
a colour terminal, so nothing of the machine running it leaks into the figures; and the package
byte-compiled, as an installed console finds it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# What `python -m jq_console` run from here imports, compiled where it lies: pip compiles a package
# when it installs it, but a checkout run with PYTHONDONTWRITEBYTECODE set compiles every module at
# every start, and a console's figures would count that (about 0.08 s of CPU and 1.3 MB each).
COMPILE = "import compileall, jq_console; compileall.compile_dir(jq_console.__path__[0], quiet=1)"


def sandbox_env(work: Path, *, drop: tuple[str, ...] = (), **extra: str) -> dict[str, str]:
    """`drop`: more variables to leave out (a test runner's COLUMNS and LINES would win over the
    pseudo-terminal's size); `extra`: variables to set, e.g. JQ_CONSOLE_AGENT."""
    subprocess.run([sys.executable, "-c", COMPILE], check=True)
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("JQ_CONSOLE_") and k not in drop and k != "PYTHONDONTWRITEBYTECODE"
        },
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(work / "config"),
        "XDG_STATE_HOME": str(work / "state"),
        "XDG_DATA_HOME": str(work / "data"),
        **extra,
    }
