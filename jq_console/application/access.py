"""Who may do what: the login of the session must be a registered, active agent, and some
commands need a supervisor's or an administrator's role.

The refusals are `Refused` codes, so every surface (CLI, console) tells them in the user's language.
"""

from __future__ import annotations

from sqlalchemy import Engine

from jq_console.application.identity import current_login
from jq_console.domain.cases import Refused
from jq_console.i18n import label
from jq_console.store.directory import AgentInfo, agent

AGENT_ROLES = ("agent", "supervisor", "admin")
SUPERVISING = ("supervisor", "admin")
ADMIN = ("admin",)


def require_agent(engine: Engine, roles: tuple[str, ...] = AGENT_ROLES, login: str | None = None) -> AgentInfo:
    """The registered agent at the keyboard, or `Refused` saying why they may not go on."""
    who = login or current_login()
    info = agent(engine, who)
    if info is None:
        raise Refused("access.unknown_login", login=who)
    if not info.active:
        raise Refused("access.disabled", login=who)
    if info.role not in roles:
        raise Refused(
            "access.role_required",
            login=who,
            role=label("agent_role", info.role),
            roles=" / ".join(label("agent_role", r) for r in roles),
        )
    return info
