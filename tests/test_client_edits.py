"""A client's edit (renamed, marked behind on payments) reaches every view that shows its cases,
though it leaves no case event: the queue's look (`store.queue_sync`) and the dashboard's
(`store.oversight.read_held`) read its cases again, on both engines."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine, select
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application import admin
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case
from jq_console.store import cases as case_store
from jq_console.store import queue_sync
from jq_console.store.demo import DemoOptions, fill_demo
from jq_console.store.engine import make_engine, read
from jq_console.store.oversight import read_held
from jq_console.store.tables import Client

RENAMED = "Renombrada S.A.S."


@pytest.fixture
def engine(store_url: str, runtime: Runtime) -> Engine:
    engine = make_engine(store_url)
    fill_demo(engine, runtime, DemoOptions(login="ana"))
    return engine


def busiest_client(cases: list[Case]) -> str:
    """The NIT of the client with the most open cases."""
    nits = [case.nit for case in cases]
    return max(set(nits), key=nits.count)


def revisions(engine: Engine) -> dict[str, int]:
    return read(
        engine, lambda c: {nit: revision for nit, revision in c.execute(select(Client.c.nit, Client.c.revision))}
    )


def test_each_edit_gets_the_newest_revision_of_all_clients(engine: Engine) -> None:
    nits = sorted(revisions(engine))
    assert set(revisions(engine).values()) == {0}
    admin.edit_client(engine, "ana", nits[0], name=RENAMED)
    admin.edit_client(engine, "ana", nits[1], up_to_date=False)
    admin.edit_client(engine, "ana", nits[0], uc=3)
    after = revisions(engine)
    assert (after[nits[0]], after[nits[1]]) == (3, 2)
    assert all(after[nit] == 0 for nit in nits[2:])


def test_the_queue_reads_again_the_open_cases_of_a_client_edited(engine: Engine, runtime: Runtime) -> None:
    open_cases = case_store.open_cases(engine, runtime.policy)
    nit = busiest_client(open_cases)
    its_open = sorted(case.code for case in open_cases if case.nit == nit)
    seen = queue_sync.mark(engine)
    assert queue_sync.changed_since(engine, seen) == (seen, [])

    admin.edit_client(engine, "ana", nit, name=RENAMED, up_to_date=False)
    after, codes = queue_sync.changed_since(engine, seen)
    assert codes == its_open  # its open cases, none of its closed ones, none of another client's
    assert after.event == seen.event and after.client > seen.client
    assert queue_sync.changed_since(engine, after) == (after, [])  # told once
    read_again = queue_sync.cases_by_code(engine, codes)
    assert {(case.client_name, case.client_up_to_date) for case in read_again} == {(RENAMED, False)}


def test_the_dashboard_reads_again_the_cases_it_holds_of_a_client_edited(engine: Engine, runtime: Runtime) -> None:
    """Its open cases (what the board holds of them) and the cases it drew, open or closed."""
    now = runtime.now()
    open_cases = case_store.open_cases(engine, runtime.policy)
    nit = busiest_client(open_cases)
    other = next(case.nit for case in open_cases if case.nit != nit)
    admin.edit_client(engine, "ana", other, uc=2)  # an edit before the dashboard's first read: not news
    held, _rows = read(engine, lambda c: read_held(c, runtime.policy, now, None))
    its_ids = frozenset(case.id for case in open_cases if case.nit == nit)
    quiet, rows = read(engine, lambda c: read_held(c, runtime.policy, now, held))
    assert quiet.touched == frozenset() and rows == []
    client_id = next(case.client_id for case in open_cases if case.nit == nit)
    closed = replace(open_cases[0], id=-1, nit=nit, client_id=client_id, status="closed")  # of the awaiting list
    quiet.shown = {closed.id: closed, open_cases[1].id: open_cases[1]}  # drawn: one of the client, one not

    admin.edit_client(engine, "ana", nit, name=RENAMED)
    edited, rows = read(engine, lambda c: read_held(c, runtime.policy, now, quiet))
    assert edited.touched == its_ids | {closed.id}
    assert sorted(row.id for row in rows) == sorted(its_ids)  # read again: all still open
    assert closed.id not in edited.shown
    again, rows = read(engine, lambda c: read_held(c, runtime.policy, now, edited))
    assert again.touched == frozenset() and rows == []
