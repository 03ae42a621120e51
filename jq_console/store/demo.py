"""Realistic demo data: clients of every service and level, contacts of every role, agents,
partners, open cases in every state and closed cases over the last months, with time entries.

Rows are inserted in bulk (executemany) so that benchmarks can build 100,000 cases in seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.engine import Connection

from jq_console.bootstrap import Runtime
from jq_console.domain.nit import check_digit
from jq_console.domain.vocabulary import ENDED_STATUSES, SEVERITIES, Severity
from jq_console.store import demo_names as names
from jq_console.store import ledger
from jq_console.store.cases import rekey
from jq_console.store.engine import inserted_id, write
from jq_console.store.errors import StoreError
from jq_console.store.sandbox import mark_sandbox
from jq_console.store.schema import create_schema
from jq_console.store.tables import Agent, CaseEvent, CaseRow, CaseSequence, Client, Contact, Partner, TimeEntry

DAY = 86400.0


@dataclass(frozen=True)
class DemoOptions:
    cases: int = 150
    seed: int = 7
    open_share: float = 0.35
    login: str = "ana"  # who becomes the demo's administrator; the CLI passes the login at the keyboard


@dataclass(frozen=True)
class DemoReport:
    clients: int
    cases: int
    open_cases: int
    agents: int
    login: str


def _nit(rng: random.Random) -> str:
    number = str(rng.choice((800, 830, 860, 890, 900, 901)) * 1_000_000 + rng.randrange(1_000_000))
    return f"{number}-{check_digit(number)}"


def _clients(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for index, name in enumerate(names.COMPANIES):
        contractual = index % 5 == 4
        rows.append(
            {
                "nit": _nit(rng),
                "name": name,
                "service": "contractual" if contractual else "subscription",
                "level": None if contractual else index % 4 + 1,
                "uc": rng.choice((3, 5, 8, 12, 20)),
                "up_to_date": index % 7 != 3,
            }
        )
    return rows


def _person(rng: random.Random) -> str:
    return f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"


def _contacts(rng: random.Random, client_ids: list[int], company_names: list[str]) -> list[dict[str, Any]]:
    rows = []
    for client_id, company in zip(client_ids, company_names):
        domain = "".join(ch for ch in company.lower().split()[0] if ch.isalpha()) + ".com.co"
        for role in ("usr", "manager", "admin", "other"):
            person = _person(rng)
            user = person.lower().split()[0]
            rows.append(
                {
                    "client_id": client_id,
                    "name": person,
                    "role": role,
                    "phone": f"3{rng.randrange(10, 25)}{rng.randrange(1_000_000, 9_999_999)}",
                    "email": f"{user}.{role}@{domain}",
                }
            )
    return rows


_OPEN_STATES = ("new", "new", "assigned", "in_progress", "in_progress", "waiting")
_CLOSED_STATES = ("closed", "closed", "closed", "resolved", "invalid", "rejected", "referred")


def _category(rng: random.Random, service: str, severity: str) -> str:
    if service == "contractual" and severity != "S3":
        return rng.choice(("update", "uc_expansion"))
    weights = {"fault": 8, "request": 4, "feature_request": 2, "update": 1, "uc_expansion": 1, "out_of_scope": 2}
    if severity == "S3":
        return "fault"
    return rng.choices(list(weights), list(weights.values()))[0]


def _case(
    rng: random.Random,
    runtime: Runtime,
    client: dict[str, Any],
    contacts: list[dict[str, Any]],
    agents: list[str],
    now: float,
    is_open: bool,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    severity: Severity = rng.choices(SEVERITIES, (4, 5, 2))[0]
    if client["service"] == "contractual" and rng.random() < 0.6:
        severity = "S3"
    category = _category(rng, client["service"], severity)
    allowed = runtime.policy.category_severities.get(category, (severity,))
    if severity not in allowed:  # the demo keeps the policy's categories x severities (no extra draws)
        if category == "fault":  # an S1 "fault" is a request
            category = "request"
        else:  # requests, feature requests, updates and UC expansions are S1
            severity = allowed[0]
    reporter = rng.choices(contacts, (8, 2, 2, 1))[0]
    channel = rng.choices(("form", "phone", "whatsapp"), (7, 2, 1))[0]
    engine = runtime.engine
    span = (12 * DAY if severity != "S3" else 1.5 * DAY) if is_open else 120 * DAY
    opened = float(int(now - rng.uniform(600 if is_open else 3 * DAY, span)))
    assignment_due, resolution_due = engine.deadlines_epoch(severity, opened)
    status = rng.choice(_OPEN_STATES if is_open else _CLOSED_STATES)
    if category != "out_of_scope" and status == "referred":
        status = "closed"
    agent = (
        None if status in ("new",) or (status in ("invalid", "rejected") and rng.random() < 0.5) else rng.choice(agents)
    )
    # Every moment of a case's story lies before `now`, in order: taken, started, paused or resolved, closed.
    assigned_at = None if agent is None else min(now - 600, opened + rng.uniform(0.05, 1.3) * (assignment_due - opened))
    started_at = min((assigned_at or opened) + 300, now - 300)
    resolved_at = None
    resolution_left = None
    if status in ("resolved", "closed"):
        resolved_at = min(now - 30, (assigned_at or opened) + rng.uniform(0.1, 1.15) * (resolution_due - opened))
    paused_at = None
    stored_resolution_due: float | None = resolution_due  # a paused clock has no due instant
    if status == "waiting":
        paused_at = max(started_at + 60, now - 2 * 3600)
        resolution_left = engine.pause(engine.target(severity, "resolution"), paused_at, resolution_due)
        stored_resolution_due = None
    verification = {"usr": "valid", "manager": "temporary", "admin": "temporary"}.get(reporter["role"], "pending")
    if status == "invalid" and verification == "pending":
        verification = "invalid"
    elif verification == "pending" and resolved_at is not None:
        # A pending case may not be resolved (docs/policy.md, verification): this one was verified.
        verification = "valid"
    row = {
        "client_id": client["id"],
        "reporter_id": reporter["id"],
        "title": rng.choice(names.TITLES[category]),
        "description": "Reportado por " + reporter["name"] + ". Detalle del caso para la demostración.",
        "severity": severity,
        "category": category,
        "channel": channel,
        "scope": rng.choice(("server", "usr")),
        "justification": rng.choice(names.JUSTIFICATIONS) if channel != "form" else "",
        "service": client["service"],
        "level": client["level"],
        "status": status,
        "verification": verification,
        "agent": agent,
        "opened_at": opened,
        "assignment_due": assignment_due,
        "resolution_due": stored_resolution_due,
        "resolution_left": resolution_left,
        "assigned_at": assigned_at,
        "resolved_at": resolved_at,
        # Only an ended case has closed: a resolved one is closed later (its reporter, or the sweep).
        "closed_at": None
        if status not in ENDED_STATUSES
        else min(now - 10, (resolved_at or opened + DAY) + (DAY if status == "closed" else 0)),
        "notified_at": opened + 300 if severity == "S3" and rng.random() < 0.7 else None,
        "partner": rng.choice(names.PARTNERS)[0] if status == "referred" else None,
        "is_open": is_open,
        "version": 1,
    }
    events = [
        {
            "at": opened,
            "actor": "formulario" if channel == "form" else (agent or "lrestrepo"),
            "kind": "open",
            "before": "{}",
            "after": f'{{"severity": "{severity}", "channel": "{channel}"}}',
            "note": "",
        }
    ]
    if assigned_at is not None:
        events.append(
            {
                "at": assigned_at,
                "actor": agent,
                "kind": "take",
                "before": '{"agent": null}',
                "after": f'{{"agent": "{agent}", "status": "assigned"}}',
                "note": "",
            }
        )
    actor = agent or "sortiz"
    if status in ("in_progress", "waiting", "resolved", "closed"):
        events.append(_event(started_at, actor, "start", "assigned", "in_progress"))
    if status == "waiting" and paused_at is not None:
        events.append(_event(paused_at, actor, "wait", "in_progress", "waiting", "Esperando tareas previas del USR"))
    if resolved_at is not None:
        events.append(_event(resolved_at, actor, "resolve", "in_progress", "resolved", "Solucionado con el USR"))
    if status == "closed" and row["closed_at"] is not None:
        events.append(_event(row["closed_at"], actor, "close", "resolved", "closed"))
    if status in ("invalid", "rejected", "referred") and row["closed_at"] is not None:
        kind = {"invalid": "invalidate", "rejected": "reject", "referred": "refer"}[status]
        note = "Consentimiento del USR por teléfono" if status == "referred" else "Sin justificación válida"
        events.append(_event(row["closed_at"], actor, kind, "assigned" if agent else "new", status, note))
    return row, events


def _event(at: float, actor: str, kind: str, before: str, after: str, note: str = "") -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "kind": kind,
        "before": f'{{"status": "{before}"}}',
        "after": f'{{"status": "{after}"}}',
        "note": note,
    }


def fill_demo(engine: Engine, runtime: Runtime, options: DemoOptions) -> DemoReport:
    """Create the schema if needed and add the demo data. Refuses a database that has clients."""
    create_schema(engine, runtime.policy)
    rng = random.Random(options.seed)
    login = options.login
    now = runtime.now()

    def work(connection: Connection) -> DemoReport:
        if connection.execute(select(Client.c.id).limit(1)).first() is not None:
            raise StoreError("err.demo.not_empty")
        mark_sandbox(connection)  # demo data: never real work, so `demo --reset` may wipe it
        clients = _clients(rng)
        for client in clients:
            client["id"] = inserted_id(connection.execute(insert(Client).values(**client)))
        contacts = _contacts(rng, [c["id"] for c in clients], [c["name"] for c in clients])
        by_client: dict[int, list[dict[str, Any]]] = {}
        for contact in contacts:
            contact["id"] = inserted_id(connection.execute(insert(Contact).values(**contact)))
            by_client.setdefault(contact["client_id"], []).append(contact)
        # Seen just now (so the agents panel shows them at work), busy or free, but for the one
        # who is away: their cases are what a supervisor hands over.
        agent_rows = [
            {
                "login": login_,
                "name": name,
                "role": role,
                "availability": names.AVAILABILITY.get(login_, "available"),
                "last_seen": None if login_ in names.ABSENT else now,
            }
            for login_, name, role in names.AGENTS
        ]
        if login not in {row["login"] for row in agent_rows}:
            agent_rows.append(
                {"login": login, "name": login, "role": "admin", "availability": "available", "last_seen": now}
            )
        # `init` already registered whoever ran it: demo data goes into such a database too.
        registered = set(connection.execute(select(Agent.c.login)).scalars())
        new_rows = [row for row in agent_rows if row["login"] not in registered]
        if new_rows:
            connection.execute(insert(Agent), new_rows)
        connection.execute(update(Agent).where(Agent.c.login == login).values(role="admin"))
        connection.execute(
            insert(Partner), [dict(zip(("name", "specialty", "phone", "email"), p)) for p in names.PARTNERS]
        )
        working = [str(row["login"]) for row in agent_rows if row["role"] == "agent"]
        cases, events = _cases(rng, runtime, clients, by_client, working, now, options)
        open_count = sum(1 for row in cases if row["is_open"])
        _insert_cases(connection, runtime, rng, cases, events)
        rekey(connection, runtime.policy)  # the open cases' queue keys, by the domain's key
        return DemoReport(len(clients), len(cases), open_count, len(agent_rows), login)

    return write(engine, work)


def _cases(
    rng: random.Random,
    runtime: Runtime,
    clients: list[dict[str, Any]],
    by_client: dict[int, list[dict[str, Any]]],
    agents: list[str],
    now: float,
    options: DemoOptions,
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    rows, events = [], []
    for index in range(options.cases):
        client = rng.choice(clients)
        row, case_events = _case(
            rng, runtime, client, by_client[client["id"]], agents, now, index < options.cases * options.open_share
        )
        rows.append(row)
        events.append(case_events)
    return rows, events


def _insert_cases(
    connection: Connection,
    runtime: Runtime,
    rng: random.Random,
    rows: list[dict[str, Any]],
    events: list[list[dict[str, Any]]],
) -> None:
    order = sorted(range(len(rows)), key=lambda i: rows[i]["opened_at"])
    sequences: dict[int, int] = {}
    for index in order:
        year = datetime.fromtimestamp(rows[index]["opened_at"], runtime.tz).year
        sequences[year] = sequences.get(year, 0) + 1
        rows[index]["code"] = f"JQ-{year}-{sequences[year]:05d}"
    ordered_rows = [rows[i] for i in order]
    if ordered_rows:
        connection.execute(insert(CaseRow), ordered_rows)
    connection.execute(insert(CaseSequence), [{"year": y, "last": n} for y, n in sequences.items()] or [])
    ids = {code: case_id for code, case_id in connection.execute(select(CaseRow.c.code, CaseRow.c.id))}
    event_rows, entries = [], []
    for index in order:
        case_id = ids[rows[index]["code"]]
        for event_row in events[index]:
            event_rows.append({**event_row, "case_id": case_id})
        agent = rows[index]["agent"]
        worked = agent and (rows[index]["service"] == "contractual" or rng.random() < 0.3)
        if worked and rows[index]["verification"] != "pending":  # no time on a pending case
            start = (rows[index]["assigned_at"] or rows[index]["opened_at"]) + 600
            for _ in range(rng.randint(1, 3)):
                minutes = rng.choice((10, 20, 35, 45, 60, 75, 90, 130))
                entries.append(
                    {
                        "case_id": case_id,
                        "agent": agent,
                        "started_at": start,
                        "minutes": minutes,
                        "note": "Trabajo de demostración",
                        "created_at": start + minutes * 60,
                    }
                )
                start += minutes * 60 + 1800
    if event_rows:
        ledger.link(connection, "case_event", event_rows)
        connection.execute(insert(CaseEvent), event_rows)
    if entries:
        ledger.link(connection, "time_entry", entries)
        connection.execute(insert(TimeEntry), entries)
