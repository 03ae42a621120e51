"""Reliability: every parser of what people type or send, fed random and near-miss input.

Each either returns a well-formed value or raises its own error type with a sentence; never any
other exception. (Nothing here touches a database: see test_fuzz_cli.py for "nothing written".)
"""

from __future__ import annotations

import copy
import string
import tomllib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jq_console.bootstrap import DEFAULT_POLICY, load_runtime
from jq_console.domain.intake import FIELDS, SubmissionError, parse_submission
from jq_console.domain.nit import NitError, check_digit, normalize_nit
from jq_console.domain.parsing import InputError, normalize_email, normalize_phone, parse_duration, parse_instant
from jq_console.domain.policy import Policy, PolicyError, parse_policy
from jq_console.i18n import error_text

BOGOTA = ZoneInfo("America/Bogota")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks almost right is where parsers break: digits, separators, signs, letters, odd spaces.
NEAR = st.text(alphabet=string.digits + "-:+.TZ hms/ \t\u00a0\u2009０١²" + "abcHM", max_size=30)
ANY_TEXT = st.one_of(st.text(max_size=40), NEAR)


def _message(error: Exception) -> str:
    text = error_text(error)
    assert text.strip(), f"{type(error).__name__} without a message"
    return text


# ---- dates -------------------------------------------------------------------------------------

ISO_LIKE = st.builds(
    lambda y, mo, d, h, mi, sep, off: f"{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}{off}",
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["T", " ", "t", "_"]),
    st.sampled_from(["", "Z", "-05:00", "+14:00", "+25:00", "-0500", "+5"]),
)


@FUZZ
@given(st.one_of(ANY_TEXT, ISO_LIKE))
def test_parse_instant_returns_a_local_instant_or_says_why(text: str) -> None:
    try:
        value = parse_instant(text, BOGOTA)
    except InputError as error:
        assert text.strip()[:10] in _message(error) or "fecha" in _message(error)
        return
    assert isinstance(value, datetime) and value.tzinfo is not None
    assert value.utcoffset() == BOGOTA.utcoffset(value.replace(tzinfo=None))
    assert 1900 <= value.year <= 2200


# ---- durations ---------------------------------------------------------------------------------

DURATION_LIKE = st.builds(
    lambda h, m, form: form.format(h=h, m=m),
    st.integers(0, 30),
    st.integers(0, 90),
    st.sampled_from(
        ["{h}h{m}m", "{h}h", "{m}m", "{m}min", "{h}:{m:02d}", "{m}", " {h} h {m} m ", "{h}H{m}M", "-{m}m", "{h}h{m}"]
    ),
)


@FUZZ
@given(st.one_of(ANY_TEXT, DURATION_LIKE))
def test_parse_duration_returns_minutes_in_range_or_says_why(text: str) -> None:
    try:
        minutes = parse_duration(text)
    except InputError as error:
        assert "duración" in _message(error)
        return
    assert isinstance(minutes, int) and 1 <= minutes <= 24 * 60


# ---- NIT ---------------------------------------------------------------------------------------


@st.composite
def nit_like(draw: st.DrawFn) -> str:
    number = draw(st.text(alphabet=string.digits, min_size=0, max_size=17))
    digit = draw(
        st.one_of(
            st.just(str(check_digit(number))) if 1 <= len(number) <= 15 else st.just("0"),
            st.text(alphabet=string.digits + "xX-²", max_size=2),
        )
    )
    sep = draw(st.sampled_from(["-", "", " - ", ".", "--"]))
    dotted = draw(st.booleans())
    if dotted and number:
        number = f"{int(number):,}".replace(",", ".")
    return f"{number}{sep}{digit}"


@FUZZ
@given(st.one_of(ANY_TEXT, nit_like()))
def test_normalize_nit_returns_a_checked_nit_or_says_why(text: str) -> None:
    try:
        nit = normalize_nit(text)
    except NitError as error:
        _message(error)
        return
    number, dash, digit = nit.partition("-")
    assert dash == "-" and number.isascii() and number.isdigit() and int(digit) == check_digit(number)
    assert normalize_nit(nit) == nit  # the stored form reads back as itself


# ---- phone numbers and e-mail ------------------------------------------------------------------

PHONE_LIKE = st.builds(
    lambda prefix, digits, sep: prefix + sep.join([digits[:3], digits[3:6], digits[6:]]),
    st.sampled_from(["", "+57 ", "57", "(+57) ", "+1 "]),
    st.text(alphabet=string.digits + "٣", min_size=0, max_size=13),
    st.sampled_from([" ", "-", ".", "", "/", "\u00a0"]),
)


@FUZZ
@given(st.one_of(ANY_TEXT, PHONE_LIKE))
def test_normalize_phone_returns_ten_digits_or_says_why(text: str) -> None:
    try:
        phone = normalize_phone(text)
    except InputError as error:
        assert "teléfono" in _message(error)
        return
    assert len(phone) == 10 and phone.isascii() and phone.isdigit()
    assert normalize_phone(phone) == phone


@FUZZ
@given(st.one_of(ANY_TEXT, st.emails(), st.builds(lambda a, b: f"{a}@{b}", ANY_TEXT, ANY_TEXT)))
def test_normalize_email_returns_one_address_or_says_why(text: str) -> None:
    try:
        email = normalize_email(text)
    except InputError as error:
        assert "correo" in _message(error)
        return
    assert email.count("@") == 1 and email == email.strip().lower() and not any(c.isspace() for c in email)


# ---- policy file -------------------------------------------------------------------------------

SHIPPED = tomllib.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        ["09:00-13:00", "24:00", "13:00-09:00", "x-y", "S4", "business_minutes", "regular", "subscription:5"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)


KEYS = st.one_of(
    st.text(max_size=6), st.text(alphabet=string.digits + "²٣ -x", min_size=1, max_size=6), st.just("9" * 5000)
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, prefix + (key,)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, prefix + (index,)))
    return found


ALL_PATHS = _paths(SHIPPED)


@st.composite
def mutated_policy(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(SHIPPED)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "delete":
                del parent[path[-1]]
            elif action == "add" and isinstance(parent, dict):
                parent[draw(KEYS)] = draw(VALUES)
            else:
                parent[path[-1]] = draw(VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return data


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_policy())
def test_parse_policy_on_mutated_files_raises_only_policy_error(data: dict[str, Any]) -> None:
    try:
        policy = parse_policy(data)
    except PolicyError as error:
        assert error.key and error.code.startswith("policy."), "a policy error must name the key and the problem"
        assert error_text(error) != error.code, "the problem must have a sentence in the catalogue"
        return
    assert isinstance(policy, Policy)


def test_the_shipped_policy_parses() -> None:
    assert isinstance(parse_policy(SHIPPED), Policy)


# ---- web-form intake JSON ----------------------------------------------------------------------

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA).timestamp()
LIMITS = load_runtime(str(DEFAULT_POLICY)).policy.limits
VALID_SUBMISSION = {
    "submission_id": "f-123",
    "nit": "900123456-8",
    "reporter_email": "ana@cliente.com.co",
    "reporter_phone": "321 666 4301",
    "severity": "S2",
    "category": "fault",
    "title": "No factura",
    "description": "Desde ayer",
    "submitted_at": "2026-12-07T09:00",
}
JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def submissions(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(JSONISH)  # not even an object
    item: dict[str, Any] = dict(VALID_SUBMISSION)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        if draw(st.booleans()):
            item.pop(field, None)
        else:
            item[field] = draw(st.one_of(JSONISH, ANY_TEXT, ISO_LIKE, nit_like(), PHONE_LIKE))
    return item


@settings(max_examples=500, deadline=None)
@given(submissions())
def test_parse_submission_accepts_or_refuses_with_a_reason(item: Any) -> None:
    try:
        submission = parse_submission(item, BOGOTA, NOW, LIMITS)
    except SubmissionError as error:
        assert error.code.startswith(("intake.", "text.")), error.code
        return
    assert submission.submitted_at <= NOW
    assert normalize_nit(submission.nit) == submission.nit
    assert submission.severity in ("S1", "S2", "S3") and submission.title


def test_the_valid_submission_is_accepted() -> None:
    assert parse_submission(dict(VALID_SUBMISSION), BOGOTA, NOW, LIMITS).nit == "900123456-8"
