"""Availability of agents: what each one chose, when their console was last seen, and who is
free for an urgent case."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select, true, update
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Refused
from jq_console.domain.presence import AVAILABILITIES, effective
from jq_console.store.directory import AgentInfo, agents
from jq_console.store.engine import Guard, read, write
from jq_console.store.tables import Agent, CaseRow


@dataclass(frozen=True)
class Presence:
    login: str
    name: str
    role: str
    availability: str  # as shown: away when not seen lately
    chosen: str
    last_seen: float | None
    open_cases: int


def set_availability(engine: Engine, login: str, availability: str, now: float, guard: Guard | None = None) -> None:
    """The agent's own choice; also counts as being seen."""
    if availability not in AVAILABILITIES:
        raise Refused("presence.unknown", value=availability)

    def work(connection: Connection) -> None:
        if (
            connection.execute(
                update(Agent).where(Agent.c.login == login).values(availability=availability, last_seen=now)
            ).rowcount
            != 1
        ):
            raise Refused("access.unknown_login", login=login)

    write(engine, work, guard=guard)


def touch(engine: Engine, login: str, now: float) -> None:
    """A running console says its agent is still there. Unknown logins are simply not recorded."""
    write(engine, lambda c: c.execute(update(Agent).where(Agent.c.login == login).values(last_seen=now)))


def load_by_agent(connection: Connection) -> dict[str, int]:
    """Each agent's open cases, counted in the open cases' own index (`ix_case_open_agent`: `= true`
    matches its condition; `IS true` would walk every case ever assigned instead)."""
    agent = CaseRow.c.agent
    statement = select(agent, func.count()).where(CaseRow.c.is_open == true(), agent.is_not(None)).group_by(agent)
    return {str(row[0]): int(row[1]) for row in connection.execute(statement)}


def presence_of(infos: list[AgentInfo], load: dict[str, int], now: float, away_after_minutes: int) -> list[Presence]:
    return [
        Presence(
            a.login,
            a.name,
            a.role,
            effective(a.availability, a.last_seen, now, away_after_minutes),
            a.availability,
            a.last_seen,
            load.get(a.login, 0),
        )
        for a in infos
        if a.active
    ]


def everyone(engine: Engine, now: float, away_after_minutes: int) -> list[Presence]:
    return presence_of(agents(engine), read(engine, load_by_agent), now, away_after_minutes)


@dataclass(frozen=True)
class Board:
    """What the agents panel shows: everyone's presence and the urgencies nobody has taken."""

    people: list[Presence]
    urgent: list[str]  # codes of open urgencies (domain.presence.URGENT_SEVERITY) without an agent, oldest first


def free_agents(people: list[Presence]) -> list[Presence]:
    """Who can answer now, least loaded first."""
    return sorted((p for p in people if p.availability == "available"), key=lambda p: (p.open_cases, p.login))
