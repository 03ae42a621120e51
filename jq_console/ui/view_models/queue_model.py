"""The queue in memory: every open case's packed key (`domain.priority.queue_key`, which holds its
code and pending deadline) in the policy's order, and in full only the cases read to be shown.

An office with years of history can have 10,000 cases open; holding each as a `Case` cost a console
about 1 KB per case (13 MB there). A key and an agent cost about 250 bytes with their indexes by code,
and the cases on screen and around them are read by code when the screen needs them (`missing`).
A change touches one or two cases, each moved with a bisection.

A filter of the queue holds the keys of the cases it keeps, in the same order, kept in step with
every change the same way (`Filtered`).

It also keeps each open case's agent, and so counts each agent's open cases and the unassigned
urgencies as cases come and go: what the agents panel shows beside the queue, kept here so that no
console asks the database for it again after every change in the office.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.presence import URGENT_SEVERITY
from jq_console.domain.priority import RankReason, code_of, opened_of, queue_key, rank_cases
from jq_console.ui.widgets.queue_rows import QueueRows, index_of

# Cases held in full beyond what the screen asks to keep: a few pages of a tall terminal.
WINDOW = 600


@dataclass
class Filtered:
    """The keys of the open cases a filter keeps, in order, and the filter as a test of one case."""

    keys: list[bytes]
    keeps: Callable[[Case], bool]


class QueueModel:
    def __init__(self, policy: Policy, window: int = WINDOW) -> None:
        self.policy = policy  # a new version orders the queue its own way: the next whole read brings its keys
        self.window = window
        self.keys: list[bytes] = []
        self._key_of: dict[str, bytes] = {}
        self.cases: dict[str, Case] = {}  # the open cases read in full, by code
        self.filtered: Filtered | None = None
        self.changes = 0  # counted, so that a filter read while the queue changed is read again
        self._holders: dict[str, str] = {}  # code -> agent of each open case that has one
        self.open_by_agent: dict[str, int] = {}  # login -> open cases held
        self._urgent: dict[str, bytes] = {}  # code -> key of each open urgency without an agent

    def replace_all(self, keys: list[bytes], cases: Iterable[Case], holders: dict[str, str]) -> None:
        """A whole read: every open case's key in order, its agent if it has one, and some of the
        cases in full."""
        self.keys = keys
        self._key_of = {code_of(key): key for key in keys}
        self._holders = holders
        self.open_by_agent = dict(Counter(holders.values()))
        urgent = bytes((self.policy.severity_rank(URGENT_SEVERITY),))
        self._urgent = {code: key for code, key in self._key_of.items() if code not in holders and key[:1] == urgent}
        self.cases = {}
        self.add(cases)
        if self.filtered is not None:  # until the filter is read again, only its cases still where they were
            self.filtered.keys = [key for key in self.filtered.keys if self._key_of.get(code_of(key)) == key]
        self.changes += 1

    def apply(self, changed: list[Case], removed: list[str]) -> None:
        """Cases that changed (or are new; a closed one leaves) and codes no longer open, each
        moved by bisection, in the filter's keys too."""
        filtered = self.filtered
        for code in [*removed, *(case.code for case in changed)]:
            old = self._key_of.pop(code, None)
            self.cases.pop(code, None)
            self._let_go(code)
            if old is not None:
                _remove(self.keys, old)
                if filtered is not None:
                    _remove(filtered.keys, old)
        for case in changed:
            if not case.is_open:
                continue
            key = queue_key(self.policy, case)
            bisect.insort(self.keys, key)
            self._key_of[case.code] = key
            self.cases[case.code] = case
            if case.agent is not None:
                self._holders[case.code] = case.agent
                self.open_by_agent[case.agent] = self.open_by_agent.get(case.agent, 0) + 1
            elif case.severity == URGENT_SEVERITY:
                self._urgent[case.code] = key
            if filtered is not None and filtered.keeps(case):
                bisect.insort(filtered.keys, key)
        self.changes += 1

    def _let_go(self, code: str) -> None:
        """Case `code` leaves the agents' counts (it changed, or is no longer open)."""
        self._urgent.pop(code, None)
        agent = self._holders.pop(code, None)
        if agent is not None:
            held = self.open_by_agent.get(agent, 0) - 1
            if held > 0:
                self.open_by_agent[agent] = held
            else:
                self.open_by_agent.pop(agent, None)

    def urgent_codes(self) -> list[str]:
        """The unassigned urgencies, oldest first."""
        return sorted(self._urgent, key=lambda code: (opened_of(self._urgent[code]), code))

    def add(self, cases: Iterable[Case]) -> int:
        """Cases read in full to be shown; how many were taken. One read before a change that moved
        it (its key is another now) is left out: the screen reads it again if it still needs it."""
        taken = 0
        for case in cases:
            key = self._key_of.get(case.code)
            if key is not None and key == queue_key(self.policy, case):
                held = self.cases.get(case.code)
                if held is None or held.version <= case.version:
                    self.cases[case.code] = case
                    taken += 1
        return taken

    def keep_only(self, keys: Sequence[bytes], also: Collection[str] = ()) -> None:
        """Past `window` cases held, forget all but those of `keys` (on screen and around it) and `also`."""
        if len(self.cases) > self.window:
            codes = {*map(code_of, keys), *also}
            self.cases = {code: case for code, case in self.cases.items() if code in codes}

    def missing(self, keys: Sequence[bytes]) -> list[str]:
        """The codes of `keys` whose cases are not held in full."""
        return [code for code in map(code_of, keys) if code not in self.cases]

    def rank_of(self, code: str) -> int:
        """1-based place of case `code` in the whole queue, by bisection (filters do not renumber);
        0 when it is not open."""
        key = self._key_of.get(code)
        return 0 if key is None else bisect.bisect_left(self.keys, key) + 1

    def reason(self, case: Case, now: float) -> RankReason:
        """The domain's rank reason for one case at its place in the whole queue."""
        ((_, reason),) = rank_cases(self.policy, [case], now)
        return replace(reason, rank=self.rank_of(case.code))

    def rows(self) -> QueueRows:
        """What the screen shows: the filter's keys, or the whole queue's."""
        keys = self.keys if self.filtered is None else self.filtered.keys
        return QueueRows(keys, self.cases, self._key_of)


def _remove(keys: list[bytes], key: bytes) -> None:
    index = index_of(keys, key)
    if index is not None:
        del keys[index]
