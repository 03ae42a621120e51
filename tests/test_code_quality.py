"""The project's habits, checked by the suite: import contracts (pyproject's [tool.importlinter]),
ruff's lint and format (pyproject's [tool.ruff])."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_import_contracts_hold() -> None:
    done = run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_ruff_finds_nothing_to_lint() -> None:
    done = run(sys.executable, "-m", "ruff", "check", "jq_console", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_the_code_is_formatted() -> None:
    done = run(sys.executable, "-m", "ruff", "format", "--check", "jq_console", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
