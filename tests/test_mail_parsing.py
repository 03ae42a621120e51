"""Reading mail never fails: malformed MIME and hostile headers are parsed without an exception
escaping, nothing is lost (every message is recorded), and a batch goes on past a bad message.
Also the web form's `campo: valor` format, HTML-only mail as text, and control characters stripped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bogota
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from jq_console.application import mail_in
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.domain.mail import form_fields, form_submission, parse_message, retry_delay
from jq_console.store import directory
from jq_console.store.engine import make_engine, read
from jq_console.store.schema import create_schema
from jq_console.store.tables import MailMessage

HOSTILE_HEADERS = st.sampled_from(
    [
        "Subject",
        "From",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Content-Disposition",
        "Auto-Submitted",
        "List-Id",
        "Precedence",
        "MIME-Version",
    ]
)
HOSTILE_VALUES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "=?utf-8?q?=1b]52;c;ZXZpbA==\x07?=",
            "=?bogus-charset?b?AAAA?=",
            "=?utf-8?b?not base64!!?=",
            'multipart/mixed; boundary="',
            "multipart/alternative; boundary=x",
            "text/html; charset=no-such-charset",
            "base64",
            "quoted-printable",
            "<<<>>>",
            "\x1b[2J\x1b]0;owned\x07",
            "attachment; filename*=utf-8''%ff%fe.json",
            "a" * 5000,
        ]
    ),
)
BODIES = st.one_of(
    st.binary(max_size=400),
    st.sampled_from(
        [
            b"--x\r\nContent-Type: text/plain\r\n\r\nhola\r\n--x--",
            b"--x\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n--y\r\n",
            b"<html><body><p>solo html<script>x</script></body>",
            b"=ZZ=\r\n=",
            b"submission_id: WEB-9\r\nnit: 900123456-8\r\n",
        ]
    ),
)


def message(headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return head.encode("utf-8", errors="surrogatepass") + b"\r\n" + body


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(HOSTILE_HEADERS, HOSTILE_VALUES), max_size=8), BODIES)
def test_the_parser_never_raises_and_never_lets_control_characters_through(
    headers: list[tuple[str, str]], body: bytes
) -> None:
    parsed = parse_message(message(headers, body))
    assert parsed.message_id.startswith("<") and parsed.message_id.endswith(">")
    for text in (parsed.subject, parsed.sender, parsed.text):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "\n" not in parsed.subject


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_at_all_are_a_message_with_an_id(raw: bytes) -> None:
    first = parse_message(raw)
    assert parse_message(raw).message_id == first.message_id  # the same bytes are the same message


@pytest.fixture
def runtime_and_db(tmp_path: Path) -> tuple[Runtime, Engine]:
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(bogota("2026-12-07T10:00")))
    engine = make_engine(str(tmp_path / "parse.sqlite"))
    create_schema(engine, runtime.policy, sandbox=True)
    directory.add_agent(engine, "ana", "Ana", "agent")
    return runtime, engine


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.lists(st.tuples(HOSTILE_HEADERS, HOSTILE_VALUES), max_size=5), BODIES), max_size=6))
def test_a_batch_of_hostile_messages_is_recorded_whole_and_goes_on(
    runtime_and_db: tuple[Runtime, Engine], batch: list[tuple[list[tuple[str, str]], bytes]]
) -> None:
    runtime, engine = runtime_and_db
    before = read(engine, lambda c: int(c.execute(select(func.count()).select_from(MailMessage)).scalar_one()))
    ids = set()
    for headers, body in batch:
        raw = message(headers, body)
        outcome = mail_in.take_in(engine, runtime, "ana", raw)
        assert outcome in ("form", "reply", "auto", "unclassified", "duplicate")
        ids.add(parse_message(raw).message_id)
    after = read(engine, lambda c: int(c.execute(select(func.count()).select_from(MailMessage)).scalar_one()))
    known = read(
        engine,
        lambda c: set(c.execute(select(MailMessage.c.message_id).where(MailMessage.c.message_id.in_(ids))).scalars()),
    )
    assert known == ids  # nothing lost: every distinct message has its row
    assert after - before <= len(ids)


def test_the_form_format_reads_spanish_or_english_field_names_and_a_multiline_description() -> None:
    fields = form_fields(
        "Envío del formulario\n"
        "ID_envio: WEB-7\n"
        "NIT: 900123456-8\n"
        "Correo: ana@cliente.com.co\n"
        "Categoría: fault\n"
        "Descripción: primera línea\n"
        "segunda línea\n"
        "severity: S2\n"
    )
    assert fields["submission_id"] == "WEB-7" and fields["reporter_email"] == "ana@cliente.com.co"
    assert fields["description"] == "primera línea\nsegunda línea" and fields["severity"] == "S2"


def test_a_json_attachment_wins_over_the_body_lines() -> None:
    raw = (
        b"From: form@jq.test\r\nMessage-ID: <f1@jq.test>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nsubmission_id: WEB-1\r\nnit: 1\r\n"
        b'--b\r\nContent-Type: application/json\r\nContent-Disposition: attachment; filename="envio.json"\r\n\r\n'
        b'{"submission_id": "WEB-2", "nit": "900123456-8", "title": "Desde JSON"}\r\n--b--\r\n'
    )
    found = form_submission(parse_message(raw))
    assert found is not None and found["submission_id"] == "WEB-2" and found["title"] == "Desde JSON"


def test_auto_replies_and_lists_are_recognised() -> None:
    for header in ("Auto-Submitted: auto-replied", "Precedence: bulk", "List-Id: <x.lista.test>", "X-Autoreply: yes"):
        assert parse_message(f"From: a@b.c\r\n{header}\r\n\r\nx".encode()).auto, header
    assert not parse_message(b"From: a@b.c\r\nAuto-Submitted: no\r\n\r\nx").auto


def test_the_back_off_doubles_up_to_its_cap() -> None:
    assert [retry_delay(n, 2, 60) / 60 for n in (1, 2, 3, 4, 5, 6, 7)] == [2, 4, 8, 16, 32, 60, 60]


@pytest.mark.parametrize(
    "from_header, sender",
    [
        # A display name of encoded words that reads as a contact's address: the stranger's own counts.
        (b"=?utf-8?q?Diana_=3Cdiana=2Eusr=40autopartes=2Ecom=2Eco=3E?= <attacker@evil.test>", "attacker@evil.test"),
        # An address where a name belongs, then the real one: no single address to trust.
        (b"diana.usr@autopartes.com.co <attacker@evil.test>", ""),
        # A CR/LF hidden in the name, naming another address: none.
        (b"=?utf-8?q?Ana=0D=0ABcc=3A_x=40y=2Ecom?= <ana2@evil.test>", ""),
        # Escapes and markup in the name only: the address stands.
        (b"=?utf-8?q?=1B[31mEvil_[bold]X[/bold]?= <x@evil.test>", "x@evil.test"),
        (b"=?iso-8859-1?q?Ana_P=E9rez?= <Ana@Cliente.CO>", "ana@cliente.co"),
        ("Ana Pérez <ana@clínica.com.co>".encode(), "ana@clínica.com.co"),  # UTF-8 headers (RFC 6532)
        (b"ana@cliente.co, otro@cliente.co", ""),
    ],
)
def test_the_sender_is_the_address_as_it_came_never_a_decoded_display_name(from_header: bytes, sender: str) -> None:
    assert parse_message(b"From: " + from_header + b"\r\nSubject: x\r\n\r\nhola").sender == sender


@pytest.mark.parametrize(
    "subject_header, subject",
    [
        # Encoded words beside raw 8-bit text (UTF-8 headers, RFC 6532): every letter kept.
        ("=?utf-8?q?Factura?= ñandú".encode(), "Factura ñandú"),
        ("Re: ñandú =?utf-8?q?caf=C3=A9?=".encode(), "Re: ñandú café"),
        # A letter past Latin-1 beside an encoded word: itself, never an escape sequence.
        ("Re: =?iso-8859-1?q?caf=E9?= – urgente".encode(), "Re: café – urgente"),
        # A legacy 8-bit charset beside an encoded word.
        (b"Re: =?utf-8?q?caf=C3=A9?= a\xf1o", "Re: café año"),
        # Whitespace between two encoded words is not part of the text (RFC 2047, 6.2); other spaces are.
        (b"=?utf-8?q?Fac?= =?utf-8?b?dHVyYQ==?=  pendiente", "Factura  pendiente"),
        # A folded header: the fold is not a letter.
        (b"=?utf-8?q?Factura?=\r\n =?utf-8?q?_de_octubre?= [JQ-2026-00012]", "Factura de octubre [JQ-2026-00012]"),
        # A broken encoded word stays as it came; the rest is still read.
        (b"=?utf-8?b?QQQQQ?= a\xc3\xb1o", "=?utf-8?b?QQQQQ?= año"),
        # An unknown charset: read as UTF-8, else Latin-1, as raw 8-bit text is.
        (b"=?x-unknown?q?caf=E9?= listo", "café listo"),
    ],
)
def test_a_subject_mixing_encoded_words_and_raw_8bit_text_reads_every_letter(
    subject_header: bytes, subject: str
) -> None:
    parsed = parse_message(b"From: ana@cliente.co\r\nSubject: " + subject_header + b"\r\n\r\nhola")
    assert parsed.subject == subject
    assert bool(parsed.problems) == (b"QQQQQ" in subject_header)  # what could not be read is named
