"""A web-form submission, checked field by field before anything is stored.

`parse_submission` takes the decoded JSON object and returns a `Submission` whose values are
normalised (NIT with check digit, lower-case e-mail, 10-digit phone, epoch instant), or raises
`SubmissionError` naming the first field that is wrong; the caller reports it and skips the item.
`decode_line` turns one line of the file into that object, refusing a line nested deeper than the
policy allows before the JSON parser sees it (a line of 100,000 brackets would exhaust its stack).
Texts are stored as data: `domain.text.entered` removes control characters and caps their length.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from jq_console.domain.bounds import check_submitted_at
from jq_console.domain.cases import CATEGORIES, Refused
from jq_console.domain.nit import NitError, normalize_nit
from jq_console.domain.parsing import InputError, normalize_email, normalize_phone, parse_instant
from jq_console.domain.policy import SEVERITIES, Bounds, Limits
from jq_console.domain.rules import Registration
from jq_console.domain.text import TextRefused, entered, plain
from jq_console.domain.vocabulary import Category, Service, Severity

FIELDS = (
    "submission_id",
    "nit",
    "reporter_email",
    "reporter_phone",
    "severity",
    "category",
    "title",
    "description",
    "submitted_at",
)
REQUIRED = ("submission_id", "nit", "reporter_email", "severity", "category", "title", "description", "submitted_at")
MAX_ID_LENGTH = 100  # a form's id is a short token; anything longer is not one
DEFAULT_BOUNDS = Bounds()  # the shipped policy's; the command passes the policy in force


class SubmissionError(Refused):
    """A submission that cannot be imported; `code` names the reason in the catalogue."""


@dataclass(frozen=True)
class Submission:
    submission_id: str
    nit: str
    reporter_email: str
    reporter_phone: str  # "" when the form did not ask
    severity: Severity
    category: Category
    title: str
    description: str
    submitted_at: float


# A JSON string (escapes included) or one bracket: what the depth scan steps over.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def decode_line(line: str, limits: Limits) -> Any:
    """The JSON value on one intake line, or `SubmissionError` (bad JSON, nested too deep)."""
    depth = 0
    for token in _JSON_TOKENS.finditer(line):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limits.intake_depth:
                raise SubmissionError("intake.too_deep", limit=limits.intake_depth)
        elif bracket in "]}":
            depth -= 1
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:  # told by where it stops: the reader's words are English
        raise SubmissionError("intake.bad_json", column=error.pos + 1) from None
    except ValueError:  # a number of more digits than Python reads (4,300)
        raise SubmissionError("intake.number_too_long") from None
    except RecursionError:  # the scan above keeps nesting shallow; this is the last line of defence
        raise SubmissionError("intake.too_deep", limit=limits.intake_depth) from None


def _text(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise SubmissionError("intake.not_text", field=key)
    return plain(value).strip()


def _stored(item: Mapping[str, Any], key: str, limit: int, *, multiline: bool = False) -> str:
    """A text the case keeps (title, description): plain characters, at most `limit` of them."""
    value = item.get(key)
    if not isinstance(value, str):
        raise SubmissionError("intake.not_text", field=key)
    try:
        return entered(value, key, limit, multiline=multiline)
    except TextRefused as refusal:
        raise SubmissionError(refusal.code, **refusal.params) from None


def parse_submission(item: Any, tz: tzinfo, now: float, limits: Limits, bounds: Bounds = DEFAULT_BOUNDS) -> Submission:
    """The submission, or `SubmissionError`. Its send time opens the case, within the policy's
    `bounds` (domain.bounds.check_submitted_at: not older than the maximum age, not ahead of our
    clock by more than the tolerance; up to that, it opens now)."""
    if not isinstance(item, dict):
        raise SubmissionError("intake.not_object")
    missing = [key for key in REQUIRED if item.get(key) in (None, "")]
    if missing:
        raise SubmissionError("intake.missing", fields=", ".join(missing))
    submission_id = _text(item, "submission_id")
    if not submission_id or len(submission_id) > MAX_ID_LENGTH:
        raise SubmissionError("intake.bad_id", limit=MAX_ID_LENGTH)
    severity = _text(item, "severity").upper()
    if severity not in SEVERITIES:
        raise SubmissionError("intake.bad_severity", value=severity)
    category = _text(item, "category")
    if category not in CATEGORIES:
        raise SubmissionError("intake.bad_category", value=category, allowed=", ".join(CATEGORIES))
    title = _stored(item, "title", limits.title)
    description = _stored(item, "description", limits.description, multiline=True)
    phone = item.get("reporter_phone")
    try:
        nit = normalize_nit(_text(item, "nit"))
        email = normalize_email(_text(item, "reporter_email"))
        phone_digits = normalize_phone(_text(item, "reporter_phone")) if phone not in (None, "") else ""
        submitted = parse_instant(_text(item, "submitted_at"), tz).timestamp()
    except (NitError, InputError) as error:
        raise SubmissionError("intake.bad_value", reason=error) from None  # told in the language of the edge
    try:
        submitted = check_submitted_at(submitted, now, bounds, plain(str(item["submitted_at"])))
    except Refused as refusal:
        raise SubmissionError(refusal.code, **refusal.params) from None
    return Submission(submission_id, nit, email, phone_digits, severity, category, title, description, submitted)


def registration(
    submission: Submission, service: Service, level: int | None, up_to_date: bool, reporter_role: str
) -> Registration:
    """What the registration rules judge: a form case, reported by the matched contact's role
    ('other' when the reporter is not one of the client's contacts)."""
    return Registration(
        service=service,
        level=level,
        up_to_date=up_to_date,
        reporter_role=reporter_role,
        channel="form",
        severity=submission.severity,
        category=submission.category,
    )
