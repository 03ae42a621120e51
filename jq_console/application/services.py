"""What the console's screens share: the database, the policy runtime and who is logged in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from jq_console.bootstrap import Runtime


@dataclass(frozen=True)
class Services:
    engine: Engine
    runtime: Runtime
    login: str
    role: str  # agent / supervisor / admin
    readonly: bool = False

    @property
    def is_supervisor(self) -> bool:
        return self.role in ("supervisor", "admin")
