"""--now is read in the policy's time zone, not a fixed one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jq_console.bootstrap import DEFAULT_POLICY
from jq_console.cli import build_parser, main
from jq_console.cli.context import Context
from jq_console.i18n import set_language


def _context(*argv: str) -> Context:
    args = build_parser().parse_args(list(argv))
    return Context(args, frozen_at=args.now)


def test_now_is_local_time_of_the_policy(tmp_path: Path) -> None:
    """`deadlines` reads a local policy file; elsewhere --policy is ignored (the database's version rules)."""
    policy = tmp_path / "policy.toml"
    policy.write_text(
        DEFAULT_POLICY.read_text(encoding="utf-8").replace(
            'timezone = "America/Bogota"', 'timezone = "America/Mexico_City"'
        ),
        encoding="utf-8",
    )
    shipped = _context("--now", "2026-12-07T10:00").runtime.now()
    edited = _context("--now", "2026-12-07T10:00", "--policy", str(policy), "deadlines").runtime.now()
    ignored = _context("--now", "2026-12-07T10:00", "--policy", str(policy), "--db", str(tmp_path / "none.sqlite"))
    assert ignored.runtime.now() == shipped
    assert shipped == datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota")).timestamp()
    assert edited == datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Mexico_City")).timestamp()
    assert edited - shipped == 3600


def test_an_explicit_offset_wins() -> None:
    context = _context("--now", "2026-12-07T10:00+00:00")
    assert context.runtime.now() == datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("UTC")).timestamp()


@pytest.mark.parametrize(("language", "sentence"), [("es", "fecha inválida 'mañana'"), ("en", "invalid date 'mañana'")])
def test_a_malformed_now_is_a_usage_error_in_the_interface_language(
    capsys: pytest.CaptureFixture[str], language: str, sentence: str
) -> None:
    try:
        with pytest.raises(SystemExit) as exit_:
            main(
                ["--lang", language, "--now", "mañana", "deadlines", "--severity", "S2", "--opened", "2026-12-07T10:00"]
            )
    finally:
        set_language("es")
    assert exit_.value.code == 2 and sentence in capsys.readouterr().err
