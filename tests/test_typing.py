"""The package and its tests type-check under `mypy --strict`, as the developers' guide asks ("Strict typing").

Run the same way a developer would, from the repository root, so the `[tool.mypy]` settings in
pyproject.toml apply and the incremental cache in .mypy_cache (ignored by git) is shared.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.long
def test_package_and_tests_pass_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "jq_console", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"mypy --strict jq_console tests failed:\n{result.stdout}{result.stderr}"
