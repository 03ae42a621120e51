"""The domain stays pure: no UI, no database, no file access (README, "Layout")."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "jq_console" / "domain"

CHECK = (
    "import jq_console.domain.calendar, jq_console.domain.sla, jq_console.domain.rules, "
    "jq_console.domain.lifecycle, jq_console.domain.priority, jq_console.bootstrap; import sys; "
    "assert 'textual' not in sys.modules "
    "and 'sqlalchemy' not in sys.modules, sorted(m for m in sys.modules "
    "if m.split('.')[0] in ('textual', 'sqlalchemy'))"
)


def test_importing_the_core_pulls_in_no_ui_or_database() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


FORBIDDEN = {
    "textual": re.compile(r"^\s*(from|import)\s+textual\b", re.M),
    "sqlalchemy": re.compile(r"^\s*(from|import)\s+sqlalchemy\b", re.M),
    "pathlib": re.compile(r"\bpathlib\b"),
    "open(": re.compile(r"(?<![\w])open\("),  # builtin open( or x.open(, not is_open(
}

DOMAIN_FILES = sorted(DOMAIN.glob("*.py"))


def test_the_domain_has_files() -> None:
    names = {path.name for path in DOMAIN_FILES}
    assert {"calendar.py", "sla.py", "rules.py", "lifecycle.py", "policy.py"} <= names


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda path: path.name)
def test_domain_source_has_no_io_ui_or_database(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(source)]
    assert not found, f"{path.name} uses {found}"


def test_the_open_pattern_is_not_fooled_by_is_open() -> None:
    assert not FORBIDDEN["open("].search("def is_open(self): return self.is_open(x)")
    assert FORBIDDEN["open("].search("with open(path) as f:")
    assert FORBIDDEN["open("].search("path.open()")
