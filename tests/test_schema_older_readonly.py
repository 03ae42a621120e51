"""A reader (the supervisors' dashboard) opening a database older than the code is told to run
the upgrade, in the interface language: its engine cannot write, so the upgrade it tried failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from jq_console.i18n import error_text, set_language, t
from jq_console.store import migrations
from jq_console.store.engine import make_engine, write_schema
from jq_console.store.errors import StoreError
from jq_console.store.readonly import open_readonly
from jq_console.store.schema import require_schema


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_reader_of_an_older_database_is_told_to_upgrade_it(tmp_path: Path, language: str) -> None:
    db = tmp_path / "old.sqlite"
    writer = make_engine(str(db))
    write_schema(writer, lambda connection: migrations.upgrade(connection, "0001"))
    writer.dispose()
    reader = open_readonly(str(db))
    set_language(language)
    try:
        with pytest.raises(StoreError) as refused:
            require_schema(reader)
        told = error_text(refused.value)
        older = t("err.schema.older", revision="0001", head=migrations.head())
    finally:
        set_language("es")
        reader.dispose()
    assert refused.value.code == "err.schema.older" and told == older
