"""`jq-console audit` checks the records kept beside the chain, both engines: a policy version whose
text no longer matches its sha256, and a breach whose corrective action no longer matches the
history line that recorded it, are reported after `upgrade` put the dropped triggers back."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from office_support import cli, make_office, run
from sqlalchemy import create_engine, text
from store_backends import postgres_url, store_url  # noqa: F401

TZ = ZoneInfo("America/Bogota")
LONGER_S3 = ("resolution = { amount = 1440", "resolution = { amount = 144000")  # S3's resolution, a hundredfold


def at(moment: str) -> float:
    return datetime.fromisoformat(moment).replace(tzinfo=TZ).timestamp()


def sql(url: str, *statements: str) -> int:
    """Someone with the database's password or the file's write permission, bypassing the program;
    the rows the last statement changed."""
    engine = create_engine(url if "://" in url else f"sqlite:///{url}", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            changed = [connection.execute(text(statement)).rowcount for statement in statements]
    finally:
        engine.dispose()
    return changed[-1]


def unprotect(url: str, table: str, sqlite_triggers: tuple[str, ...]) -> None:
    """Drop (SQLite) or disable (PostgreSQL) the triggers that refuse an UPDATE of `table`."""
    if "://" not in url:
        sql(url, *(f"DROP TRIGGER {table}_{name}" for name in sqlite_triggers))
    else:
        sql(url, f"ALTER TABLE {table} DISABLE TRIGGER USER")


def upgraded_audit(url: str) -> tuple[int, str, str]:
    """`upgrade` (the triggers come back), then `audit` in Spanish and in English."""
    repaired = cli("upgrade", "--db", url)
    assert repaired.returncode == 0, repaired.stderr
    spanish, english = cli("audit", "--db", url), cli("audit", "--db", url, "--lang", "en")
    assert spanish.returncode == english.returncode
    return spanish.returncode, spanish.stdout, english.stdout


def test_audit_names_a_policy_version_whose_text_was_edited_by_hand(store_url: str) -> None:
    make_office(store_url)
    assert cli("audit", "--db", store_url).returncode == 0
    unprotect(store_url, "policy_version", ("no_update",))
    old, new = LONGER_S3
    assert sql(store_url, f"UPDATE policy_version SET text = replace(text, '{old}', '{new}') WHERE number = 1") == 1

    status, spanish, english = upgraded_audit(store_url)
    assert status == 1
    assert "versión 1 de la política: su texto no coincide con su sha256" in spanish
    assert "policy version 1: its text does not match its sha256" in english
    assert "todo bien" not in spanish and "disparador" not in spanish  # the trigger is back, the edit is not


def test_audit_names_a_corrective_action_rewritten_by_hand(store_url: str) -> None:
    [code] = make_office(store_url, cases=1, severity="S3", opened=at("2026-12-07T09:00"))  # assignment due 10:00
    late = run("case", "take", code, "--db", store_url, "--now", "2026-12-07T11:00")  # the breach is recorded
    assert late.returncode == 0, late.stderr
    acted = run("corrective", code, "Se reforzó el turno", "--db", store_url, "--now", "2026-12-07T11:30")
    assert acted.returncode == 0, acted.stderr
    assert cli("audit", "--db", store_url).returncode == 0  # the action and its history line agree
    unprotect(store_url, "breach", ("fill_once",))
    assert sql(store_url, "UPDATE breach SET corrective_note = 'Se despidió al cliente'") == 1

    status, spanish, english = upgraded_audit(store_url)
    assert status == 1
    assert f"{code}, incumplimiento de asignación n.º 1: la acción correctiva no coincide" in spanish
    assert f"{code}, assignment breach no. 1: the corrective action does not match" in english


def test_a_corrective_action_filled_by_hand_with_no_history_line_is_reported(store_url: str) -> None:
    [code] = make_office(store_url, cases=1, severity="S3", opened=at("2026-12-07T09:00"))
    assert run("case", "take", code, "--db", store_url, "--now", "2026-12-07T11:00").returncode == 0
    unprotect(store_url, "breach", ("fill_once",))
    filled = "UPDATE breach SET corrective_note = 'Nada que hacer', corrective_by = 'super', corrective_at = 1"
    assert sql(store_url, filled) == 1

    status, spanish, _ = upgraded_audit(store_url)
    assert status == 1 and f"{code}, incumplimiento de asignación n.º 1" in spanish


def test_a_corrective_action_emptied_by_hand_is_reported(store_url: str) -> None:
    [code] = make_office(store_url, cases=1, severity="S3", opened=at("2026-12-07T09:00"))
    assert run("case", "take", code, "--db", store_url, "--now", "2026-12-07T11:00").returncode == 0
    assert (
        run("corrective", code, "Se reforzó el turno", "--db", store_url, "--now", "2026-12-07T11:30").returncode == 0
    )
    unprotect(store_url, "breach", ("fill_once",))
    emptied = "UPDATE breach SET corrective_note = NULL, corrective_by = NULL, corrective_at = NULL"
    assert sql(store_url, emptied) == 1

    status, spanish, _ = upgraded_audit(store_url)
    assert status == 1 and f"{code}, incumplimiento de asignación n.º 1" in spanish


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_untouched_office_with_corrective_actions_is_all_good(store_url: str, lang: str) -> None:
    [code] = make_office(store_url, cases=1, severity="S3", opened=at("2026-12-07T09:00"))
    assert run("case", "take", code, "--db", store_url, "--now", "2026-12-07T11:00").returncode == 0
    assert (
        run("corrective", code, "  Se reforzó\tel turno  ", "--db", store_url, "--now", "2026-12-07T11:30").returncode
        == 0
    )
    good = cli("audit", "--db", store_url, "--lang", lang)
    assert good.returncode == 0 and len(good.stdout.splitlines()) == 1, good.stdout
