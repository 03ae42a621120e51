"""What the queue's view reads of the queue (`ui.view_models.queue_model`): the keys of the lines
it shows, in order, and the cases held in full."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

from jq_console.domain.cases import Case
from jq_console.domain.priority import code_of


def index_of(keys: Sequence[bytes], key: bytes) -> int | None:
    """Where `key` is in the sorted `keys`, by bisection; None if it is not there."""
    index = bisect.bisect_left(keys, key)
    return index if index < len(keys) and keys[index] == key else None


class QueueRows:
    """What the queue's view reads: the shown keys in order and the cases held in full (None for a
    line whose case is not read yet)."""

    def __init__(self, keys: Sequence[bytes], cases: Mapping[str, Case], key_of: Mapping[str, bytes]) -> None:
        self._keys = keys
        self._cases = cases
        self._key_of = key_of

    def __len__(self) -> int:
        return len(self._keys)

    def code_at(self, index: int) -> str:
        return code_of(self._keys[index])

    def case_at(self, index: int) -> Case | None:
        return self._cases.get(code_of(self._keys[index]))

    def case_of(self, code: str) -> Case | None:
        """The case of a line whose code is known (`code_at`), if held."""
        return self._cases.get(code)

    def keys(self, start: int, stop: int) -> Sequence[bytes]:
        return self._keys[max(0, start) : max(0, stop)]

    def index_of_code(self, code: str) -> int | None:
        """Where the line of case `code` is, if shown."""
        key = self._key_of.get(code)
        return None if key is None else index_of(self._keys, key)
