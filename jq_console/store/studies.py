"""Storing case studies, their quotes and the releases that ship future-release studies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Engine, delete, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from jq_console.bootstrap import Runtime
from jq_console.domain.billing import rate_of
from jq_console.domain.cases import Refused
from jq_console.domain.quotes import PricedLine, Quote, QuoteLine
from jq_console.domain.studies import Decision, Notice, StudyRef, check_release, clients_to_notify, decide
from jq_console.domain.text import entered, plain
from jq_console.store.cases import add_event, find_case
from jq_console.store.directory import rates
from jq_console.store.engine import Guard, inserted_id, read, write
from jq_console.store.tables import CaseRow, CaseStudy, Client, Contact, QuoteLineRow, Release, StudyRelease


@dataclass(frozen=True)
class Study:
    id: int
    case_code: str
    client_name: str
    nit: str
    outcome: str
    feature: str
    note: str
    decided_by: str
    decided_at: float
    quote: Quote | None
    release: str | None


def _quote(connection: Connection, row: Row[Any]) -> Quote | None:
    if row.outcome != "custom_development" or row.quote_year is None or row.quote_rate is None:
        return None
    lines = connection.execute(
        select(QuoteLineRow).where(QuoteLineRow.c.study_id == row.id).order_by(QuoteLineRow.c.position)
    )
    return Quote(
        row.quote_year,
        row.quote_rate,
        row.quote_level,
        row.discount_percent,
        tuple(PricedLine(line.description, line.minutes, row.quote_rate, line.gross, line.discount) for line in lines),
    )


def _release_name(connection: Connection, study_id: int) -> str | None:
    return connection.execute(
        select(Release.c.name)
        .join(StudyRelease, StudyRelease.c.release_id == Release.c.id)
        .where(StudyRelease.c.study_id == study_id)
    ).scalar()


def _load(connection: Connection, code: str) -> Study | None:
    case = find_case(connection, code)
    if case is None:
        raise Refused("billing.no_case", case=code.strip().upper())
    row = connection.execute(select(CaseStudy).where(CaseStudy.c.case_id == case.id)).first()
    if row is None:
        return None
    return Study(
        int(row.id),
        case.code,
        case.client_name,
        case.nit,
        row.outcome,
        row.feature,
        row.note,
        row.decided_by,
        row.decided_at,
        _quote(connection, row),
        _release_name(connection, int(row.id)),
    )


def study_of(engine: Engine, code: str) -> Study | None:
    """The case's study, or None if none has been decided yet."""
    return read(engine, lambda c: _load(c, code))


def save_study(
    engine: Engine,
    runtime: Runtime,
    code: str,
    actor: str,
    outcome: str,
    feature: str,
    note: str,
    lines: Iterable[QuoteLine] = (),
    guard: Guard | None = None,
    effect: Callable[[Connection, Study], None] | None = None,
) -> Study:
    """Decide (or decide again) a feature request's study. A quote is priced at the rate of the
    current year and the client's level discount, and stored with its figures."""
    now = runtime.now()
    year = datetime.fromtimestamp(now, runtime.tz).year
    stored_rates = rates(engine)
    limits = runtime.policy.limits  # text is data: plain, capped, from the command line or the screen
    feature = entered(feature, "feature", limits.name, required=False)
    note = entered(note, "note", limits.note, multiline=True, required=False)
    wanted = [replace(line, description=entered(line.description, "quote_line", limits.title)) for line in lines]

    def work(connection: Connection) -> Study:
        case = find_case(connection, code)
        if case is None:
            raise Refused("billing.no_case", case=code.strip().upper())
        rate = rate_of(year, stored_rates, runtime.policy.rates) if outcome == "custom_development" else 0
        decision = decide(
            case, outcome, feature, note, wanted, year=year, rate=rate, discounts=runtime.policy.discounts
        )
        existing = connection.execute(select(CaseStudy).where(CaseStudy.c.case_id == case.id)).first()
        if existing is not None and _release_name(connection, int(existing.id)) is not None:
            raise Refused("study.already_shipped", case=case.code)
        values = _values(decision, actor, now)
        if existing is None:
            study_id = inserted_id(connection.execute(CaseStudy.insert().values(case_id=case.id, **values)))
        else:
            study_id = existing.id
            connection.execute(update(CaseStudy).where(CaseStudy.c.id == study_id).values(**values))
            connection.execute(delete(QuoteLineRow).where(QuoteLineRow.c.study_id == study_id))
        if decision.quote is not None:
            connection.execute(
                QuoteLineRow.insert(),
                [
                    {
                        "study_id": study_id,
                        "position": index,
                        "description": line.description,
                        "minutes": line.minutes,
                        "gross": line.gross,
                        "discount": line.discount,
                    }
                    for index, line in enumerate(decision.quote.lines)
                ],
            )
        after: dict[str, Any] = {"outcome": decision.outcome, "feature": decision.feature}
        if decision.quote is not None:
            after.update(net=decision.quote.net, rate=decision.quote.rate, discount=decision.quote.discount_percent)
        before = {"outcome": existing.outcome} if existing is not None else {}
        add_event(connection, case.id, now, actor, "study", before, after, decision.note)
        # The case changed too (an open case screen, or a dialog on it, must notice the decision).
        connection.execute(update(CaseRow).where(CaseRow.c.id == case.id).values(version=CaseRow.c.version + 1))
        loaded = _load(connection, case.code)
        assert loaded is not None
        if effect is not None:  # the client's notice of the outcome, in the same transaction
            effect(connection, loaded)
        return loaded

    return write(engine, work, guard=guard)


def _values(decision: Decision, actor: str, now: float) -> dict[str, object]:
    quote = decision.quote
    return {
        "outcome": decision.outcome,
        "feature": decision.feature,
        "note": decision.note,
        "quote_year": quote.year if quote else None,
        "quote_rate": quote.rate if quote else None,
        "quote_level": quote.level if quote else None,
        "discount_percent": quote.discount_percent if quote else 0,
        "decided_by": actor,
        "decided_at": now,
    }


# Plain columns: the ids the tables type as optional (unset before insert) are never None when read back.
_REF: tuple[Column[Any], ...] = (
    CaseStudy.c.id,
    CaseRow.c.code,
    CaseStudy.c.outcome,
    CaseStudy.c.feature,
    Client.c.id,
    Client.c.name,
    Client.c.nit,
)


def _refs(connection: Connection, codes: Iterable[str] | None) -> list[StudyRef]:
    statement = (
        select(*_REF)
        .join(CaseRow, CaseRow.c.id == CaseStudy.c.case_id)
        .join(Client, Client.c.id == CaseRow.c.client_id)
        .order_by(CaseRow.c.code)
    )
    if codes is not None:
        wanted = [code.strip().upper() for code in codes]
        statement = statement.where(CaseRow.c.code.in_(wanted))
    refs = []
    for row in connection.execute(statement):
        usr = connection.execute(
            select(Contact.c.name, Contact.c.email, Contact.c.phone).where(
                Contact.c.client_id == row[4], Contact.c.role == "usr"
            )
        ).first()
        name, email, phone = usr if usr is not None else ("", "", "")
        refs.append(
            StudyRef(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                name,
                email,
                phone,
                _release_name(connection, row[0]),
            )
        )
    return refs


def pending_future_studies(engine: Engine) -> list[StudyRef]:
    """Future-release studies no release has carried yet."""
    return read(engine, lambda c: [r for r in _refs(c, None) if r.outcome == "future_release" and r.release is None])


def record_release(
    engine: Engine,
    runtime: Runtime,
    name: str,
    codes: Iterable[str],
    actor: str,
    note: str = "",
    guard: Guard | None = None,
    effect: Callable[[Connection, int, list[StudyRef]], None] | None = None,
) -> list[Notice]:
    """Record that release `name` shipped carrying the studies of `codes`; returns the clients to notify."""
    wanted = [plain(code).strip().upper() for code in codes]
    now = runtime.now()
    name = entered(name, "name", runtime.policy.limits.name)
    note = entered(note, "note", runtime.policy.limits.note, multiline=True, required=False)

    def work(connection: Connection) -> list[Notice]:
        refs = _refs(connection, wanted)
        missing = sorted(set(wanted) - {ref.case_code for ref in refs})
        if missing:
            raise Refused("release.no_study", case=missing[0])
        chosen = check_release(name, refs)
        try:
            release_id = inserted_id(
                connection.execute(
                    Release.insert().values(name=name.strip(), shipped_at=now, recorded_by=actor, note=note.strip())
                )
            )
        except IntegrityError:
            raise Refused("release.duplicate", name=name.strip()) from None
        connection.execute(
            StudyRelease.insert(), [{"study_id": ref.study_id, "release_id": release_id} for ref in chosen]
        )
        for ref in chosen:
            case_id = connection.execute(select(CaseRow.c.id).where(CaseRow.c.code == ref.case_code)).scalar_one()
            assert case_id is not None  # the table types the id as optional only until it is inserted
            add_event(connection, case_id, now, actor, "release", {}, {"release": name.strip()}, note.strip())
        if effect is not None:  # one notice per client who asked, in the same transaction
            effect(connection, release_id, chosen)
        return clients_to_notify(chosen)

    return write(engine, work, guard=guard)
