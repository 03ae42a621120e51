"""What the case screen shows, read in one place: the case, its history and time, its study, and
the client beside it (service, level, UC, payment state, contacts, other cases). Widgets never
fetch; the screen's loader calls `load_case_view` in a worker and hands the parts out."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from jq_console.application.services import Services
from jq_console.domain.breaches import Breach
from jq_console.domain.cases import Case
from jq_console.store import case_context, directory, studies, time_entries
from jq_console.store import cases as case_store
from jq_console.store.breaches import recorded_of
from jq_console.store.cases import CaseLook, Event
from jq_console.store.directory import ClientInfo, ContactInfo
from jq_console.store.studies import Study
from jq_console.store.time_entries import Entry

FINISHED_SHOWN = 5


@dataclass(frozen=True)
class ClientView:
    client: ClientInfo | None
    contacts: list[ContactInfo] = field(default_factory=list)
    open_cases: list[Case] = field(default_factory=list)
    finished_cases: list[Case] = field(default_factory=list)


@dataclass(frozen=True)
class CaseReading:
    case: Case
    history: list[Event]
    entries: list[Entry]
    client: ClientView
    study: Study | None
    breaches: list[Breach] = field(default_factory=list)  # the recorded ones; the view adds the live ones
    look: CaseLook | None = None  # read before the rest: anything newer is read again at the next look


def client_view(engine: Engine, case: Case) -> ClientView:
    client = directory.client_by_nit(engine, case.nit)
    if client is None:
        return ClientView(None)
    others = case_context.client_cases(engine, client.id, case.id, FINISHED_SHOWN)
    return ClientView(client, directory.contacts_of(engine, client.id), others.open, others.finished)


def load_case_view(services: Services, code: str) -> CaseReading | None:
    """Everything the case screen shows of `code`, or None when there is no such case."""
    engine = services.engine
    look = case_store.case_look(engine, code)
    case = case_store.get_case(engine, code)
    if case is None:
        return None
    study = studies.study_of(engine, case.code) if case.category == "feature_request" else None
    return CaseReading(
        case,
        case_store.history(engine, case.id),
        time_entries.entries_of(engine, case.id),
        client_view(engine, case),
        study,
        recorded_of(engine, case.id),
        look,
    )


def case_look(services: Services, code: str) -> CaseLook | None:
    """How `code` reads as stored now (a cheap check of whether an open case screen is stale): its
    version, its client's revision, which an edit of the client moves (name, payments, service), and
    the newest line of its history, conversation, time and mail, which a note or a log moves."""
    return case_store.case_look(services.engine, code)


def stored_case(services: Services, code: str) -> Case | None:
    """`code` as stored now: what a refused dialog acts on when accepted again, the refusal having
    just told the agent what changed."""
    return case_store.get_case(services.engine, code)
