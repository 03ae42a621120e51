"""A dashboard's reload merges the cases it read again into the open cases it holds
(`store.oversight._merged`): the result is the queue order of every open case, whether the touched
cases are found by their keys or, were the keys out of step with the cases, by a pass over them."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from case_factory import new_case

from jq_console.bootstrap import load_runtime
from jq_console.domain.cases import Case
from jq_console.domain.priority import priority_key
from jq_console.domain.vocabulary import SEVERITIES
from jq_console.store.oversight import Held, _merged
from jq_console.store.queue_sync import Mark

NOW = 1_796_655_600.0  # 2026-12-07 10:00 in Bogotá


@pytest.mark.parametrize("keys_in_step", [True, False])
def test_a_merge_holds_every_open_case_in_the_queue_order(keys_in_step: bool) -> None:
    runtime = load_runtime()
    policy = runtime.policy
    rng = random.Random(11)
    cases = sorted(
        (new_case(runtime, n, rng.choice(SEVERITIES), NOW - rng.randrange(5 * 86400)) for n in range(1, 201)),
        key=lambda case: priority_key(policy, case),
    )
    keys = [priority_key(policy, case) for case in cases]
    key_of = {case.id: key for key, case in zip(keys, cases, strict=True)}
    if not keys_in_step:  # each key one place away from its case: only a pass over them finds it
        keys = keys[1:] + keys[:1]
    held = Held(policy, cases, {}, Mark(1, 1), keys=keys, key_of=key_of)
    taken, closed = cases[17], cases[120]
    fresh: list[Case] = [replace(taken, agent="cmejia", version=taken.version + 1)]
    merged, _keys, merged_key_of = _merged(policy, held, {taken.id, closed.id}, fresh)
    expected = sorted(
        [*(case for case in cases if case.id not in (taken.id, closed.id)), *fresh],
        key=lambda case: priority_key(policy, case),
    )
    if keys_in_step:
        assert merged == expected
    assert {case.id for case in merged} == {case.id for case in expected}  # none lost, none twice
    assert len(merged) == len(expected) and closed.id not in merged_key_of
    assert merged_key_of[taken.id] == priority_key(policy, fresh[0])
    assert cases[17] is taken and len(cases) == 200  # the held list is left as it was
