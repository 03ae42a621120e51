"""A supervisor's moves on several cases at once, one function per action: hand an absent
agent's cases to someone else, or close the resolved ones. Each case is one write of its own
(the actor's role checked inside it, the policy's rule applied to the case as stored then), so
one case that cannot move never holds back the others; the result says which moved and why not."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from jq_console.application import cases
from jq_console.application.access import SUPERVISING, ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.domain.coded import CodedError
from jq_console.store import moves


@dataclass(frozen=True)
class Outcome:
    done: list[str] = field(default_factory=list)  # the codes moved
    refused: list[tuple[str, CodedError]] = field(default_factory=list)  # the others, each with why


def reassign_cases(
    engine: Engine, runtime: Runtime, login: str, codes: Iterable[str], agent: str, note: str = ""
) -> Outcome:
    """Hand every case of `codes` to `agent` (registered and active), with the same note."""
    outcome = Outcome()
    for code in dict.fromkeys(codes):
        try:
            cases.assign(engine, runtime, login, code, agent, note)
        except CodedError as error:
            outcome.refused.append((code, error))
        else:
            outcome.done.append(code)
    return outcome


def close_resolved(engine: Engine, runtime: Runtime, login: str, codes: Iterable[str]) -> Outcome:
    """Close every resolved case of `codes` (a supervisor's clean-up; the others are refused)."""
    outcome = Outcome()
    for code in dict.fromkeys(codes):
        try:
            moves.apply(
                engine,
                runtime,
                code,
                login,
                lambda case: lifecycle.close(case, runtime.now()),
                guard=ActorCheck(login, SUPERVISING),
            )
        except CodedError as error:
            outcome.refused.append((code, error))
        else:
            outcome.done.append(code)
    return outcome
