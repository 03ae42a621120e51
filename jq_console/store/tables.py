"""The database tables. Instants are stored as UTC epoch seconds (REAL), which sort and compare
the same way on every engine and never carry a local offset."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)

# The tables are declared with SQLAlchemy Core, not as models: the store only ever runs Core statements
# on a connection and never builds row objects, and model classes cost every process (each console,
# each scripted take) about 15 MB and 0.3 s of start-up for nothing it uses. Names stay those of the
# rows they hold; a column is `CaseRow.c.opened_at`.
metadata = MetaData()

# Pesos of a quote: up to 10,000 hours a line at up to 1,000,000,000 pesos an hour, past 32 bits.
# BIGINT on PostgreSQL (migration 0017); SQLite's INTEGER already holds 64 bits.
PESOS = BigInteger().with_variant(Integer(), "sqlite")

# Partial indexes name their condition per engine. They keep it in `info`, not as `sqlite_where=` /
# `postgresql_where=`: SQLAlchemy checks such keywords by importing the engine's dialect, and the
# PostgreSQL one (50 modules, 2.5 MB) was loaded by every process, SQLite consoles and scripted takes
# included. Only DDL reads a condition (the migrations write their own), so whoever makes or compares
# tables from this metadata calls `with_partial_conditions()` first.
WHERE = "partial_where"


def partial(sqlite: str, postgresql: str | None = None) -> dict[str, dict[str, str]]:
    """An index's `info`: its condition on each engine, the same words on both unless told."""
    return {WHERE: {"sqlite": sqlite, "postgresql": sqlite if postgresql is None else postgresql}}


def with_partial_conditions() -> MetaData:
    """The metadata with every partial index's condition set for each engine (imports both dialects)."""
    for table in metadata.tables.values():
        for index in table.indexes:
            for engine, condition in index.info.get(WHERE, {}).items():
                index.dialect_kwargs[f"{engine}_where"] = text(condition)
    return metadata


Agent = Table(
    "agent",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("login", String, nullable=False, unique=True, index=True),
    Column("name", String, nullable=False),
    Column("role", String, nullable=False, default="agent"),  # agent / supervisor / admin
    Column("active", Boolean, nullable=False, default=True),
    Column("availability", String, nullable=False, default="available"),  # available / busy / away
    Column("last_seen", Float),
)


Client = Table(
    "client",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("nit", String, nullable=False, unique=True, index=True),  # digits, dash, check digit: 900123456-8
    Column("name", String, nullable=False),
    Column("service", String, nullable=False),  # subscription / contractual
    Column("level", Integer),  # 1-4 for subscription
    Column("uc", Integer, nullable=False, default=1),  # licensed concurrent users
    Column("up_to_date", Boolean, nullable=False, default=True),
    # 0 until first edited; each edit: the newest of all plus one (store.directory.update_client), so
    # the live views find the clients edited since they last looked in one indexed range.
    Column("revision", Integer, nullable=False, default=0, server_default=text("0"), index=True),
)


Contact = Table(
    "contact",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("client.id"), nullable=False, index=True),
    Column("name", String, nullable=False),
    Column("role", String, nullable=False),  # usr / manager / admin / other
    Column("phone", String, nullable=False, default=""),
    Column("email", String, nullable=False, index=True, default=""),
)


Partner = Table(
    "partner",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("specialty", String, nullable=False, default=""),
    Column("phone", String, nullable=False, default=""),
    Column("email", String, nullable=False, default=""),
)


Rate = Table(
    "rate",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("hourly", Integer, nullable=False),  # COP per hour
)


CaseSequence = Table(
    "case_sequence",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False, default=0),
)


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


CaseRow = Table(
    "case",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String, nullable=False, unique=True, index=True),  # JQ-2026-00042
    Column("client_id", Integer, ForeignKey("client.id"), nullable=False, index=True),
    Column("reporter_id", Integer, ForeignKey("contact.id")),
    Column("title", String, nullable=False),
    Column("description", String, nullable=False, default=""),
    Column("severity", String, nullable=False),
    Column("category", String, nullable=False),
    Column("channel", String, nullable=False),
    Column("scope", String, nullable=False, default="server"),
    Column("justification", String, nullable=False, default=""),
    Column("service", String, nullable=False),
    Column("level", Integer),
    Column("status", String, nullable=False, default="new"),
    Column("verification", String, nullable=False, default="valid"),
    Column("agent", String, index=True),
    Column(
        "opened_at", Float, nullable=False, index=True
    ),  # the case finder pages the whole history by it, newest first
    Column("assignment_due", Float, nullable=False, index=True),  # a month's clocks are read by their deadline
    Column("resolution_due", Float, index=True),
    Column("resolution_left", Float),
    Column("assigned_at", Float, index=True),
    Column("resolved_at", Float, index=True),
    Column("closed_at", Float, index=True),
    Column("notified_at", Float),
    Column("partner", String),
    Column("submission_id", String),
    Column("is_open", Boolean, nullable=False, default=True),
    # domain.priority.queue_key of an open case under the policy named in `queue_order`, written
    # with every change of the case (store.queue_keys); None once the case is closed.
    Column("queue_key", LargeBinary),
    Column("version", Integer, nullable=False, default=1),
    # policy_version.number the case was opened under (its clocks' policy); the server default
    # backfilled the cases stored before versions (migration 0005) with version 1.
    Column("policy_version", Integer, nullable=False, default=1, server_default=text("1")),
    # The run of each clock (domain/breaches.py): a breach is (case, clock, run).
    Column("assignment_run", Integer, nullable=False, default=1, server_default=text("1")),
    Column("resolution_run", Integer, nullable=False, default=1, server_default=text("1")),
    # The queue pages open cases by the domain's packed priority key; this index serves exactly that.
    Index("ix_case_queue_key", "queue_key", info=partial("is_open = 1", "is_open")),
    # The open cases' agents: the dashboard, the assign dialogs and `jq-console availability`
    # count them without walking every case ever assigned (store.presence.load_by_agent).
    Index("ix_case_open_agent", "agent", info=partial("is_open = 1", "is_open")),
    # The cases whose clock was met after its deadline: the only closed cases that can show a
    # breach nobody recorded (store.oversight). The queries repeat this condition word for word;
    # the index holds every column they read, so the case rows themselves are not visited.
    Index("ix_case_late", *LATE_COLUMNS, info=partial(LATE_MET)),
    UniqueConstraint("submission_id"),
)


# The policy of record, one row per applied version. Append-only: triggers refuse any UPDATE or
# DELETE. `holidays` is the holiday list the version froze (JSON, see bootstrap.freeze_holidays).
PolicyVersion = Table(
    "policy_version",
    metadata,
    Column("number", Integer, primary_key=True),
    Column("text", String, nullable=False),  # the policy file's TOML, as applied
    Column("sha256", String, nullable=False),
    Column("applied_by", String, nullable=False),
    Column("applied_at", Float, nullable=False),
    Column("holidays", String, nullable=False, default="{}"),
    Column("note", String, nullable=False, default=""),
)


# One row: the policy's order (domain.priority.order_signature) the stored queue keys follow. A
# console with another policy recomputes every open case's key before it writes one.
QueueOrder = Table(
    "queue_order",
    metadata,
    Column("id", Integer, primary_key=True, default=1),
    Column("signature", String, nullable=False),
)


# The history. Append-only: triggers refuse any UPDATE or DELETE.
CaseEvent = Table(
    "case_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id"), nullable=False, index=True),
    Column("at", Float, nullable=False),
    Column("actor", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("before", String, nullable=False, default="{}"),  # JSON
    Column("after", String, nullable=False, default="{}"),  # JSON
    Column("note", String, nullable=False, default=""),
    # sha256 over the previous event's chain_hash and this row's content (store/ledger.py).
    Column("chain_hash", String),
)


# A deadline that passed (domain/breaches.py): recorded before the move that follows it, never taken
# back. Triggers refuse a DELETE and any UPDATE except filling the corrective action once.
BreachRow = Table(
    "breach",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id"), nullable=False, index=True),
    Column("clock", String, nullable=False),  # assignment / resolution
    Column("occurrence", Integer, nullable=False),
    Column("due", Float, nullable=False, index=True),
    Column("severity", String, nullable=False),
    Column("policy_version", Integer),
    Column("recorded_at", Float, nullable=False),
    Column("corrective_note", String),
    Column("corrective_by", String),
    Column("corrective_at", Float),
    # sha256 over the previous breach's chain_hash and this row's facts (store/ledger.py); the
    # corrective action is chained by its own history line.
    Column("chain_hash", String),
    UniqueConstraint("case_id", "clock", "occurrence"),
    # The breaches still waiting for their corrective action (the dashboard's list).
    Index("ix_breach_awaiting", "case_id", info=partial("corrective_at IS NULL")),
)


# Work logged on a case. Append-only: a correction is a new entry pointing at the old one.
TimeEntry = Table(
    "time_entry",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id"), nullable=False, index=True),
    Column("agent", String, nullable=False),
    Column("started_at", Float, nullable=False, index=True),  # billing reads a month's work by it
    Column("minutes", Integer, nullable=False),  # negative in a correction that takes time away
    Column("note", String, nullable=False, default=""),
    Column("corrects_id", Integer, ForeignKey("time_entry.id")),
    Column("created_at", Float, nullable=False),
    # sha256 over the previous entry's chain_hash and this row's content (store/ledger.py).
    Column("chain_hash", String),
)


# The case's conversation: internal notes, calls, WhatsApp messages and messages to the client.
# Append-only and chained like the history (store/protection.py, store/ledger.py).
CaseEntry = Table(
    "case_entry",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id"), nullable=False, index=True),
    Column("kind", String, nullable=False),  # note / call / whatsapp / to_client
    Column("direction", String, nullable=False, default=""),  # in / out for calls and WhatsApp, else empty
    Column("contact", String, nullable=False, default=""),  # who was on the other end (an e-mail, a phone or a name)
    Column("at", Float, nullable=False),  # when the call or message happened (not in the future)
    Column("text", String, nullable=False),
    Column("author", String, nullable=False),
    Column("created_at", Float, nullable=False),
    # to_client: "to_send" when recorded; the mail outbox keeps its own deliveries by entry id.
    Column("state", String, nullable=False, default=""),
    # sha256 over the previous entry's chain_hash and this row's content (store/ledger.py).
    Column("chain_hash", String),
)


# The running work timer of an agent (one at most): it outlives the console that started it.
WorkTimer = Table(
    "work_timer",
    metadata,
    Column("agent", String, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id"), nullable=False),
    Column("started_at", Float, nullable=False),
)


# Facts about the database itself, e.g. `sandbox`: made by `demo` or `init --sandbox`.
Meta = Table(
    "meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", String, nullable=False),
)


# The newest link of each chained table and how many rows it covers: a row removed from the end of a
# table is noticed too, not only one changed or removed in the middle.
ChainHead = Table(
    "chain_head",
    metadata,
    Column("name", String, primary_key=True),  # case_event / time_entry / case_entry
    Column("hash", String, nullable=False),
    Column("length", Integer, nullable=False),
)


# Feature-request studies and releases (billing area). Quote lines keep the figures priced when
# the study was decided, so a later rate or discount change never alters a quote already sent.
CaseStudy = Table(
    "case_study",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id"), nullable=False, unique=True, index=True),
    Column("outcome", String, nullable=False),  # custom_development / future_release / rejected
    Column("feature", String, nullable=False),
    Column("note", String, nullable=False, default=""),  # viability note, rejection reason or quote remarks
    Column("quote_year", Integer),
    Column("quote_rate", Integer),
    Column("quote_level", Integer),
    Column("discount_percent", Integer, nullable=False, default=0),
    Column("decided_by", String, nullable=False),
    Column("decided_at", Float, nullable=False),
)


QuoteLineRow = Table(
    "quote_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("study_id", Integer, ForeignKey("case_study.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("description", String, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("gross", PESOS, nullable=False),
    Column("discount", PESOS, nullable=False),
)


Release = Table(
    "release",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("shipped_at", Float, nullable=False),
    Column("recorded_by", String, nullable=False),
    Column("note", String, nullable=False, default=""),
)


StudyRelease = Table(
    "study_release",
    metadata,
    Column("study_id", Integer, ForeignKey("case_study.id"), primary_key=True),
    Column("release_id", Integer, ForeignKey("release.id"), nullable=False, index=True),
)


# A month closed for billing (local calendar month): no time may be logged or corrected in it
# afterwards (store/billed_months.py). Who closed it and when, and the hourly rate of each year its
# work was billed at then (JSON, year -> pesos; none for a month closed before migration 0018).
BilledMonth = Table(
    "billed_month",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("month", Integer, primary_key=True),
    Column("closed_by", String, nullable=False),
    Column("closed_at", Float, nullable=False),
    Column("rates", String, nullable=True),
)


# A message to a client: queued with the move that causes it, sent once (its own Message-ID).
Outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id"), index=True),
    Column(
        "kind", String, nullable=False
    ),  # registered / taken / waiting / resolved / closed / study / release / message / report
    Column("recipient", String, nullable=False, index=True),
    Column("subject", String, nullable=False),
    Column("body", String, nullable=False),
    Column("message_id", String, nullable=False),
    Column("in_reply_to", String, nullable=False, default=""),
    Column(
        "refs", String, nullable=False, default=""
    ),  # the References header: earlier Message-IDs of the conversation, space separated
    Column(
        "dedupe", String, nullable=False
    ),  # one notice per cause: `registered:<case id>`, `release:<release id>:<client id>`...
    Column("state", String, nullable=False, default="pending"),  # pending / sending / sent / failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", Float, nullable=False),
    Column("next_at", Float, nullable=False),
    Column("sent_at", Float),
    Column(
        "answer", String, nullable=False, default=""
    ),  # the server's last reply, or why the message could not be sent
    # the one attached file's name (the monthly report's PDF); "" for none, also on rows older than 0013
    Column("attachment_name", String, nullable=False, default="", server_default=text("''")),
    Column("attachment", LargeBinary),  # its bytes, kept with the row
    UniqueConstraint("message_id"),
    UniqueConstraint("dedupe"),
    Index("ix_outbox_state_next", "state", "next_at"),
)


# A message read from the desk's mailbox and what became of it; never deleted.
MailMessage = Table(
    "mail_message",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", String, nullable=False),
    Column("received_at", Float, nullable=False),
    Column("sender", String, nullable=False),
    Column("subject", String, nullable=False),
    Column("body", String, nullable=False),
    Column("kind", String, nullable=False),  # form / reply / auto / unclassified / rejected
    Column("case_id", Integer, ForeignKey("case.id"), index=True),
    Column(
        "foreign_sender", Boolean, nullable=False, default=False
    ),  # a reply from an address that is not a contact of the case's client
    Column(
        "state", String, nullable=False, index=True, default="done"
    ),  # done / waiting (unclassified) / registered / discarded
    Column(
        "note", String, nullable=False, default=""
    ),  # why: the refusal of a form, the reason a message was discarded
    Column("handled_by", String),
    Column("handled_at", Float),
    UniqueConstraint("message_id"),
)
