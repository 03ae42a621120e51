"""Correcting a case after registration: its title, description, reporter or scope, each with a
reason, as a history line that keeps the old value (shown as old -> new).

A new reporter is judged again by the reporting rules (`rules.verification_for`): the USR makes
the case valid, the manager or administrator temporary, anybody else pending USR verification.
A finished case keeps the reporter it was finished with: the verification no longer decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from jq_console.domain.cases import SCOPES, Case, Change, Refused
from jq_console.domain.rules import verification_for
from jq_console.domain.text import entered

EDITABLE = ("title", "description", "reporter", "scope")


@dataclass(frozen=True)
class Reporter:
    """A contact of the case's client, as the store found it."""

    id: int
    client_id: int
    name: str
    role: str


def _reason(reason: str, limit: int) -> str:
    text = entered(reason, "reason", limit, multiline=True, required=False)
    if not text:
        raise Refused("reason_required")
    return text


def correct_text(case: Case, field: str, value: str, reason: str, limit: int, note_limit: int) -> Change:
    """A new title or description (cleaned and within `limit`)."""
    if field not in ("title", "description"):
        raise Refused("edit.unknown_field", field=field, fields=", ".join(EDITABLE))
    new = entered(value, field, limit, multiline=field == "description", required=field == "title")
    old = getattr(case, field)
    if new == old:
        raise Refused("edit.unchanged", what=field)
    return Change("edit", {field: new}, _reason(reason, note_limit), before={field: old}, detail={"field": field})


def correct_scope(case: Case, scope: str, reason: str, note_limit: int) -> Change:
    if scope not in SCOPES:
        raise Refused("edit.unknown_scope", scope=scope, scopes=", ".join(SCOPES))
    if scope == case.scope:
        raise Refused("edit.unchanged", what="scope")
    return Change(
        "edit", {"scope": scope}, _reason(reason, note_limit), before={"scope": case.scope}, detail={"field": "scope"}
    )


def correct_reporter(case: Case, reporter: Reporter, reason: str, note_limit: int) -> Change:
    """Another contact of the same client reported the case; its verification follows from their role."""
    if reporter.client_id != case.client_id:
        raise Refused("edit.reporter_other_client", name=reporter.name)
    if reporter.id == case.reporter_id:
        raise Refused("edit.unchanged", what="reporter")
    if not case.is_open:
        raise Refused("edit.reporter_finished", code=case.code)
    verification, finding = verification_for(reporter.role)
    return Change(
        "edit",
        {"reporter_id": reporter.id, "verification": verification},
        _reason(reason, note_limit),
        before={"reporter": case.reporter_name, "reporter_id": case.reporter_id, "verification": case.verification},
        detail={
            "field": "reporter",
            "reporter": reporter.name,
            "role": reporter.role,
            "findings": [finding.code] if finding else [],
        },
    )


def edit_line(before: dict[str, object], after: dict[str, object]) -> tuple[str, str, str]:
    """(field, old, new) of an edit's history line, for the screens and the record."""
    field = str(after.get("field", ""))
    key = "reporter" if field == "reporter" else field
    return field, str(before.get(key, "") or "—"), str(after.get(key, "") or "—")
