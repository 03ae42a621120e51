"""A case read from the database is built by `domain.cases.case_of` from its row, whose columns are
the case's fields in order: the same case `Case(...)` would make, as frozen and as comparable."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from office_support import make_office

from jq_console.domain.cases import CASE_FIELDS, Case, case_of
from jq_console.store.cases import _CASE_COLUMNS, _case_select, _to_case, get_case
from jq_console.store.engine import make_engine, read

# The columns read from another table than the case's, by the case field each fills.
FROM_ELSEWHERE = {
    ("client", "name"): "client_name",
    ("client", "nit"): "nit",
    ("contact", "name"): "reporter_name",
    ("contact", "role"): "reporter_role",
    ("client", "up_to_date"): "client_up_to_date",
}

VALUES: tuple[Any, ...] = (
    7,
    "JQ-2026-00007",
    1,
    "Cliente",
    "900123456-8",
    "Lentitud",
    "S2",
    "fault",
    "form",
    "subscription",
    2,
    "assigned",
    "valid",
    "a01",
    1_796_353_482.0,
    1_796_922_000.0,
    1_798_945_482.0,
    None,
    1_796_360_000.0,
    None,
    None,
    None,
    "server",
    "",
    "No carga",
    3,
    "Sebastián López",
    "usr",
    None,
    4,
    1,
    True,
    1,
    2,
)


def test_the_case_columns_are_the_case_fields_in_order() -> None:
    fields = [FROM_ELSEWHERE.get((str(column.table.name), column.name), column.name) for column in _CASE_COLUMNS]
    assert fields == list(CASE_FIELDS)


def test_case_has_no_init_step_that_case_of_would_skip() -> None:
    # `case_of` stores the values and nothing else: a `__post_init__` (a check, a derived field)
    # would run for `Case(...)` and not for every case read from the database.
    assert not hasattr(Case, "__post_init__")
    assert all(each.init for each in dataclasses.fields(Case))


def test_case_of_makes_the_case_the_constructor_makes() -> None:
    built, constructed = case_of(VALUES), Case(*VALUES)
    assert type(built) is Case
    assert built == constructed
    assert hash(built) == hash(constructed)
    assert [getattr(built, name) for name in CASE_FIELDS] == list(VALUES)
    assert dataclasses.replace(built, status="in_progress") == dataclasses.replace(constructed, status="in_progress")


@pytest.mark.parametrize("make", [case_of, lambda values: Case(*values)], ids=["case_of", "Case"])
def test_a_case_so_built_stays_frozen(make: Callable[[tuple[Any, ...]], Case]) -> None:
    built = make(VALUES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.status = "closed"  # type: ignore[misc]
    # Not a field: refused too (Python 3.11's frozen slots classes say so with a TypeError).
    with pytest.raises((AttributeError, TypeError)):
        built.anything = 1  # type: ignore[attr-defined]
    assert built == Case(*VALUES)


def test_a_case_read_back_has_every_field_it_was_registered_with(tmp_path: Path) -> None:
    db = tmp_path / "rows.sqlite"
    (code,) = make_office(db, cases=1)
    engine = make_engine(str(db))
    try:
        case = get_case(engine, code)
        rows = read(engine, lambda connection: list(connection.execute(_case_select())))
        without = read(engine, lambda connection: list(connection.execute(_case_select(with_description=False))))
    finally:
        engine.dispose()
    assert case is not None
    assert case.code == code and case.client_name and case.reporter_role == "usr"
    assert _to_case(rows[0]) == case
    assert _to_case(without[0], False) == dataclasses.replace(case, description="")
    assert isinstance(case.client_up_to_date, bool)
