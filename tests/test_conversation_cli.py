"""`jq-console case note|edit|find`: the conversation, corrections and finding any case from the
command line, through the application layer; exit 0 and one line, or 1 and the refusal's sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from office_support import ADMIN, make_office

from jq_console.cli import main
from jq_console.store.cases import get_case, history
from jq_console.store.conversation import entries_of
from jq_console.store.engine import make_engine


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    db = tmp_path / "office.sqlite"
    code = make_office(db, cases=2)[0]
    monkeypatch.setenv("JQ_CONSOLE_AGENT", ADMIN)
    monkeypatch.delenv("SUDO_USER", raising=False)
    return str(db), code


def run(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["case", *args, "--db", db])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_note_records_a_call_and_a_message_to_the_client(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, code = office
    number = code.rsplit("-", 1)[1]
    short = f"{code[3:7]}-{int(number)}"  # 2026-1
    status, out, _ = run(
        db, capsys, "note", short, "Llamó por la factura", "--call", "in", "--contact", "ana@cliente.com.co"
    )
    assert status == 0 and f"{code}: Llamada registrada" in out
    status, _, _ = run(db, capsys, "note", code, "Le confirmamos el arreglo", "--to-client")
    assert status == 0
    engine = make_engine(db)
    case = get_case(engine, code)
    assert case is not None
    kept = [(e.kind, e.direction, e.contact, e.state) for e in entries_of(engine, case.id)]
    assert kept == [("call", "in", "ana@cliente.com.co", ""), ("to_client", "", "", "to_send")]


def test_note_refuses_a_future_call_with_a_sentence(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, code = office
    status, _, err = run(db, capsys, "note", code, "x", "--call", "out", "--at", "2099-01-01T10:00")
    assert status == 1 and "futuro" in err and "Traceback" not in err


def test_edit_corrects_title_and_scope_each_with_its_history_line(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, code = office
    status, out, _ = run(
        db, capsys, "edit", code, "--title", "Factura electrónica", "--scope", "usr", "--reason", "errata"
    )
    assert status == 0 and "título, alcance" in out
    engine = make_engine(db)
    case = get_case(engine, code)
    assert case is not None and case.title == "Factura electrónica" and case.scope == "usr"
    edits = [(e.before, e.note) for e in history(engine, case.id) if e.kind == "edit"]
    assert edits == [({"title": "Caso 0"}, "errata"), ({"scope": "server"}, "errata")]


def test_edit_without_a_field_or_reason_is_refused(office: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, code = office
    status, _, err = run(db, capsys, "edit", code, "--reason", "nada")
    assert status == 1 and "--title" in err
    with pytest.raises(SystemExit):
        main(["case", "edit", code, "--title", "x", "--db", db])  # --reason is required
    capsys.readouterr()


def test_find_any_case_by_words_status_and_page(office: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, code = office
    status, out, _ = run(db, capsys, "find", "CLIENTE prueba", "--status", "open", "--json")
    assert status == 0
    found = json.loads(out)
    assert len(found["cases"]) == 2 and not found["more"]
    status, out, _ = run(db, capsys, "find", "cliente", "--status", "resolved")
    assert status == 0 and "0 caso(s)" in out
    status, out, _ = run(db, capsys, "find", code[-5:])
    assert status == 0 and code in out
    status, out, err = run(db, capsys, "find", "cliente", "--from", "2026-12-01", "--to", "2026-01-01")
    assert (status, out) == (2, "") and "desde/hasta" in err  # a range typed backwards is bad input


def test_show_tells_the_conversation(office: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, code = office
    run(db, capsys, "note", code, "Le escribimos", "--to-client")
    status, out, _ = run(db, capsys, "show", code, "--json")
    assert status == 0
    talk = json.loads(out)["conversation"]
    assert [(e["kind"], e["state"], e["text"], e["author"]) for e in talk] == [
        ("to_client", "to_send", "Le escribimos", ADMIN)
    ]
    status, out, _ = run(db, capsys, "show", code)
    assert status == 0 and "» Mensaje al cliente · por enviar — Le escribimos  [pendiente]" in out


def test_show_tells_the_clients_e_mail_with_its_words(
    office: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A client's reply was kept but could be read in no screen and no command."""
    from jq_console.store import mail_in
    from jq_console.store.engine import write

    db, code = office
    engine = make_engine(db)
    case = get_case(engine, code)
    assert case is not None
    write(
        engine,
        lambda c: mail_in.record(
            c, message_id="<r1@cliente.test>", received_at=case.opened_at + 60, sender="ana@cliente.com.co",
            subject=f"Re: [{code}]", body="Sigue igual.\nAdjunto foto.", kind="reply", case_id=case.id,
            foreign_sender=False, state="done", note="",
        ),
    )  # fmt: skip
    engine.dispose()
    status, out, _ = run(db, capsys, "show", code)
    assert status == 0 and "ana@cliente.com.co" in out and "Sigue igual." in out and "Adjunto foto." in out
    status, out, _ = run(db, capsys, "show", code, "--json")
    mail = json.loads(out)["mail"]
    assert [(m["sender"], m["text"]) for m in mail] == [("ana@cliente.com.co", "Sigue igual.\nAdjunto foto.")]
