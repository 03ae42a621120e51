"""The database tables. Instants are stored as UTC epoch seconds (REAL), which sort and compare
the same way on every engine and never carry a local offset."""

from __future__ import annotations

from sqlalchemy import Index, LargeBinary, Table, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class Agent(SQLModel, table=True):
    __tablename__ = "agent"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(unique=True, index=True)
    name: str
    role: str = "agent"  # agent / supervisor / admin
    active: bool = True
    availability: str = "available"  # available / busy / away
    last_seen: float | None = None


class Client(SQLModel, table=True):
    __tablename__ = "client"
    id: int | None = Field(default=None, primary_key=True)
    nit: str = Field(unique=True, index=True)  # digits, dash, check digit: 900123456-8
    name: str
    service: str  # subscription / contractual
    level: int | None = None  # 1-4 for subscription
    uc: int = 1  # licensed concurrent users
    up_to_date: bool = True


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    name: str
    role: str  # usr / manager / admin / other
    phone: str = ""
    email: str = Field(default="", index=True)


class Partner(SQLModel, table=True):
    __tablename__ = "partner"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    specialty: str = ""
    phone: str = ""
    email: str = ""


class Rate(SQLModel, table=True):
    __tablename__ = "rate"
    year: int = Field(primary_key=True)
    hourly: int  # COP per hour


class CaseSequence(SQLModel, table=True):
    __tablename__ = "case_sequence"
    year: int = Field(primary_key=True)
    last: int = 0


LATE_MET = "assigned_at > assignment_due OR resolved_at > resolution_due"
LATE_COLUMNS = (
    "id",
    "opened_at",
    "assigned_at",
    "assignment_due",
    "assignment_run",
    "resolved_at",
    "resolution_due",
    "resolution_run",
    "is_open",
)


class CaseRow(SQLModel, table=True):
    __tablename__ = "case"
    __table_args__ = (
        # The queue pages open cases by the domain's packed priority key; this index serves exactly that.
        Index("ix_case_queue_key", "queue_key", sqlite_where=text("is_open = 1"), postgresql_where=text("is_open")),
        # The open cases' agents: the agents panel and the dashboard count them without walking
        # every case ever assigned (store.presence.load_by_agent).
        Index("ix_case_open_agent", "agent", sqlite_where=text("is_open = 1"), postgresql_where=text("is_open")),
        # The cases whose clock was met after its deadline: the only closed cases that can show a
        # breach nobody recorded (store.oversight). The queries repeat this condition word for word;
        # the index holds every column they read, so the case rows themselves are not visited.
        Index("ix_case_late", *LATE_COLUMNS, sqlite_where=text(LATE_MET), postgresql_where=text(LATE_MET)),
        UniqueConstraint("submission_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)  # JQ-2026-00042
    client_id: int = Field(foreign_key="client.id", index=True)
    reporter_id: int | None = Field(default=None, foreign_key="contact.id")
    title: str
    description: str = ""
    severity: str
    category: str
    channel: str
    scope: str = "server"
    justification: str = ""
    service: str
    level: int | None = None
    status: str = "new"
    verification: str = "valid"
    agent: str | None = Field(default=None, index=True)
    opened_at: float = Field(index=True)  # the case finder pages the whole history by it, newest first
    assignment_due: float = Field(index=True)  # a month's clocks are read by their deadline
    resolution_due: float | None = Field(default=None, index=True)
    resolution_left: float | None = None
    assigned_at: float | None = Field(default=None, index=True)
    resolved_at: float | None = Field(default=None, index=True)
    closed_at: float | None = Field(default=None, index=True)
    notified_at: float | None = None
    partner: str | None = None
    submission_id: str | None = None
    is_open: bool = True
    # domain.priority.queue_key of an open case under the policy named in `queue_order`, written
    # with every change of the case (store.queue_keys); None once the case is closed.
    queue_key: bytes | None = Field(default=None, sa_type=LargeBinary)
    version: int = 1
    # policy_version.number the case was opened under (its clocks' policy); the server default
    # backfilled the cases stored before versions (migration 0005) with version 1.
    policy_version: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})
    # The run of each clock (domain/breaches.py): a breach is (case, clock, run).
    assignment_run: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})
    resolution_run: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})


class PolicyVersion(SQLModel, table=True):
    """The policy of record, one row per applied version. Append-only: triggers refuse any UPDATE
    or DELETE. `holidays` is the holiday list the version froze (JSON, see bootstrap.freeze_holidays)."""

    __tablename__ = "policy_version"
    number: int = Field(primary_key=True)
    text: str  # the policy file's TOML, as applied
    sha256: str
    applied_by: str
    applied_at: float
    holidays: str = "{}"
    note: str = ""


class QueueOrder(SQLModel, table=True):
    """One row: the policy's order (domain.priority.order_signature) the stored queue keys follow.
    A console with another policy recomputes every open case's key before it writes one."""

    __tablename__ = "queue_order"
    id: int = Field(default=1, primary_key=True)
    signature: str


class CaseEvent(SQLModel, table=True):
    """The history. Append-only: triggers refuse any UPDATE or DELETE."""

    __tablename__ = "case_event"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    at: float
    actor: str
    kind: str
    before: str = "{}"  # JSON
    after: str = "{}"  # JSON
    note: str = ""
    # sha256 over the previous event's chain_hash and this row's content (store/ledger.py).
    chain_hash: str | None = None


class BreachRow(SQLModel, table=True):
    """A deadline that passed (domain/breaches.py): recorded before the move that follows it, never
    taken back. Triggers refuse a DELETE and any UPDATE except filling the corrective action once."""

    __tablename__ = "breach"
    __table_args__ = (
        UniqueConstraint("case_id", "clock", "occurrence"),
        # The breaches still waiting for their corrective action (the dashboard's list).
        Index(
            "ix_breach_awaiting",
            "case_id",
            sqlite_where=text("corrective_at IS NULL"),
            postgresql_where=text("corrective_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    clock: str  # assignment / resolution
    occurrence: int
    due: float = Field(index=True)
    severity: str
    policy_version: int | None = None
    recorded_at: float
    corrective_note: str | None = None
    corrective_by: str | None = None
    corrective_at: float | None = None
    # sha256 over the previous breach's chain_hash and this row's facts (store/ledger.py); the
    # corrective action is chained by its own history line.
    chain_hash: str | None = None


class TimeEntry(SQLModel, table=True):
    """Work logged on a case. Append-only: a correction is a new entry pointing at the old one."""

    __tablename__ = "time_entry"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    agent: str
    started_at: float = Field(index=True)  # billing reads a month's work by it
    minutes: int  # negative in a correction that takes time away
    note: str = ""
    corrects_id: int | None = Field(default=None, foreign_key="time_entry.id")
    created_at: float
    # sha256 over the previous entry's chain_hash and this row's content (store/ledger.py).
    chain_hash: str | None = None


class CaseEntry(SQLModel, table=True):
    """The case's conversation: internal notes, calls, WhatsApp messages and messages to the client.
    Append-only and chained like the history (store/protection.py, store/ledger.py)."""

    __tablename__ = "case_entry"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str  # note / call / whatsapp / to_client
    direction: str = ""  # in / out for calls and WhatsApp, else empty
    contact: str = ""  # who was on the other end (an e-mail, a phone or a name)
    at: float  # when the call or message happened (not in the future)
    text: str
    author: str
    created_at: float
    # to_client: "to_send" when recorded; the mail outbox keeps its own deliveries by entry id.
    state: str = ""
    # sha256 over the previous entry's chain_hash and this row's content (store/ledger.py).
    chain_hash: str | None = None


class WorkTimer(SQLModel, table=True):
    """The running work timer of an agent (one at most): it outlives the console that started it."""

    __tablename__ = "work_timer"
    agent: str = Field(primary_key=True)
    case_id: int = Field(foreign_key="case.id")
    started_at: float


class Meta(SQLModel, table=True):
    """Facts about the database itself, e.g. `sandbox`: made by `demo` or `init --sandbox`."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class ChainHead(SQLModel, table=True):
    """The newest link of each chained table and how many rows it covers: a row removed from
    the end of a table is noticed too, not only one changed or removed in the middle."""

    __tablename__ = "chain_head"
    name: str = Field(primary_key=True)  # case_event / time_entry / case_entry
    hash: str
    length: int


# Feature-request studies and releases (billing area). Quote lines keep the figures priced when
# the study was decided, so a later rate or discount change never alters a quote already sent.
class CaseStudy(SQLModel, table=True):
    __tablename__ = "case_study"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", unique=True, index=True)
    outcome: str  # custom_development / future_release / rejected
    feature: str
    note: str = ""  # viability note, rejection reason or quote remarks
    quote_year: int | None = None
    quote_rate: int | None = None
    quote_level: int | None = None
    discount_percent: int = 0
    decided_by: str
    decided_at: float


class QuoteLineRow(SQLModel, table=True):
    __tablename__ = "quote_line"
    id: int | None = Field(default=None, primary_key=True)
    study_id: int = Field(foreign_key="case_study.id", index=True)
    position: int
    description: str
    minutes: int
    gross: int
    discount: int


class Release(SQLModel, table=True):
    __tablename__ = "release"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    shipped_at: float
    recorded_by: str
    note: str = ""


class StudyRelease(SQLModel, table=True):
    __tablename__ = "study_release"
    study_id: int = Field(foreign_key="case_study.id", primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)


class BilledMonth(SQLModel, table=True):
    """A month closed for billing (local calendar month): no time may be logged or corrected in it
    afterwards (store/billed_months.py). Who closed it and when."""

    __tablename__ = "billed_month"
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    closed_by: str
    closed_at: float


class Outbox(SQLModel, table=True):
    """A message to a client: queued with the move that causes it, sent once (its own Message-ID)."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("message_id"),
        UniqueConstraint("dedupe"),
        Index("ix_outbox_state_next", "state", "next_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    kind: str  # registered / taken / waiting / resolved / closed / study / release / message / report
    recipient: str = Field(index=True)
    subject: str
    body: str
    message_id: str
    in_reply_to: str = ""
    refs: str = ""  # the References header: earlier Message-IDs of the conversation, space separated
    dedupe: str  # one notice per cause: `registered:<case id>`, `release:<release id>:<client id>`...
    state: str = "pending"  # pending / sending / sent / failed
    attempts: int = 0
    created_at: float
    next_at: float
    sent_at: float | None = None
    answer: str = ""  # the server's last reply, or why the message could not be sent
    # the one attached file's name (the monthly report's PDF); "" for none, also on rows older than 0013
    attachment_name: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    attachment: bytes | None = Field(default=None, sa_type=LargeBinary)  # its bytes, kept with the row


class MailMessage(SQLModel, table=True):
    """A message read from the desk's mailbox and what became of it; never deleted."""

    __tablename__ = "mail_message"
    __table_args__ = (UniqueConstraint("message_id"),)
    id: int | None = Field(default=None, primary_key=True)
    message_id: str
    received_at: float
    sender: str
    subject: str
    body: str
    kind: str  # form / reply / auto / unclassified / rejected
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    foreign_sender: bool = False  # a reply from an address that is not a contact of the case's client
    state: str = Field(default="done", index=True)  # done / waiting (unclassified) / registered / discarded
    note: str = ""  # why: the refusal of a form, the reason a message was discarded
    handled_by: str | None = None
    handled_at: float | None = None


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a `table=True` model, typed: SQLModel sets `__table__` on the class
    but does not declare it, so the one unchecked read of it is here rather than at every insert."""
    table = getattr(model, "__table__")  # noqa: B009 - undeclared by SQLModel, see above
    assert isinstance(table, Table)
    return table
