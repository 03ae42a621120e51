"""One queue order: whatever the store pages or orders by gives the domain's `priority_key` order,
for any policy, including after the policy's service and severity orders are edited."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, insert, select, text
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.priority import code_of, order_signature, pack, pending_due_of, priority_key
from jq_console.store import cases as case_store
from jq_console.store import moves, queue_sync
from jq_console.store.demo import DemoOptions, fill_demo
from jq_console.store.engine import make_engine, read, write
from jq_console.store.queue_keys import stored_signature
from jq_console.store.schema import create_schema
from jq_console.store.tables import CaseEvent, CaseRow, Client, QueueOrder

SERVICES = ("subscription:4", "subscription:3", "subscription:2", "subscription:1", "contractual")


def _domain_order(policy: Policy, cases: list[Case]) -> list[str]:
    return [case.code for case in sorted(cases, key=lambda case: priority_key(policy, case))]


def _stored_order(engine: Engine) -> list[str]:
    """The database's own order: the stored keys, as the queue's index pages them."""
    statement = select(CaseRow.c.code).where(CaseRow.c.is_open.is_(True)).order_by(CaseRow.c.queue_key)
    return read(engine, lambda c: list(c.execute(statement).scalars()))


def _held_order(engine: Engine, policy: Policy) -> list[str]:
    """The order a console's queue holds: the open cases' keys, as read whole under `policy`."""
    return [code_of(key) for key in read(engine, lambda c: queue_sync.open_keys(c, policy))]


# ---- the packed key sorts as the key ------------------------------------------------------------

instants = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64), st.just(math.inf), st.just(0.0), st.just(-0.0)
)
keys = st.tuples(
    st.integers(0, 2), st.integers(0, 4), instants, instants, st.text(alphabet="JQ-0123456789é", max_size=14)
)


@given(st.lists(keys, max_size=40))
def test_packed_keys_sort_exactly_as_the_keys(items: list[tuple[int, int, float, float, str]]) -> None:
    by_key = sorted(items)
    by_bytes = sorted(items, key=pack)
    # Equal keys may come in either order; -0.0 and 0.0 are equal keys.
    assert [pack(item) for item in by_key] == [pack(item) for item in by_bytes]
    for first, second in itertools.pairwise(items):
        assert (first < second) == (pack(first) < pack(second))


@given(keys)
def test_a_packed_key_gives_back_its_code_and_pending_deadline(item: tuple[int, int, float, float, str]) -> None:
    """A queue that holds only the packed keys still names each case and knows its next deadline."""
    packed = pack(item)
    assert code_of(packed) == item[4]
    due = pending_due_of(packed)
    assert due == item[2] and math.copysign(1.0, due) == math.copysign(1.0, item[2] + 0.0)


# ---- random small queues under random policies ---------------------------------------------------


def _policy(base: Policy, severities: list[str], services: list[str]) -> Policy:
    return dataclasses.replace(base, severity_order=tuple(severities), service_order=tuple(services))


policies = st.tuples(st.permutations(["S3", "S2", "S1"]), st.permutations(list(SERVICES)))
DUE = st.one_of(st.none(), st.integers(1_780_000_000, 1_780_000_050).map(float))
rows = st.lists(
    st.fixed_dictionaries(
        {
            "severity": st.sampled_from(["S1", "S2", "S3"]),
            "client": st.integers(0, 4),
            "status": st.sampled_from(["new", "assigned", "in_progress", "waiting", "resolved"]),
            "opened_at": st.integers(1_779_999_990, 1_780_000_000).map(float),
            "assignment_due": st.integers(1_780_000_000, 1_780_000_050).map(float),
            "resolution_due": DUE,
        }
    ),
    max_size=25,
)


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, list[int]]]:
    runtime = load_runtime(str(DEFAULT_POLICY))
    engine = make_engine(str(tmp_path_factory.mktemp("queue") / "small.sqlite"))
    create_schema(engine, runtime.policy)
    clients = [("subscription", level) for level in (4, 3, 2, 1)] + [("contractual", None)]

    def add(connection: Any) -> list[int]:
        ids = []
        for number, (service, level) in enumerate(clients):
            values = {"nit": f"90000000{number}-0", "name": f"Cliente {number}", "service": service, "level": level}
            ids.append(int(connection.execute(insert(Client).values(**values)).inserted_primary_key[0]))
        return ids

    yield engine, write(engine, add)
    engine.dispose()


def _fill(engine: Engine, client_ids: list[int], items: list[dict[str, Any]]) -> None:
    def work(connection: Any) -> None:
        connection.execute(delete(CaseEvent))
        connection.execute(delete(CaseRow))
        connection.execute(delete(QueueOrder))
        for number, item in enumerate(items):
            client = connection.execute(select(Client).where(Client.c.id == client_ids[item["client"]])).one()
            status = item["status"]
            connection.execute(
                insert(CaseRow).values(
                    code=f"JQ-2026-{number:05d}",
                    client_id=client.id,
                    title="t",
                    severity=item["severity"],
                    category="fault",
                    channel="form",
                    service=client.service,
                    level=client.level,
                    status=status,
                    agent=None if status == "new" else "a01",
                    opened_at=item["opened_at"],
                    assignment_due=item["assignment_due"],
                    resolution_due=item["resolution_due"],
                    is_open=status != "resolved",
                )
            )

    write(engine, work)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=rows, first=policies, second=policies)
def test_any_policy_edit_keeps_stored_and_domain_order_equal(
    small_store: tuple[Engine, list[int]],
    items: list[dict[str, Any]],
    first: tuple[list[str], list[str]],
    second: tuple[list[str], list[str]],
) -> None:
    engine, client_ids = small_store
    base = load_runtime(str(DEFAULT_POLICY)).policy
    before, after = _policy(base, *first), _policy(base, *second)
    _fill(engine, client_ids, items)
    assert case_store.align_queue(engine, before)  # no keys yet: computed under the first policy
    open_now = case_store.open_cases(engine, before)
    assert len(open_now) == sum(1 for item in items if item["status"] != "resolved")
    assert _stored_order(engine) == _domain_order(before, open_now) == case_store.codes(open_now)
    # The policy is edited: every read gives the new order, before and after the keys follow it.
    assert case_store.codes(case_store.open_cases(engine, after)) == _domain_order(after, open_now)
    assert _held_order(engine, after) == _domain_order(after, open_now)
    case_store.align_queue(engine, after)
    assert read(engine, stored_signature) == order_signature(after)
    assert _stored_order(engine) == _domain_order(after, open_now)
    assert _held_order(engine, after) == _domain_order(after, open_now)


# ---- 10,000 demo cases, the policy file edited -----------------------------------------------------


def _edited_policy_file(tmp_path: Path) -> Path:
    text_ = DEFAULT_POLICY.read_text(encoding="utf-8")
    shipped_services = (
        'services = ["subscription:4", "subscription:3", "subscription:2", "subscription:1", "contractual"]'
    )
    assert shipped_services in text_ and 'severities = ["S3", "S2", "S1"]' in text_
    edited = text_.replace(shipped_services, f"services = {list(reversed(SERVICES))!r}".replace("'", '"')).replace(
        'severities = ["S3", "S2", "S1"]', 'severities = ["S2", "S3", "S1"]'
    )
    path = tmp_path / "edited-policy.toml"
    path.write_text(edited, encoding="utf-8")
    return path


@pytest.mark.long
@pytest.mark.slow
def test_with_the_policy_file_edited_stored_and_domain_order_agree_on_10000_demo_cases(
    store_url: str,
    tmp_path: Path,
    runtime: Runtime,
) -> None:
    engine = make_engine(store_url)
    fill_demo(engine, runtime, DemoOptions(cases=10_000, seed=3, open_share=1.0))
    shipped = case_store.open_cases(engine, runtime.policy)
    assert len(shipped) == 10_000
    assert _stored_order(engine) == _domain_order(runtime.policy, shipped) == case_store.codes(shipped)

    edited = load_runtime(str(_edited_policy_file(tmp_path)), clock=frozen_clock(runtime.local(runtime.now())))
    assert edited.policy.service_order == tuple(reversed(SERVICES))
    assert edited.policy.severity_order == ("S2", "S3", "S1")
    expected = _domain_order(edited.policy, shipped)
    moved = sum(1 for a, b in zip(expected, case_store.codes(shipped), strict=True) if a != b)
    assert moved > 1000  # the edit really reorders the queue
    # Before anyone writes under the edited policy, readers already give its order.
    assert case_store.codes(case_store.open_cases(engine, edited.policy)) == expected
    assert _held_order(engine, edited.policy) == expected
    assert case_store.codes(queue_sync.whole_queue(engine, edited.policy, 200).top) == expected[:200]
    # The first move under the edited policy brings every stored key to it, then makes the move.
    new_case = next(case for case in shipped if case.status == "new")
    taken = moves.apply_seen(engine, edited, new_case, "a01", lambda case: lifecycle.take(case, "a01", edited.now()))
    assert taken.agent == "a01"
    assert read(engine, stored_signature) == order_signature(edited.policy)
    now_open = case_store.open_cases(engine, edited.policy)
    assert _stored_order(engine) == _domain_order(edited.policy, now_open) == case_store.codes(now_open)
    engine.dispose()


def test_a_registration_under_an_edited_policy_rekeys_first(store_url: str, tmp_path: Path, runtime: Runtime) -> None:
    from store_backends import register_case, seed_client

    engine = make_engine(store_url)
    create_schema(engine, runtime.policy)
    client_id, contact_id = seed_client(engine)
    for severity in ("S3", "S2", "S3"):  # faults: S2 or S3 (the policy's [categories])
        register_case(engine, runtime, client_id, contact_id, severity=severity)
    edited = load_runtime(str(_edited_policy_file(tmp_path)), clock=runtime.clock)
    register_case(engine, edited, client_id, contact_id, severity="S2")
    now_open = case_store.open_cases(engine, edited.policy)
    assert [case.severity for case in now_open] == ["S2", "S2", "S3", "S3"]
    assert _stored_order(engine) == case_store.codes(now_open)
    assert read(engine, lambda c: c.execute(text("SELECT signature FROM queue_order")).scalar()) == order_signature(
        edited.policy
    )
    engine.dispose()


def test_a_database_upgraded_without_keys_gets_them_from_its_first_move(store_url: str, runtime: Runtime) -> None:
    """As migration 0003 leaves an older database: open cases with no key and no signature."""
    from store_backends import register_case, seed_client

    engine = make_engine(store_url)
    create_schema(engine, runtime.policy)
    client_id, contact_id = seed_client(engine)
    codes = [register_case(engine, runtime, client_id, contact_id, severity=s) for s in ("S2", "S3", "S2")]
    write(engine, lambda c: c.execute(text('UPDATE "case" SET queue_key = NULL')))
    write(engine, lambda c: c.execute(delete(QueueOrder)))
    listed = case_store.open_cases(engine, runtime.policy)  # read meanwhile: ordered in memory
    assert case_store.codes(listed) == [codes[1], codes[0], codes[2]]
    seen = next(case for case in listed if case.code == codes[0])
    taken = moves.apply_seen(engine, runtime, seen, "a01", lambda case: lifecycle.take(case, "a01", runtime.now()))
    assert taken.version == seen.version + 1
    assert read(engine, stored_signature) == order_signature(runtime.policy)
    assert _stored_order(engine) == case_store.codes(case_store.open_cases(engine, runtime.policy))
    assert read(engine, lambda c: c.execute(text('SELECT count(*) FROM "case" WHERE queue_key IS NULL')).scalar()) == 0
    engine.dispose()
