"""What an open case costs a console or dashboard to keep: each holds every open case, 10,000 in an
office with years of history. Words that repeat from case to case (a client, a contact, an agent,
a severity or a status) are one string object for all of them, across reads too."""

from __future__ import annotations

import sys
from collections import defaultdict

from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.store import cases as case_store
from jq_console.store.demo import DemoOptions, fill_demo
from jq_console.store.engine import make_engine

SHARED = (
    "client_name",
    "nit",
    "severity",
    "category",
    "channel",
    "service",
    "status",
    "verification",
    "agent",
    "scope",
    "reporter_name",
    "reporter_role",
)


def _objects(cases: list[Case], field: str) -> dict[str, set[int]]:
    """Each value of `field` among `cases`, and the ids of the objects that hold it."""
    held: dict[str, set[int]] = defaultdict(set)
    for case in cases:
        value = getattr(case, field)
        if value is not None:
            held[value].add(id(value))
    return held


def test_open_cases_share_one_object_per_repeated_word_across_reads(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    try:
        fill_demo(engine, runtime, DemoOptions(cases=300, seed=5))
        first = case_store.open_cases(engine, runtime.policy)
        second = case_store.open_cases(engine, runtime.policy)  # another read: other rows, other copies
    finally:
        engine.dispose()
    assert len(first) > 50
    both = first + second
    for field in SHARED:
        held = _objects(both, field)
        assert held, field
        repeated = [value for value, ids in held.items() if sum(getattr(c, field) == value for c in both) > 1]
        assert repeated, f"{field}: the demo repeats every such word"
        assert all(len(held[value]) == 1 for value in repeated), field
    # Free text is kept as read: equal titles of two reads stay two objects.
    titles = _objects(both, "title")
    assert any(len(ids) > 1 for ids in titles.values())


def test_a_kept_open_case_costs_well_under_a_kilobyte(store_url: str, runtime: Runtime) -> None:
    """The strings a case holds besides its own code and title, counted once per object: with one
    copy per row, as read, they came to about 700 bytes a case (CPython 3.11)."""
    engine = make_engine(store_url)
    try:
        fill_demo(engine, runtime, DemoOptions(cases=300, seed=5))
        cases = case_store.open_cases(engine, runtime.policy)
    finally:
        engine.dispose()
    distinct = {id(getattr(case, field)): getattr(case, field) for case in cases for field in SHARED}
    per_case = sum(sys.getsizeof(value) for value in distinct.values()) / len(cases)
    assert per_case < 150, per_case
