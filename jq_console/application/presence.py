"""An agent's presence: the availability they choose, and the heartbeat of an open console."""

from __future__ import annotations

from sqlalchemy import Engine

from jq_console.application.access import ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.store import presence


def set_availability(engine: Engine, runtime: Runtime, login: str, availability: str) -> None:
    """The agent's own choice (available, busy, away); it also counts as being seen."""
    presence.set_availability(engine, login, availability, runtime.now(), guard=ActorCheck(login))


def heartbeat(engine: Engine, runtime: Runtime, login: str) -> None:
    """A running console says its agent is still there. No actor check: it grants nothing and
    records nothing for an unknown login, and a disabled agent is told on their next action, not
    by a warning every minute from a timer."""
    presence.touch(engine, login, runtime.now())
