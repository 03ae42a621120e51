"""Messages that thread workers post to the screens. Workers never touch widgets; they only post these.

Textual's `Message.__post_init__` initialises the base class, so plain dataclasses work as messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from jq_console.domain.breaches import Breach
from jq_console.domain.cases import Case
from jq_console.store.cases import CaseLook, Event
from jq_console.store.directory import AgentInfo, ClientInfo, ContactInfo, PartnerInfo
from jq_console.store.time_entries import Entry


@dataclass
class QueueLoaded(Message):
    """The queue read whole, as the database holds it now: every open case's key in order
    (`domain.priority.queue_key`) and the top of the queue in full; `replaced`: read because the
    database is another one than the queue had read (see `store.queue_sync`)."""

    keys: list[bytes]
    cases: list[Case]
    holders: dict[str, str]  # code -> agent of every open case that has one
    replaced: bool = False


@dataclass
class AgentsRead(Message):
    """The office's directory as read now: every agent, active or not, with their availability."""

    agents: list[AgentInfo]


@dataclass
class QueueChanged(Message):
    """Only what changed since the last load: cases new or modified, and codes no longer open."""

    changed: list[Case]
    removed: list[str]


@dataclass
class QueueCasesRead(Message):
    """Open cases read in full by code: to show, or (`passed`) whose deadline just passed, to decide
    whether they broke it."""

    cases: list[Case]
    passed: bool = False


@dataclass
class CaseLoaded(Message):
    case: Case | None
    code: str
    history: list[Event] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    error: str = ""  # the sentence when the case could not be read
    breaches: list[Breach] = field(default_factory=list)  # the recorded ones
    look: CaseLook | None = None  # how it read (`store.cases.CaseLook`), read before the rest


@dataclass
class ActionDone(Message):
    """A move was stored; `text` says what happened, `case` is the case as stored (when known)."""

    code: str
    text: str
    case: Case | None = None


@dataclass
class ActionFailed(Message):
    """A move or a read was refused; `text` is the sentence to show (already translated)."""

    text: str


@dataclass
class ClientsLoaded(Message):
    clients: list[ClientInfo]


@dataclass
class ContactsLoaded(Message):
    client_id: int
    contacts: list[ContactInfo]


@dataclass
class PartnersLoaded(Message):
    partners: list[PartnerInfo]


@dataclass
class CaseRegistered(Message):
    case: Case


@dataclass
class PolicyApplied(Message):
    """A policy version newer than the one the console follows is in force (queue and dashboard)."""

    number: int
