"""Anchoring the history's chain outside the database (docs/security.md, "Anchoring the chain"):
a forger who rewrites the history and computes every hash again, or removes the newest rows and
moves the head back, passes a plain audit but not one that checks the anchors of an earlier night."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_support import cli, make_office, runtime
from sqlalchemy import text
from store_backends import postgres_url, store_url  # noqa: F401
from test_ledger import NOW, raw, sql

from jq_console.domain import lifecycle
from jq_console.domain.anchors import Anchor, AnchorFileError, ChainEnd, anchor_breaks, latest_anchors
from jq_console.store.engine import make_engine
from jq_console.store.ledger import CHAINED, GENESIS, RECORDS, canonical, seal
from jq_console.store.moves import apply


@pytest.fixture
def office(store_url: str) -> Iterator[tuple[str, list[str]]]:
    """An office with four cases, none taken yet."""
    codes = make_office(store_url, cases=4, opened=NOW - 3600)
    yield store_url, codes


def take(url: str, code: str) -> None:
    engine = make_engine(url)
    try:
        apply(engine, runtime(), code, "a01", lambda case: lifecycle.take(case, "a01", NOW))
    finally:
        engine.dispose()


def anchor_now(url: str, anchors: Path) -> None:
    """A clean audit that anchors the history in `anchors`."""
    done = cli("audit", "--db", url, "--anchor", str(anchors))
    assert done.returncode == 0, done.stderr


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def unprotect(url: str) -> None:
    """Someone with raw write access turns the history's protective triggers off."""
    if "://" not in url:
        names = ("case_event_no_update", "case_event_no_delete", "chain_head_no_update", "chain_head_no_delete")
        engine = raw(url)
        with engine.connect() as connection:
            existing = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
        engine.dispose()
        sql(url, *(f"DROP TRIGGER {name}" for name in names if name in existing))
    else:
        sql(url, "ALTER TABLE case_event DISABLE TRIGGER USER", "ALTER TABLE chain_head DISABLE TRIGGER USER")


def forge_chain(url: str) -> None:
    """Every case_event hash and the head computed again from the rows as they are now, and the
    triggers put back: what a forger who read docs/security.md does after editing or removing rows."""
    columns = CHAINED["case_event"]
    engine = raw(url)
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT id, {', '.join(columns)} FROM case_event ORDER BY id")).all()
        previous = GENESIS
        for row in rows:
            previous = seal(previous, canonical("case_event", dict(zip(columns, row[1:], strict=True))))
            connection.execute(
                text("UPDATE case_event SET chain_hash = :h WHERE id = :id"), {"h": previous, "id": row[0]}
            )
        connection.execute(
            text("UPDATE chain_head SET hash = :h, length = :n WHERE name = 'case_event'"),
            {"h": previous, "n": len(rows)},
        )
    engine.dispose()
    if "://" in url:
        sql(url, "ALTER TABLE case_event ENABLE TRIGGER USER", "ALTER TABLE chain_head ENABLE TRIGGER USER")
    else:
        assert cli("upgrade", "--db", url).returncode == 0


def test_a_clean_audit_anchors_each_chain_and_the_next_one_checks_and_adds(
    office: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, codes = office
    anchors = tmp_path / "anclas.jsonl"
    first = cli("audit", "--db", url, "--anchor", str(anchors))
    assert first.returncode == 0, first.stderr
    assert "todo bien" in first.stdout and f"anclado en {anchors}" in first.stdout
    written = lines(anchors)
    assert sorted(str(line["table"]) for line in written) == sorted([*CHAINED, *RECORDS])
    events = next(line for line in written if line["table"] == "case_event")
    assert events["rows"] == 4 and len(str(events["hash"])) == 64

    anchors.chmod(0o600)  # its keeper's choice, kept when it is written again
    take(url, codes[0])
    second = cli("audit", "--db", url, "--anchor", str(anchors))
    assert second.returncode == 0, second.stderr
    again = lines(anchors)
    assert again[: len(written)] == written  # what was anchored stays as it was
    assert next(line for line in again[len(written) :] if line["table"] == "case_event")["rows"] == 5
    assert anchors.stat().st_mode & 0o777 == 0o600


def test_a_history_rewritten_with_every_hash_computed_again_passes_a_plain_audit_not_an_anchored_one(
    office: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, codes = office
    anchor_now(url, anchors := tmp_path / "anclas.jsonl")
    before = anchors.read_bytes()
    take(url, codes[0])
    unprotect(url)
    sql(url, "UPDATE case_event SET note = 'nunca pasó' WHERE id = 2")
    forge_chain(url)
    assert cli("audit", "--db", url).returncode == 0  # the limit of the chain alone
    found = cli("audit", "--db", url, "--anchor", str(anchors), "--lang", "en")
    assert found.returncode == 1
    assert "case_event: row 4 of the chain is no longer the one anchored on" in found.stdout
    assert f"nothing was added to {anchors}" in found.stderr
    assert anchors.read_bytes() == before  # a history with problems is never anchored


def test_the_newest_rows_removed_and_the_head_moved_back_are_found(
    office: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, codes = office
    anchors = tmp_path / "anclas.jsonl"
    take(url, codes[0])
    take(url, codes[1])
    anchor_now(url, anchors)
    unprotect(url)
    sql(url, "DELETE FROM case_event WHERE id > 4")  # the two takes, gone
    forge_chain(url)  # the head moved back to row 4: the chain alone is whole
    assert cli("audit", "--db", url).returncode == 0
    found = cli("audit", "--db", url, "--anchor", str(anchors), "--lang", "en")
    assert found.returncode == 1
    assert "case_event: the chain has 4 rows, fewer than the 6 anchored on" in found.stdout


def test_a_file_that_is_not_an_anchor_file_is_refused_untouched(office: tuple[str, list[str]], tmp_path: Path) -> None:
    url, _ = office
    wrong = tmp_path / "notas.txt"
    wrong.write_text("lista de compras\n")
    found = cli("audit", "--db", url, "--anchor", str(wrong), "--lang", "en")
    assert found.returncode != 0 and "Traceback" not in found.stderr
    assert f"{wrong}, line 1: not an anchor of 'jq-console audit'" in found.stderr
    assert wrong.read_text() == "lista de compras\n"


def test_a_link_given_as_the_anchor_file_is_refused_and_its_target_untouched(
    office: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, _ = office
    target = tmp_path / "otro.jsonl"
    target.write_text("")
    link = tmp_path / "anclas.jsonl"
    link.symlink_to(target)
    found = cli("audit", "--db", url, "--anchor", str(link))
    assert found.returncode != 0 and "Traceback" not in found.stderr
    assert target.read_text() == "" and link.is_symlink()


def test_anchor_breaks_name_rows_gone_and_rows_rewritten() -> None:
    anchor = Anchor("case_event", 10, "a" * 64, "2026-12-05T23:00:00-05:00")
    assert anchor_breaks({"case_event": anchor}, {"case_event": ChainEnd(12, "a" * 64)}) == []
    assert [key for key, _ in anchor_breaks({"case_event": anchor}, {"case_event": ChainEnd(12, "b" * 64)})] == [
        "audit.anchor_differs"
    ]
    assert [key for key, _ in anchor_breaks({"case_event": anchor}, {"case_event": ChainEnd(9, None)})] == [
        "audit.anchor_shorter"
    ]
    text = '{"table": "t", "rows": 1, "hash": "%s", "at": "x"}\n{"table": "t", "rows": 2, "hash": "%s", "at": "y"}\n'
    assert latest_anchors(text % ("a" * 64, "b" * 64))["t"].rows == 2  # the last of each table counts


@pytest.mark.parametrize(
    "line",
    [
        '{"table": "case_event", "rows": 1, "hash": "%s", "at": "x", "database": "\\u001b[2J\\u001b]0;pwned\\u0007"}',
        '{"table": "case_event\\r", "rows": 1, "hash": "%s", "at": "x"}',
        '{"table": "case_event", "rows": true, "hash": "%s", "at": "x"}',
        '{"table": "case_event", "rows": 1, "hash": "%s", "at": "x"}'.replace("%s", "Z" * 64),
        '["case_event", 1]',
    ],
)
def test_a_line_this_program_would_not_write_is_no_anchor(line: str) -> None:
    """Its texts reach the audit's sentences: an escape sequence or a control character in them is
    refused, not shown, and so is anything not shaped as an anchor."""
    with pytest.raises(AnchorFileError):
        latest_anchors(line.replace("%s", "a" * 64) + "\n")


def test_a_policy_version_rewritten_with_its_sha256_is_found_by_the_anchors(
    office: tuple[str, list[str]], tmp_path: Path
) -> None:
    """The policy text and its sha256 rewritten together pass the audit's own check of the text."""
    url, _ = office
    anchor_now(url, anchors := tmp_path / "anclas.jsonl")
    assert any(line["table"] == "policy_version" and line["rows"] == 1 for line in lines(anchors))
    engine = raw(url)
    with engine.connect() as connection:
        policy = str(connection.execute(text("SELECT text FROM policy_version WHERE number = 1")).scalar_one())
    engine.dispose()
    forged = policy.replace("at_risk_fraction", "# x\nat_risk_fraction", 1)
    assert forged != policy
    if "://" in url:
        sql(url, "ALTER TABLE policy_version DISABLE TRIGGER USER")
    else:
        sql(url, "DROP TRIGGER policy_version_no_update")
    digest = hashlib.sha256(forged.encode("utf-8")).hexdigest()
    with raw(url).connect() as connection:
        connection.execute(
            text("UPDATE policy_version SET text = :t, sha256 = :h WHERE number = 1"), {"t": forged, "h": digest}
        )
    if "://" in url:
        sql(url, "ALTER TABLE policy_version ENABLE TRIGGER USER")
    else:
        assert cli("upgrade", "--db", url).returncode == 0
    assert cli("audit", "--db", url).returncode == 0  # text and hash agree: the audit alone is blind
    found = cli("audit", "--db", url, "--anchor", str(anchors), "--lang", "en")
    assert found.returncode == 1
    assert "policy_version: row 1 of the chain is no longer the one anchored on" in found.stdout


def test_anchors_written_for_another_database_are_named_before_what_they_find(
    office: tuple[str, list[str]], tmp_path: Path
) -> None:
    """A nightly job given the wrong file sees why every anchor breaks, not only that they do."""
    url, _ = office
    anchor_now(url, anchors := tmp_path / "anclas.jsonl")
    other = str(tmp_path / "otra.sqlite")
    make_office(other, cases=1)
    found = cli("audit", "--db", other, "--anchor", str(anchors), "--lang", "en")
    assert found.returncode == 1
    shown = url if "://" not in url else url.split("@")[-1]
    assert "notice: the anchors in" in found.stderr and shown in found.stderr and other in found.stderr
    assert "the chain has 1 rows, fewer than the 4 anchored" in found.stdout
