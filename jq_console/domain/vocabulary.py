"""The policy's closed vocabularies as types: a typo in a severity, status, channel, category,
clock kind or role is a type error for mypy and a refusal at run time, never a silent default.

Each `Literal` is the single definition; the tuples the rest of the code iterates are derived from
it, so the two cannot disagree. `narrow_*` turn text from the outside (database, CLI, web form)
into the type, refusing anything else with a coded error.
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

from jq_console.domain.coded import CodedError

Severity = Literal["S1", "S2", "S3"]
Category = Literal["fault", "request", "feature_request", "update", "uc_expansion", "out_of_scope", "other"]
Channel = Literal["form", "phone", "whatsapp", "email"]
Scope = Literal["server", "usr"]
ContactRole = Literal["usr", "manager", "admin", "other"]
AgentRole = Literal["agent", "supervisor", "admin"]
OpenStatus = Literal["new", "assigned", "in_progress", "waiting"]
Status = Literal["new", "assigned", "in_progress", "waiting", "resolved", "closed", "invalid", "rejected", "referred"]
Verification = Literal["valid", "temporary", "pending", "invalid"]
ClockKind = Literal["assignment", "resolution"]
Service = Literal["subscription", "contractual"]
ReclassifyKind = Literal["misclassified", "escalated"]

SEVERITIES: tuple[Severity, ...] = get_args(Severity)
CATEGORIES: tuple[Category, ...] = get_args(Category)
CHANNELS: tuple[Channel, ...] = get_args(Channel)
SCOPES: tuple[Scope, ...] = get_args(Scope)
CONTACT_ROLES: tuple[ContactRole, ...] = get_args(ContactRole)
AGENT_ROLES: tuple[AgentRole, ...] = get_args(AgentRole)
OPEN_STATUSES: tuple[OpenStatus, ...] = get_args(OpenStatus)
STATUSES: tuple[Status, ...] = get_args(Status)
# Finished, whichever way: no clock runs, no work is logged, a client's reply goes to the inbox.
ENDED_STATUSES: tuple[Status, ...] = ("closed", "invalid", "rejected", "referred")
VERIFICATIONS: tuple[Verification, ...] = get_args(Verification)
CLOCK_KINDS: tuple[ClockKind, ...] = get_args(ClockKind)
SERVICES: tuple[Service, ...] = get_args(Service)
RECLASSIFY_KINDS: tuple[ReclassifyKind, ...] = get_args(ReclassifyKind)


class UnknownTerm(CodedError):
    """A word outside one of the policy's vocabularies (code `vocabulary.unknown`)."""


Term = TypeVar("Term", bound=str)


def narrow(value: str, allowed: tuple[Term, ...], what: str) -> Term:
    """`value` as one of `allowed`, or `UnknownTerm` naming what was expected."""
    if value not in allowed:
        raise UnknownTerm("vocabulary.unknown", what=what, value=value, allowed=", ".join(allowed))
    return value
