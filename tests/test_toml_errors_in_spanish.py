"""A settings or policy file that is not TOML is told in the user's language, by the line where
reading stopped and what to check: it said "no es TOML válido: Expected ']' at the end of a table
declaration (at line 1, column 4)", Python's English inside a Spanish sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_support import make_office, run

from jq_console.bootstrap import PolicyFileError, policy_of_text
from jq_console.config import ConfigError, load_settings
from jq_console.i18n import error_text, set_language

BAD = {"[ui\n": 1, 'a = 1\nb = "\\q"\n': 2, "a = 1\nb =\n": 2, "a = 1\nb": 2}


def said(error: Exception) -> tuple[str, str]:
    try:
        set_language("es")
        spanish = error_text(error)
        set_language("en")
        return spanish, error_text(error)
    finally:
        set_language("es")


@pytest.mark.parametrize("text", BAD)
def test_a_settings_file_that_is_not_toml_names_its_line(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refusal:
        load_settings({"JQ_CONSOLE_CONFIG": str(bad)}, files=[bad])
    spanish, english = said(refusal.value)
    assert f"línea {BAD[text]}" in spanish and "comillas" in spanish and "Expected" not in spanish
    assert f"line {BAD[text]}" in english and "at end of document" not in english


@pytest.mark.parametrize("text", BAD)
def test_a_policy_that_is_not_toml_names_its_line(text: str) -> None:
    with pytest.raises(PolicyFileError) as refusal:
        policy_of_text(text, "politica.toml")
    spanish, _ = said(refusal.value)
    assert f"línea {BAD[text]}" in spanish and "Expected" not in spanish and "Invalid" not in spanish


def test_policy_apply_of_a_file_that_is_not_toml_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "politica.toml"
    bad.write_text("[schedules\n", encoding="utf-8")
    db = tmp_path / "d.sqlite"
    make_office(db)
    done = run("--db", str(db), "policy", "apply", str(bad))
    assert done.returncode != 0 and "línea 1" in done.stderr and "Expected" not in done.stderr, done.stderr


def test_policy_apply_of_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    make_office(db)
    done = run("--db", str(db), "policy", "apply", str(tmp_path))
    assert done.returncode == 2 and f"{tmp_path} es una carpeta" in done.stderr and "Errno" not in done.stderr, done
