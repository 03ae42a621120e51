"""A message to the client is one thing, against the real servers (tests/mail_servers.py): a
`to_client` entry of the conversation (`case note --to-client`, the case screen's N, `mail write`)
queues its e-mail in the same transaction, threaded like the notices, to the reporter or else the
client's USR, and `mail send` delivers it with the case code in the subject. `report --send` queues
the client's monthly PDF to its USR, delivered as an attachment."""

from __future__ import annotations

import io
import json

import pytest
from conftest import bogota
from mail_servers import MailServers, mail_servers  # noqa: F401  (fixture)
from pypdf import PdfReader
from sqlalchemy import update
from sqlalchemy.engine import Engine
from store_backends import postgres_url, store_url  # noqa: F401  (fixtures)
from test_mail_delivery import (  # noqa: F401  (fixtures among them)
    AGENT,
    NIT,
    Clock,
    _register,
    clock,
    db,
    mail_runtime,
    outbox_rows,
    people,
    settings,
    text_of,
)

from jq_console.application import conversation, mail_out
from jq_console.application import mail as desk_mail
from jq_console.bootstrap import Runtime
from jq_console.cli import main
from jq_console.domain.cases import Refused
from jq_console.domain.conversation import Draft
from jq_console.presentation.mail_timeline import mail_lines
from jq_console.store import directory, outbox
from jq_console.store import engine as store_engine
from jq_console.store.cases import get_case
from jq_console.store.conversation import entries_of
from jq_console.store.tables import CaseRow, Contact


def test_case_note_to_client_is_delivered_by_mail_send_to_the_reporter(
    db: Engine,
    mail_runtime: Runtime,
    mail_servers: MailServers,
    people: dict[str, str],
    store_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = settings(mail_servers, people["desk"])
    code = _register(db, mail_runtime, people)
    status = main(["case", "note", code, "Ya quedó la facturación, pruebe por favor", "--to-client", "--db", store_url])
    assert status == 0, capsys.readouterr().err
    case = get_case(db, code)
    assert case is not None
    entry = entries_of(db, case.id)[-1]
    assert (entry.kind, entry.state) == ("to_client", "to_send")
    queued = outbox.of_case(db, case.id)
    assert [(row.kind, row.recipient, row.state) for row in queued] == [
        ("registered", people["usr"], "pending"),
        ("message", people["usr"], "pending"),
    ]
    assert queued[1].in_reply_to == queued[0].message_id  # threaded after the registered notice
    report = mail_out.send_pass(db, mail_runtime, config)
    assert (report.sent, report.failed, report.problem) == (2, 0, "")
    delivered = [m for m in mail_servers.received(people["usr"]) if "Ya quedó" in text_of(m)]
    assert len(delivered) == 1
    assert f"[{code}]" in str(delivered[0]["Subject"])
    assert str(delivered[0]["In-Reply-To"]).strip() == queued[0].message_id
    assert "Ana Agente" in text_of(delivered[0])  # signed by the agent who wrote
    capsys.readouterr()  # the note's own line
    assert main(["case", "show", code, "--json", "--db", store_url]) == 0
    talk = json.loads(capsys.readouterr().out)["conversation"]
    assert [(e["kind"], e["state"], e["delivery"]) for e in talk] == [("to_client", "to_send", "sent")]
    main(["case", "show", code, "--db", store_url])
    assert "Ya quedó la facturación, pruebe por favor  [entregado]" in capsys.readouterr().out
    sent, received = desk_mail.conversation(db, case.id)
    lines = mail_lines(mail_runtime, sent, received)
    assert [line.state for line in lines] == ["sent", "sent"]  # the case's mail timeline shows the delivery


def test_mail_write_is_the_same_path_and_refuses_without_any_address(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    code = _register(db, mail_runtime, people)
    entry = desk_mail.write_to_client(db, mail_runtime, AGENT, code.lower(), "¿Le funcionó?")
    case = get_case(db, code)
    assert case is not None
    assert [(e.id, e.kind, e.text) for e in entries_of(db, case.id)] == [(entry.id, "to_client", "¿Le funcionó?")]
    assert [row.kind for row in outbox.of_case(db, case.id)] == ["registered", "message"]
    # No e-mail for anyone on the client's side: refused, and neither the entry nor a row is kept.
    store_engine.write(db, lambda c: c.execute(update(CaseRow).values(reporter_id=None)))
    store_engine.write(db, lambda c: c.execute(update(Contact).values(email="")))
    with pytest.raises(Refused) as refused:
        conversation.add_entry(db, mail_runtime, AGENT, code, Draft("to_client", "¿Sigue ahí?"))
    assert refused.value.code == "mail.write.no_address"
    assert len(entries_of(db, case.id)) == 1 and len(outbox.of_case(db, case.id)) == 2


def test_without_a_reporter_e_mail_the_message_goes_to_the_clients_usr(
    db: Engine, mail_runtime: Runtime, mail_servers: MailServers, people: dict[str, str]
) -> None:
    code = _register(db, mail_runtime, people)
    client_id = int(people["client_id"])
    other = directory.add_contact(db, client_id, "Luis Bodega", "other", "3000000000", "")
    store_engine.write(db, lambda c: c.execute(update(CaseRow).values(reporter_id=other)))
    conversation.add_entry(db, mail_runtime, AGENT, code, Draft("to_client", "Le escribimos"))
    case = get_case(db, code)
    assert case is not None
    rows = outbox.of_case(db, case.id)
    assert (rows[-1].kind, rows[-1].recipient) == ("message", people["usr"])
    assert store_engine.read(db, lambda c: outbox.client_usr(c, client_id)) is not None


def _report(store_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["report", "--month", "2026-12", *args, "--db", store_url, "--now", "2026-12-09T10:00"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_report_send_queues_the_clients_pdf_that_mail_send_delivers_to_its_usr(
    db: Engine,
    clock: Clock,
    mail_runtime: Runtime,
    mail_servers: MailServers,
    people: dict[str, str],
    store_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register(db, mail_runtime, people)
    directory.add_agent(db, "lsupervisa", "Lina Supervisa", "supervisor")
    status, _, err = _report(store_url, capsys, "--client", NIT, "--send")
    assert status == 1 and "ana" in err  # an agent may not send (nor read) it
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "lsupervisa")
    status, out, err = _report(store_url, capsys, "--client", NIT, "--send")
    assert status == 0, err
    assert people["usr"] in out
    rows = [row for row in outbox_rows(db) if row[0] == "report"]
    assert rows == [("report", people["usr"], "pending", None)]
    clock.at = bogota("2026-12-09T10:05").timestamp()  # the sender runs after the report was queued
    report = mail_out.send_pass(db, mail_runtime, settings(mail_servers, people["desk"]))
    assert (report.sent, report.failed, report.problem) == (2, 0, ""), report.answers  # the notice, the report
    delivered = [m for m in mail_servers.received(people["usr"]) if "Informe" in str(m["Subject"])]
    assert len(delivered) == 1
    assert "diciembre de 2026" in str(delivered[0]["Subject"])
    files = [part for part in delivered[0].walk() if part.get_filename()]
    assert [(part.get_filename(), part.get_content_type()) for part in files] == [
        (f"informe-2026-12-{NIT}.pdf", "application/pdf")
    ]
    payload = files[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)
    assert "Ferretería Central S.A.S." in text and NIT in text
    assert "diciembre" in text.lower() and "2026" in text
    assert outbox_rows(db)[-1][2] == "sent"


def test_report_send_refuses_without_a_client_or_without_a_usr_e_mail(
    db: Engine,
    mail_runtime: Runtime,
    people: dict[str, str],
    store_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    directory.add_agent(db, "lsupervisa", "Lina Supervisa", "supervisor")
    monkeypatch.setenv("JQ_CONSOLE_AGENT", "lsupervisa")
    status, out, err = _report(store_url, capsys, "--send")
    assert status == 1 and out == "" and "--client" in err and "Traceback" not in err
    other = directory.add_client(db, "800197268-4", "Panadería La Espiga", "subscription", 2, uc=2)
    directory.add_contact(db, other, "Pedro Pan", "usr", "3000000001", "")
    status, out, err = _report(store_url, capsys, "--client", "800197268-4", "--send")
    assert status == 1 and "800197268-4" in err and "USR" in err
    assert [row for row in outbox_rows(db) if row[0] == "report"] == []
