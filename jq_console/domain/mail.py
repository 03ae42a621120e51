"""E-mail as data: reading a fetched message without ever failing, recognising what it is (a web
form's notification, a reply on a case, an auto-reply) and filling a notice's template.

Every text taken from a message is plain (domain.text): a stranger wrote it. Parsing never raises:
whatever cannot be read is named in `InboundMail.problems` and the rest is kept, so one malformed
message never stops a batch and nothing is lost (the raw size and its headers are still recorded).
"""

from __future__ import annotations

import email.policy
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from email import message_from_bytes
from email.errors import InvalidHeaderDefect, ObsoleteHeaderDefect
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses
from html.parser import HTMLParser
from typing import Any

from jq_console.domain.text import plain

CASE_CODE = re.compile(r"\[(JQ-\d{4}-\d{5})\]", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")
MAX_SUBJECT = 300
MAX_HEADER = 2000
# The web form's fields as its notification e-mail may name them (`campo: valor`), Spanish or English.
FORM_ALIASES = {
    "submission_id": "submission_id",
    "id_envio": "submission_id",
    "envio": "submission_id",
    "nit": "nit",
    "reporter_email": "reporter_email",
    "correo": "reporter_email",
    "email": "reporter_email",
    "reporter_phone": "reporter_phone",
    "telefono": "reporter_phone",
    "severity": "severity",
    "severidad": "severity",
    "category": "category",
    "categoria": "category",
    "title": "title",
    "titulo": "title",
    "asunto": "title",
    "description": "description",
    "descripcion": "description",
    "submitted_at": "submitted_at",
    "fecha": "submitted_at",
}
_FIELD_LINE = re.compile(r"^\s*([A-Za-z_áéíóúñÁÉÍÓÚÑ]{2,20})\s*:\s?(.*)$")
_ACCENTS = str.maketrans("áéíóúñÁÉÍÓÚÑ", "aeiounAEIOUN")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    data: Any = None  # the decoded JSON of a small JSON attachment, else None


@dataclass(frozen=True)
class InboundMail:
    message_id: str
    sender: str  # the From address, lower case ("" when none could be read)
    subject: str
    text: str  # the body as plain text (an HTML-only message is turned into text)
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    auto: bool = False  # an auto-reply or bulk mail: never answered
    size: int = 0
    attachments: tuple[Attachment, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    def thread_ids(self) -> tuple[str, ...]:
        """The Message-IDs this one answers, nearest first."""
        return tuple(dict.fromkeys((*self.in_reply_to, *reversed(self.references))))

    def case_code(self) -> str | None:
        found = CASE_CODE.search(self.subject)
        return found.group(1).upper() if found else None


class _TextOfHtml(HTMLParser):
    """The words of an HTML body, with line breaks where blocks end; scripts and styles dropped."""

    BLOCKS = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "table", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    reader = _TextOfHtml()
    try:
        reader.feed(html)
        reader.close()
    except (ValueError, AssertionError):  # a broken document: keep what was read so far
        pass
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    return "\n".join(line for line in lines if line)


_ESCAPED = re.compile("[\udc80-\udcff]")


def _unescaped(text: str) -> str:
    """A header sent as raw 8-bit (UTF-8 headers, RFC 6532, or a legacy charset) arrives with its
    bytes escaped: read them as UTF-8, else as Latin-1, instead of losing the letters."""
    if not _ESCAPED.search(text):
        return text
    data = text.encode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _as_text(data: bytes, charset: str | None) -> str:
    """Bytes of a header in `charset`; an unknown one (or none) is read as raw 8-bit text is."""
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass
    return _unescaped(data.decode("utf-8", errors="surrogateescape"))


# An encoded word (RFC 2047, 2): no space inside. The standard library's own splitter is not used
# for a whole header: it turns the text around the words into bytes by escaping every letter past
# Latin-1 ("–" became "\\u2013"), then reads them as ASCII, failing on any raw 8-bit letter.
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")


def _words_decoded(text: str, name: str, problems: list[str]) -> str:
    """`text` with each encoded word read in its charset and the text around it kept as it is; the
    space between two encoded words is not text (RFC 2047, 6.2). A word that cannot be read stays
    as it came, named in `problems`."""
    text = _FOLD.sub("", text)
    parts: list[str] = []
    end, after_word = 0, False
    for match in _ENCODED_WORD.finditer(text):
        between = text[end : match.start()]
        try:
            ((data, charset),) = decode_header(match.group())
        except Exception as error:  # noqa: BLE001  (bad base64, a malformed word: kept as it came)
            problems.append(f"header {name}: {type(error).__name__}")
            parts += [between, match.group()]
            after_word = False
        else:
            parts += [between if between.strip() or not after_word else "", _as_text(data, charset)]
            after_word = True
        end = match.end()
    return "".join(parts) + text[end:]


def _header(message: Message, name: str, problems: list[str]) -> str:
    try:
        # The value as it came (a raw 8-bit value is otherwise wrapped and its letters lost).
        raw = next((value for key, value in message.raw_items() if key.lower() == name.lower()), None)
        if raw is None:
            return ""
        text = _words_decoded(_unescaped(str(raw)), name, problems)
    except Exception as error:  # noqa: BLE001  (any malformed header: named in problems, the rest read on)
        problems.append(f"header {name}: {type(error).__name__}")
        try:
            text = str(message.get(name, ""))
        except Exception:  # noqa: BLE001  (the raw value itself unreadable: nothing of it is kept)
            return ""
    return plain(text)[:MAX_HEADER].strip()


def _sender(message: Message) -> str:
    """The From address, read from the header as it came. Decoded first, a display name made of
    encoded words ("=?utf-8?q?Diana_=3Cdiana=40cliente.co=3E?= <x@evil.test>") was read as the
    address: a stranger passed for a client's contact, and a CR/LF in it named another address."""
    raw = next((value for key, value in message.raw_items() if key.lower() == "from"), None)
    if raw is None:
        return ""
    try:
        # The standard library's full address parser: encoded words are decoded in a display name
        # only, never taken for an address.
        header = email.policy.default.header_factory("From", _unescaped(str(raw)))
        addresses = header.addresses
    except ValueError:  # a CR or LF in an address's parts
        return ""
    if len(addresses) != 1 or any(isinstance(d, (InvalidHeaderDefect, ObsoleteHeaderDefect)) for d in header.defects):
        return ""  # no single, well-formed address: none to trust ('a@b.co <x@evil.test>' read as a@b.co)
    address = str(addresses[0].addr_spec).strip().lower()
    if plain(address) != address or any(c.isspace() for c in address):
        return ""
    return address if "@" in address and len(address) <= 254 else ""


def _ids(value: str) -> tuple[str, ...]:
    return tuple(MESSAGE_ID.findall(value))[:50]


def _decoded(part: Message, problems: list[str]) -> str:
    try:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return ""
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            return payload.decode("utf-8", errors="replace")
    except Exception as error:  # noqa: BLE001  (a part that cannot be decoded is named, the others read)
        problems.append(f"part: {type(error).__name__}")
        return ""


def _is_auto(message: Message, problems: list[str]) -> bool:
    auto = _header(message, "Auto-Submitted", problems).lower()
    precedence = _header(message, "Precedence", problems).lower()
    return (
        (bool(auto) and auto != "no")
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or bool(_header(message, "List-Id", problems))
        or bool(_header(message, "X-Autoreply", problems))
        or bool(_header(message, "X-Autorespond", problems))
    )


def _walk(message: Message, problems: list[str], max_attachment: int) -> tuple[str, str, list[Attachment]]:
    plain_parts: list[str] = []
    html_parts: list[str] = []
    attachments: list[Attachment] = []
    try:
        parts = list(message.walk())[:200]
    except Exception as error:  # noqa: BLE001  (a structure too broken to walk: the message is kept by its headers)
        problems.append(f"structure: {type(error).__name__}")
        return "", "", []
    for part in parts:
        try:
            if part.is_multipart():
                continue
            kind = part.get_content_type().lower()
            filename = plain(part.get_filename() or "")[:200]
            disposition = str(part.get("Content-Disposition", "")).lower()
        except Exception as error:  # noqa: BLE001  (one unreadable part: named, the others read)
            problems.append(f"part: {type(error).__name__}")
            continue
        if filename or "attachment" in disposition:
            raw = part.get_payload(decode=True) if not part.is_multipart() else b""
            size = len(raw) if isinstance(raw, bytes) else 0
            data: Any = None
            if (kind == "application/json" or filename.lower().endswith(".json")) and 0 < size <= max_attachment:
                try:
                    data = json.loads(_decoded(part, problems))
                except (ValueError, RecursionError):
                    problems.append("attachment: not JSON")
            attachments.append(Attachment(filename, kind, size, data))
        elif kind == "text/plain":
            plain_parts.append(_decoded(part, problems))
        elif kind == "text/html":
            html_parts.append(_decoded(part, problems))
    return "\n".join(plain_parts), "\n".join(html_parts), attachments


def parse_message(raw: bytes, *, max_body: int = 20000, max_attachment: int = 5 * 1024 * 1024) -> InboundMail:
    """Read one fetched message; never raises (see the module's docstring)."""
    problems: list[str] = []
    try:
        message = message_from_bytes(raw)
    except Exception as error:  # noqa: BLE001  (unreadable as a whole: kept by its digest and size)
        problems.append(f"message: {type(error).__name__}")
        message = Message()
    own_id = _ids(_header(message, "Message-ID", problems))
    # A message without a Message-ID is known by its content: fetching it again finds the same row.
    message_id = own_id[0] if own_id else f"<sha256-{hashlib.sha256(raw).hexdigest()[:40]}@jq-console.invalid>"
    sender = ""
    try:
        sender = _sender(message)
    except Exception as error:  # noqa: BLE001  (an unparseable From: the message is kept without a sender)
        problems.append(f"header From: {type(error).__name__}")
    text, html, attachments = _walk(message, problems, max_attachment)
    if not text.strip() and html.strip():
        text = html_text(html)
    return InboundMail(
        message_id=message_id,
        sender=sender,
        subject=_header(message, "Subject", problems)[:MAX_SUBJECT],
        text=plain(text, multiline=True).strip()[:max_body],
        in_reply_to=_ids(_header(message, "In-Reply-To", problems)),
        references=_ids(_header(message, "References", problems)),
        auto=_is_auto(message, problems),
        size=len(raw),
        attachments=tuple(attachments),
        problems=tuple(problems),
    )


def ascii_address(address: str) -> str | None:
    """`address` as every mail server takes it: its domain in IDNA ("ana@clínica.com.co" is
    "ana@xn--clnica-xwa.com.co"); None when its local part has letters beyond ASCII, which only a
    server offering SMTPUTF8 takes, or its domain cannot be written so."""
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        return None
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return None


def recipients(value: str) -> list[str]:
    return [address.lower() for _, address in getaddresses([value]) if "@" in address]


def form_fields(text: str) -> dict[str, str]:
    """The web form's fields from `campo: valor` lines. A description may run over several lines:
    every line after `descripcion:` that names no other field belongs to it."""
    fields: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        found = _FIELD_LINE.match(line)
        name = FORM_ALIASES.get(found.group(1).lower().translate(_ACCENTS)) if found else None
        if found and name is not None and name not in fields:
            fields[name] = found.group(2).strip()
            current = name
        elif current == "description":
            fields["description"] += "\n" + line
    if "description" in fields:
        fields["description"] = fields["description"].strip()
    return fields


def form_submission(mail: InboundMail) -> dict[str, Any] | None:
    """The web form's submission this message carries (a JSON attachment wins over body lines), or
    None when it is not a form notification (no submission id and NIT)."""
    for attachment in mail.attachments:
        if isinstance(attachment.data, dict) and attachment.data.get("submission_id") and attachment.data.get("nit"):
            return dict(attachment.data)
    fields = form_fields(mail.text)
    if fields.get("submission_id") and fields.get("nit"):
        return dict(fields)
    return None


def retry_delay(attempts: int, first_minutes: int, max_minutes: int) -> float:
    """Seconds to wait before attempt `attempts + 1`: doubling from `first_minutes`, capped."""
    minutes = first_minutes * 2 ** min(max(attempts - 1, 0), 20)
    return float(min(minutes, max_minutes) * 60)


def fill(template: str, values: Mapping[str, str]) -> str:
    """`{name}` replaced by its value; an unknown name is left as written (an editable template
    with a typo still sends, and says so by showing the braces)."""

    def one(found: re.Match[str]) -> str:
        return values.get(found.group(1), found.group(0))

    return re.sub(r"\{([a-z_]+)\}", one, template)


def split_template(text: str) -> tuple[str, str]:
    """A template file: its first line is `Subject: ...` (or `Asunto: ...`), then a blank line, then the body."""
    head, _, body = text.partition("\n")
    subject = head.split(":", 1)[1].strip() if ":" in head else head.strip()
    return subject, body.lstrip("\n")


MONTHS = {
    "es": (
        *("enero", "febrero", "marzo", "abril", "mayo", "junio"),
        *("julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    ),
    "en": (
        *("January", "February", "March", "April", "May", "June"),
        *("July", "August", "September", "October", "November", "December"),
    ),
}


def when_words(epoch: float, tz: tzinfo, language: str) -> str:
    """`7 de diciembre de 2026, 15:00` / `December 7, 2026, 15:00` (local time)."""
    moment = datetime.fromtimestamp(epoch, tz)
    month = MONTHS["en" if language == "en" else "es"][moment.month - 1]
    if language == "en":
        return f"{month} {moment.day}, {moment.year}, {moment:%H:%M}"
    return f"{moment.day} de {month} de {moment.year}, {moment:%H:%M}"
