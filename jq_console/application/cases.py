"""One function per move on a case: take, assign, start, wait, resume, resolve, close, reopen,
invalidate, reject, verify, notify, agree a deadline, reclassify, refer, and a supervisor's
corrective action.

Each names the case either as the user saw it (a `Case`: the move is a compare-and-set on that
copy's version, refused with `case_changed` if anyone moved it meanwhile) or by its code (the
command line: the case is read in the move's own transaction). In that one write transaction the
store first runs the actor check (registered, active, role), then the domain's rule decides the
change, then the row and its history line are stored. Every refusal is a coded `Refused`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from jq_console.application import notifications
from jq_console.application.access import AGENT_ROLES, SUPERVISING, ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import Case, Change
from jq_console.domain.explain import clock_stops, pause_intervals
from jq_console.domain.lifecycle import Pauses
from jq_console.domain.oversight import corrective_action
from jq_console.domain.vocabulary import ClockKind
from jq_console.store import moves
from jq_console.store.cases import Event, history

# The case as the user saw it, or its code.
Target = Case | str


def _move(
    engine: Engine,
    runtime: Runtime,
    login: str,
    target: Target,
    decide: Callable[[Case], Change],
    guard: ActorCheck | None = None,
    check: moves.Check | None = None,
    effect: moves.Effect | None = None,
) -> Case:
    guard = guard or ActorCheck(login, AGENT_ROLES)
    if isinstance(target, Case):
        return moves.apply_seen(engine, runtime, target, login, decide, check, guard, effect)
    return moves.apply(engine, runtime, target, login, decide, check, guard, effect)


def take(engine: Engine, runtime: Runtime, login: str, target: Target) -> Case:
    return _move(
        engine,
        runtime,
        login,
        target,
        lambda case: lifecycle.take(case, login, runtime.now()),
        effect=notifications.on_move(runtime, "taken"),
    )


@dataclass(frozen=True)
class Handover:
    case: Case
    before: str | None  # who held the case, as read in the move's own transaction


def assign(engine: Engine, runtime: Runtime, login: str, target: Target, agent: str, note: str = "") -> Handover:
    """A supervisor hands the case to `agent`, who must be registered and active in the same write."""
    before: list[str | None] = [None]

    def decide(case: Case) -> Change:
        before[0] = case.agent
        return lifecycle.assign(case, agent, runtime.now(), note)

    guard = ActorCheck(login, SUPERVISING)
    case = _move(engine, runtime, login, target, decide, guard, moves.active_agent(agent))
    return Handover(case, before[0])


def start(engine: Engine, runtime: Runtime, login: str, target: Target) -> Case:
    return _move(engine, runtime, login, target, lifecycle.start)


def wait(engine: Engine, runtime: Runtime, login: str, target: Target, reason: str) -> Case:
    return _move(
        engine,
        runtime,
        login,
        target,
        lambda case: lifecycle.wait_on_client(case, runtime.of_case(case).engine, runtime.now(), reason),
        effect=notifications.on_move(runtime, "waiting", reason=reason),
    )


def resume(engine: Engine, runtime: Runtime, login: str, target: Target) -> Case:
    return _move(
        engine, runtime, login, target, lambda case: lifecycle.resume(case, runtime.of_case(case).engine, runtime.now())
    )


def resolve(engine: Engine, runtime: Runtime, login: str, target: Target, note: str) -> Case:
    return _move(
        engine,
        runtime,
        login,
        target,
        lambda case: lifecycle.resolve(case, runtime.now(), note),
        effect=notifications.on_move(runtime, "resolved", note=note),
    )


def close(engine: Engine, runtime: Runtime, login: str, target: Target) -> Case:
    return _move(
        engine,
        runtime,
        login,
        target,
        lambda case: lifecycle.close(case, runtime.now()),
        effect=notifications.on_move(runtime, "closed"),
    )


def reopen(engine: Engine, runtime: Runtime, login: str, target: Target, reason: str) -> Case:
    """The resolution clock resumes with the time it had left when the case was resolved."""
    return _move(
        engine,
        runtime,
        login,
        target,
        lambda case: lifecycle.reopen(case, reason, runtime.of_case(case).engine, runtime.now()),
    )


def invalidate(engine: Engine, runtime: Runtime, login: str, target: Target, reason: str) -> Case:
    return _move(engine, runtime, login, target, lambda case: lifecycle.invalidate(case, runtime.now(), reason))


def reject(engine: Engine, runtime: Runtime, login: str, target: Target, reason: str) -> Case:
    return _move(
        engine, runtime, login, target, lambda case: lifecycle.invalidate(case, runtime.now(), reason, reject=True)
    )


def verify(engine: Engine, runtime: Runtime, login: str, target: Target, by: str) -> Case:
    return _move(engine, runtime, login, target, lambda case: lifecycle.verify(case, by))


def notify(engine: Engine, runtime: Runtime, login: str, target: Target, at: float, how: str) -> Case:
    return _move(engine, runtime, login, target, lambda case: lifecycle.notify(case, at, how))


def agree(engine: Engine, runtime: Runtime, login: str, target: Target, due: float, reason: str) -> Case:
    """An agreed resolution deadline, for the severities and no further away than the policy the
    case was opened under allows."""

    def decide(case: Case) -> Change:
        policy = runtime.of_case(case).policy
        return lifecycle.agree_deadline(
            case, due, runtime.now(), reason, policy.agreed_max_days, policy.agreed_severities
        )

    return _move(engine, runtime, login, target, decide)


def reclassify(
    engine: Engine,
    runtime: Runtime,
    login: str,
    target: Target,
    severity: str,
    reason: str,
    kind: str = "misclassified",
    pauses: Pauses = (),
    agreed_due: float | None = None,
) -> Case:
    """A new severity, misclassified (targets from the opening) or escalated (from now), with the
    targets of the policy version the case was opened under."""
    return _move(
        engine,
        runtime,
        login,
        target,
        lambda case: lifecycle.reclassify(
            case,
            severity,
            runtime.of_case(case).engine,
            reason,
            kind,
            now=runtime.now(),
            pauses=pauses,
            agreed_due=agreed_due,
        ),
    )


def recategorize(engine: Engine, runtime: Runtime, login: str, target: Target, category: str, reason: str) -> Case:
    return _move(
        engine, runtime, login, target, lambda case: lifecycle.recategorize(case, category, runtime.policy, reason)
    )


def refer(
    engine: Engine,
    runtime: Runtime,
    login: str,
    target: Target,
    partner: str,
    consent_by: str,
    consent_at: float | None,
    consent_how: str,
) -> Case:
    return _move(
        engine,
        runtime,
        login,
        target,
        lambda case: lifecycle.refer(case, partner, consent_by, consent_at, consent_how, now=runtime.now()),
    )


def corrective(
    engine: Engine,
    runtime: Runtime,
    login: str,
    target: Target,
    note: str,
    clock: ClockKind | None = None,
    occurrence: int | None = None,
) -> Case:
    """A supervisor records what is done about one breach of a case: the one named by `clock` (and
    `occurrence`), or the oldest still waiting for one. Each breach needs its own; the action fills
    the breach's record once and leaves a history line. The domain's rule is given the role read in
    this write, never one remembered by a screen, so the case and its breaches are always read again
    in that write (by its code), after the guard has run."""
    guard = ActorCheck(login, SUPERVISING)
    return moves.apply_on_breaches(
        engine,
        runtime,
        target.code if isinstance(target, Case) else target,
        login,
        lambda case, known: corrective_action(case, guard.actor.role, known, note, clock, occurrence),
        guard,
    )


@dataclass(frozen=True)
class ClockStory:
    """What a reclassification needs from a case's history: when its resolution clock was paused,
    and the deadline agreed with the client, if one stands."""

    pauses: Pauses
    agreed_due: float | None


def clock_story(history: Sequence[Event], now: float) -> ClockStory:
    # Resolved and reopened works like a pause of the resolution clock (docs/policy.md).
    pauses = pause_intervals(clock_stops((event.at, event.kind) for event in history), now)
    agreed: float | None = None
    for event in history:
        if event.kind == "agree_deadline":
            agreed = event.after.get("resolution_due")
        elif event.kind == "reclassify" and "resolution_due" in event.after:
            agreed = None  # a reclassification that recomputed the deadline ended the agreement
    return ClockStory(tuple(pauses), agreed)


def reclassify_told(
    engine: Engine, runtime: Runtime, login: str, case: Case, severity: str, reason: str, kind: str
) -> Case:
    """Reclassify with the pauses and the agreed deadline read from the case's history."""
    story = clock_story(history(engine, case.id), runtime.now())
    return reclassify(engine, runtime, login, case, severity, reason, kind, story.pauses, story.agreed_due)
