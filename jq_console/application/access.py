"""Who may do what: the login of the session must be a registered, active agent, and some
actions need a supervisor's or an administrator's role.

Every write asks through `ActorCheck`, which the store runs first inside the write's own
transaction: an agent disabled (or demoted) by an administrator while their console is open is
refused on their very next action, never by a role read when the console started. Read-only
commands use `require_agent`, one read before they show anything.

The refusals are `Refused` codes, so every surface (CLI, console) tells them in the user's language.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from jq_console.application.identity import current_login
from jq_console.domain.cases import Refused
from jq_console.i18n import label
from jq_console.store.directory import AgentInfo, actor_on, agent

AGENT_ROLES = ("agent", "supervisor", "admin")
SUPERVISING = ("supervisor", "admin")
ADMIN = ("admin",)


def authorize(info: AgentInfo | None, login: str, roles: tuple[str, ...]) -> AgentInfo:
    """`info` (the agent as stored) if they may act with one of `roles`, else `Refused` saying why."""
    if info is None:
        raise Refused("access.unknown_login", login=login)
    if not info.active:
        raise Refused("access.disabled", login=login)
    if info.role not in roles:
        raise Refused(
            "access.role_required",
            login=login,
            role=label("agent_role", info.role),
            roles=" / ".join(label("agent_role", r) for r in roles),
        )
    return info


def require_agent(engine: Engine, roles: tuple[str, ...] = AGENT_ROLES, login: str | None = None) -> AgentInfo:
    """The registered agent at the keyboard, or `Refused` saying why they may not go on."""
    who = login or current_login(engine)
    return authorize(agent(engine, who), who, roles)


class ActorCheck:
    """The store's guard for one write: loads `login` on the write's connection and refuses unless
    they are registered, active and hold one of `roles`. `actor` is who was found, for a rule that
    depends on the role (a corrective action), read in the same transaction as the write."""

    def __init__(self, login: str, roles: tuple[str, ...] = AGENT_ROLES) -> None:
        self.login = login
        self.roles = roles
        self._actor: AgentInfo | None = None

    def __call__(self, connection: Connection) -> None:
        self._actor = authorize(actor_on(connection, self.login), self.login, self.roles)

    @property
    def actor(self) -> AgentInfo:
        if self._actor is None:
            raise RuntimeError("the actor is known only once the write's guard has run")
        return self._actor
