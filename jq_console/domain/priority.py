"""The queue's order (docs/policy.md, "Queue priority") and the reason for each rank.

`priority_key` is the only definition of the order. The key does not depend on the current time:
a breached deadline is simply an earlier one, so sorting by the pending deadline already puts
breached cases first and the order only changes when a case or the policy changes, never on a
clock tick. The database pages the queue by `queue_key`, the same key packed into bytes whose
plain byte order is the key's order, so an index can serve it on any engine; `order_signature`
names the policy's orders the stored keys were computed with, so a policy edit is noticed.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from sys import intern

from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.vocabulary import ClockKind, Service, Severity

PriorityKey = tuple[int, int, float, float, str]


def priority_key(policy: Policy, case: Case) -> PriorityKey:
    due = case.pending_due
    return (
        policy.severity_rank(case.severity),
        policy.service_rank(case.service, case.level),
        math.inf if due is None else due,
        case.opened_at,
        case.code,
    )


def _ordered_float(value: float) -> bytes:
    """Eight bytes that compare (as unsigned bytes) like the float: IEEE 754 with the sign bit
    flipped for positives and every bit flipped for negatives. -0.0 is 0.0, as for `<`."""
    (bits,) = struct.unpack(">Q", struct.pack(">d", value + 0.0))
    bits = bits ^ 0xFFFF_FFFF_FFFF_FFFF if bits >> 63 else bits | 1 << 63
    return int(bits).to_bytes(8, "big")


def pack(key: PriorityKey) -> bytes:
    """The key as bytes in the same order: fixed-width fields, then the code (UTF-8 keeps the
    order of code points, and the code is last, so its length cannot upset the fields before it)."""
    severity, service, due, opened, code = key
    return bytes((severity, service)) + _ordered_float(due) + _ordered_float(opened) + code.encode("utf-8")


# Where the packed key's fields end: severity and service ranks, the pending deadline, the opening.
_DUE_AT, _CODE_AT = 2, 18


def _float_of(packed: bytes) -> float:
    """`_ordered_float` undone."""
    bits = int.from_bytes(packed, "big")
    bits = bits ^ 1 << 63 if bits >> 63 else bits ^ 0xFFFF_FFFF_FFFF_FFFF
    (value,) = struct.unpack(">d", struct.pack(">Q", bits))
    return float(value)


def code_of(key: bytes) -> str:
    """The case code a packed key ends with: a queue that holds only keys still names its cases. One
    string object per code (interned): a queue holds each open case's code in more than one place."""
    return intern(key[_CODE_AT:].decode("utf-8"))


def pending_due_of(key: bytes) -> float:
    """The pending deadline a packed key was made with (inf: none, or a paused clock)."""
    return _float_of(key[_DUE_AT : _DUE_AT + 8])


def opened_of(key: bytes) -> float:
    """When the case of a packed key was opened."""
    return _float_of(key[_DUE_AT + 8 : _CODE_AT])


def queue_key(policy: Policy, case: Case) -> bytes:
    """What the store keeps for an open case to page the queue in `priority_key` order."""
    return pack(priority_key(policy, case))


def order_signature(policy: Policy) -> str:
    """The part of the policy the queue's order reads: stored keys made under another signature
    are out of date."""
    return "severities=" + ",".join(policy.severity_order) + ";services=" + ",".join(policy.service_order)


@dataclass(frozen=True)
class RankReason:
    rank: int
    severity: Severity
    service: Service
    level: int | None
    pending_kind: ClockKind | None
    pending_due: float | None
    breached: bool


def rank_cases(policy: Policy, cases: list[Case], now: float) -> list[tuple[Case, RankReason]]:
    ordered = sorted(cases, key=lambda case: priority_key(policy, case))
    return [
        (
            case,
            RankReason(
                index + 1,
                case.severity,
                case.service,
                case.level,
                case.pending_kind,
                case.pending_due,
                case.pending_due is not None and case.pending_due < now,
            ),
        )
        for index, case in enumerate(ordered)
    ]
