"""The queue in memory: open cases in the policy's order (domain.priority.priority_key), kept
sorted incrementally as cases change, with rank reasons computed only for the lines on screen.

Re-ranking 10,000 cases from scratch costs ~90 ms in Python; a change touches one or two cases,
so each is moved with a bisection instead, and keys are cached per case version.

It also counts, as cases come and go, each agent's open cases and the unassigned urgencies: what the
agents panel shows beside the queue, kept here so that no console asks the database for it again
after every change in the office.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.presence import URGENT_SEVERITY
from jq_console.domain.priority import RankReason, priority_key, rank_cases

Key = tuple[int, int, float, float, str]


class QueueModel:
    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self.by_code: dict[str, Case] = {}
        self.keys: list[Key] = []
        self.order: list[Case] = []
        self._key_cache: dict[str, tuple[int, Key]] = {}  # code -> (version, key)
        self.open_by_agent: dict[str, int] = {}  # login -> open cases held
        self._urgent: dict[str, Case] = {}  # code -> open urgency without an agent

    @property
    def policy(self) -> Policy:
        return self._policy

    @policy.setter
    def policy(self, policy: Policy) -> None:
        """A new policy version orders the queue its own way: keys cached under the old one are
        forgotten (they are cached per case version, which a new policy does not change)."""
        self._policy = policy
        self._key_cache = {}

    def _count(self, case: Case, step: int) -> None:
        """`case` enters (step 1) or leaves (step -1) the agents' counts."""
        if case.agent is not None:
            held = self.open_by_agent.get(case.agent, 0) + step
            if held > 0:
                self.open_by_agent[case.agent] = held
            else:
                self.open_by_agent.pop(case.agent, None)
        elif case.severity == URGENT_SEVERITY:
            if step > 0:
                self._urgent[case.code] = case
            else:
                self._urgent.pop(case.code, None)

    def urgent_codes(self) -> list[str]:
        """The unassigned urgencies, oldest first."""
        return [case.code for case in sorted(self._urgent.values(), key=lambda case: (case.opened_at, case.code))]

    def _key(self, case: Case) -> Key:
        cached = self._key_cache.get(case.code)
        if cached is None or cached[0] != case.version:
            key = priority_key(self._policy, case)
            self._key_cache[case.code] = (case.version, key)
            return key
        return cached[1]

    def replace_all(self, cases: list[Case]) -> None:
        """A full reload: every open case, re-sorted (keys cached per case version)."""
        self.by_code = {case.code: case for case in cases}
        self.open_by_agent, self._urgent = {}, {}
        for case in self.by_code.values():
            self._count(case, 1)
        if len(self._key_cache) > 2 * len(cases) + 1000:
            self._key_cache = {}  # forget cases closed long ago
        pairs = sorted(((self._key(case), case) for case in cases), key=lambda pair: pair[0])
        self.keys = [key for key, _ in pairs]
        self.order = [case for _, case in pairs]

    def apply(self, changed: list[Case], removed: list[str]) -> None:
        """Cases that changed (or are new; a closed one leaves) and codes no longer open, each
        moved by bisection."""
        for code in [*removed, *(case.code for case in changed)]:
            old = self.by_code.pop(code, None)
            if old is not None:
                self._count(old, -1)
                index = bisect.bisect_left(self.keys, self._key(old))
                del self.keys[index], self.order[index]
        for case in changed:
            if not case.is_open:
                continue
            key = self._key(case)
            index = bisect.bisect_left(self.keys, key)
            self.keys.insert(index, key)
            self.order.insert(index, case)
            self.by_code[case.code] = case
            self._count(case, 1)

    def rank_of(self, case: Case) -> int:
        """1-based place in the whole queue, by bisection (filters do not renumber)."""
        if self.by_code.get(case.code) is not case:
            return 0
        return bisect.bisect_left(self.keys, self._key(case)) + 1

    def reason(self, case: Case, now: float) -> RankReason:
        """The domain's rank reason for one case at its place in the whole queue."""
        ((_, reason),) = rank_cases(self.policy, [case], now)
        return replace(reason, rank=self.rank_of(case))
