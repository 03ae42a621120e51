"""What the console's screens share: the database, the policy runtime and who is logged in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from jq_console.bootstrap import Runtime
from jq_console.domain.vocabulary import AgentRole


@dataclass(frozen=True)
class Services:
    engine: Engine
    runtime: Runtime
    login: str
    # agent / supervisor / admin, as read when the console opened: it decides only which keys are
    # offered. Whether the agent may act is read again by every write (application.access.ActorCheck).
    role: AgentRole
    readonly: bool = False

    @property
    def is_supervisor(self) -> bool:
        return self.role in ("supervisor", "admin")
