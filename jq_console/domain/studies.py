"""Case studies of feature requests: one of three outcomes, and who to tell when a release ships.

- custom development: a quote (see `billing.price_quote`) priced at the rate of the year the
  study is decided in, with the discount of the client's subscription level;
- future release: the viability note told to the client now; the client is notified when a
  recorded release carries the feature;
- rejected as not viable: the reason is required.
The case itself keeps its status: the study is a record beside it, and its history shows each decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jq_console.domain.cases import Case, Refused
from jq_console.domain.quotes import Quote, QuoteLine, price_quote

OUTCOMES = ("custom_development", "future_release", "rejected")


@dataclass(frozen=True)
class Decision:
    outcome: str
    feature: str
    note: str
    quote: Quote | None = None


def decide(
    case: Case,
    outcome: str,
    feature: str,
    note: str,
    lines: Iterable[QuoteLine] = (),
    *,
    year: int,
    rate: int,
    discounts: Mapping[int, int],
) -> Decision:
    """Check and price a study outcome for `case`. Raises `Refused` naming what is missing."""
    if case.category != "feature_request":
        raise Refused("study.only_feature_request", case=case.code)
    if outcome not in OUTCOMES:
        raise Refused("study.unknown_outcome", outcome=outcome)
    feature_text = feature.strip() or case.title.strip()
    note_text = note.strip()
    if outcome == "custom_development":
        quote = price_quote(lines, year, rate, case.level if case.service == "subscription" else None, discounts)
        return Decision(outcome, feature_text, note_text, quote)
    if outcome == "future_release" and not note_text:
        raise Refused("study.viability_required")
    if outcome == "rejected" and not note_text:
        raise Refused("study.reason_required")
    return Decision(outcome, feature_text, note_text)


@dataclass(frozen=True)
class StudyRef:
    """A decided study as a release sees it: whose request it was and how to reach them."""

    study_id: int
    case_code: str
    outcome: str
    feature: str
    client_id: int
    client_name: str
    nit: str
    contact_name: str
    contact_email: str
    contact_phone: str
    release: str | None = None


@dataclass(frozen=True)
class Notice:
    """One client to notify that a release carries what they asked for."""

    client_name: str
    nit: str
    contact_name: str
    contact_email: str
    contact_phone: str
    cases: tuple[str, ...]
    features: tuple[str, ...]


def check_release(name: str, studies: Iterable[StudyRef]) -> list[StudyRef]:
    """A release needs a name and at least one future-release study not already shipped."""
    chosen = list(studies)
    if not name.strip():
        raise Refused("release.name_required")
    if not chosen:
        raise Refused("release.no_studies")
    for study in chosen:
        if study.outcome != "future_release":
            raise Refused("release.not_future", case=study.case_code)
        if study.release is not None:
            raise Refused("release.already_shipped", case=study.case_code, release=study.release)
    return chosen


def clients_to_notify(studies: Iterable[StudyRef]) -> list[Notice]:
    """Every client who asked for something the release carries, once, with all their cases."""
    grouped: dict[int, list[StudyRef]] = {}
    for study in studies:
        grouped.setdefault(study.client_id, []).append(study)
    notices = []
    for refs in grouped.values():
        first = refs[0]
        notices.append(
            Notice(
                first.client_name,
                first.nit,
                first.contact_name,
                first.contact_email,
                first.contact_phone,
                tuple(sorted({r.case_code for r in refs})),
                tuple(sorted({r.feature for r in refs})),
            )
        )
    return sorted(notices, key=lambda notice: notice.client_name)
