"""The console and the dashboard under hostile text (issue 11, findings 1 and 2).

Rows are planted raw in the database, as a raw writer or an older version left them, so these tests
prove the display side on its own: names with markup render literally, a toast with one does not
crash, and no escape sequence from a title or a name reaches the bytes written to the terminal.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from office_support import ADMIN, env, make_office
from pilot_support import settle, show_case
from sqlalchemy import text
from textual.app import App

from jq_console.application.oversight import dashboard_services
from jq_console.application.services import Services
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.domain.intake import SubmissionError, parse_submission
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.text import TextRefused
from jq_console.domain.vocabulary import Service, Severity
from jq_console.i18n import label, t
from jq_console.store import directory
from jq_console.store.cases import NewCase, register
from jq_console.store.engine import make_engine
from jq_console.store.intake import import_submission
from jq_console.ui.app import create_app
from jq_console.ui.dashboard_app import DashboardApp

BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA)  # Monday
OSC52 = "\x1b]52;c;SGFja2Vk\x07"
CLEAR = "\x1b[2J"
MARKUP_CLIENT = "Comercial [/b] Andina"
BRACKET_CLIENT = "Ferretería [El Tornillo] Ltda."
HOSTILE_TITLE = f"[bold]Hostil[/bold] {OSC52}factura{CLEAR} caída"
# What may reach the screen: printable text, and the newline that separates lines here.
CONTROLS = {chr(n) for n in range(32)} - {"\n"} | {chr(n) for n in range(0x7F, 0xA0)}


def runtime() -> Runtime:
    return load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW))


def screen_text(app: App[None]) -> str:
    """Every character the screen would draw now (toasts included: they are on the screen)."""
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


def new_case(engine_url: str, rt: Runtime, client_id: int, title: str, severity: Severity, opened: str) -> str:
    engine = make_engine(engine_url)
    try:
        service: Service = "subscription"
        level = 3
        verdict = evaluate(rt.policy, Registration(service, level, True, "other", "form", severity, "fault"))
        opened_at = datetime.fromisoformat(opened).replace(tzinfo=BOGOTA).timestamp()
        new = NewCase(client_id, None, title, "Detalle", severity, "fault", "form", opened_at=opened_at)
        return register(engine, rt, new, verdict, ADMIN).code
    finally:
        engine.dispose()


def storable(value: str) -> str:
    """What a raw writer can store at all: no database driver encodes a lone surrogate."""
    return value.encode("utf-8", "replace").decode("utf-8")


def plant(url: str, client_id: int, client_name: str, code: str, title: str) -> None:
    """Write a row raw, bypassing every check at entry."""
    client_name, title = storable(client_name), storable(title)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE client SET name = :n WHERE id = :i"), {"n": client_name, "i": client_id})
            connection.execute(text('UPDATE "case" SET title = :t WHERE code = :c'), {"t": title, "c": code})
    finally:
        engine.dispose()


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[str, dict[str, str]]:
    """An office with a late S3 case of a client named with markup and a hostile title, and a case
    of a client whose name has brackets."""
    db = tmp_path / "hostile.sqlite"
    make_office(db)
    rt = runtime()
    url = str(db)
    engine = make_engine(url)
    other = directory.add_client(engine, "800197268-4", "Otro", "subscription", 3)
    engine.dispose()
    codes = {
        "late": new_case(url, rt, 1, "x", "S3", "2026-12-04T09:00"),
        "bracket": new_case(url, rt, other, "Pedido de [El Tornillo]", "S2", "2026-12-07T09:00"),
    }
    plant(url, 1, f"{MARKUP_CLIENT}{OSC52}", codes["late"], HOSTILE_TITLE)
    plant(url, other, BRACKET_CLIENT, codes["bracket"], "Pedido de [El Tornillo]")
    return url, codes


def assert_plain(shown: str) -> None:
    assert not CONTROLS & set(shown), sorted(CONTROLS & set(shown))


async def test_markup_names_render_literally_and_their_toast_does_not_crash(
    hostile: tuple[str, dict[str, str]],
) -> None:
    url, codes = hostile
    engine = make_engine(url)
    app = create_app(Services(engine, runtime(), ADMIN, "admin"), live=False)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        queue = screen_text(app)
        assert MARKUP_CLIENT in queue and "Ferretería [El Torn" in queue  # cut to its column (beside the mark column)
        assert "[bold]Hostil[/bold] factura caída" in queue
        assert_plain(queue)
        kind = label("kind", "assignment")
        app.screen.notify(t("ui.breach", code=codes["late"], kind=kind, client=f"{MARKUP_CLIENT}{OSC52}"))
        await settle(pilot)  # on main the toast raised MarkupError here and the console closed
        toast = screen_text(app)
        # the queue's line cuts it to its column; the selected line and the toast show all of it
        assert f"{codes['late']}" in toast and toast.count(MARKUP_CLIENT) >= 2 and "Comercial [/b] And" in toast
        assert_plain(toast)
        case = await show_case(app, pilot, codes["late"])
        shown = screen_text(app)
        assert f"{MARKUP_CLIENT} (NIT 900123456-8)" in shown and "[bold]Hostil[/bold] factura caída" in shown
        assert_plain(shown)
        assert case.case is not None
        app.pop_screen()
        await show_case(app, pilot, codes["bracket"])
        assert f"{BRACKET_CLIENT} (NIT 800197268-4)" in screen_text(app)
    assert app.return_code in (0, None)
    engine.dispose()


async def test_the_dashboard_shows_hostile_names_as_plain_text(hostile: tuple[str, dict[str, str]]) -> None:
    url, codes = hostile
    services = dashboard_services(url, runtime(), login="super")
    app = DashboardApp(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert codes["late"] in shown and MARKUP_CLIENT[:-1] in shown  # cut to its column
        assert_plain(shown)
    services.engine.dispose()


# ---- random text through intake, registration and every screen that shows it -----------------------

TEXTS = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from("[]/\\=@+-\x1b\x07\x9b\x9d\u202e\u2066\u0301\u05d0\ud800 ab"), max_size=60),
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(5_000, 14_000)),
)


@pytest.fixture(scope="session")
def random_office() -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="jq-random-")
    db = Path(folder) / "random.sqlite"
    make_office(db)
    yield str(db)
    shutil.rmtree(folder, ignore_errors=True)


async def _render(url: str, code: str) -> None:
    engine = make_engine(url)
    app = create_app(Services(engine, runtime(), ADMIN, "admin"), live=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert_plain(screen_text(app))
            await show_case(app, pilot, code)
            assert_plain(screen_text(app))
    finally:
        engine.dispose()
    services = dashboard_services(url, runtime(), login="super")
    board = DashboardApp(services, live=False)
    try:
        async with board.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert_plain(screen_text(board))
    finally:
        services.engine.dispose()


# No shrinking: each example opens three screens, and a failure is clear from its first example.
@pytest.mark.long
@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=TEXTS, description=TEXTS, name=TEXTS)
def test_random_text_goes_in_or_is_refused_and_never_reaches_the_screen_raw(
    random_office: str, title: str, description: str, name: str
) -> None:
    rt = runtime()
    engine = make_engine(random_office)
    try:
        directory.update_client(engine, "900123456-8", name=name or "Cliente")
        item = {
            "submission_id": f"R-{abs(hash((title, description, name)))}",
            "nit": "900123456-8",
            "reporter_email": "ana@cliente.com.co",
            "severity": "S3",
            "category": "fault",
            "title": title,
            "description": description,
            "submitted_at": "2026-12-07T09:00:00-05:00",
        }
        try:
            submission = parse_submission(item, BOGOTA, NOW.timestamp(), rt.policy.limits)
            code = import_submission(engine, rt, submission, ADMIN).code
        except SubmissionError:
            try:  # what the registration screen would store with the same text
                code = new_case(random_office, rt, 1, title, "S3", "2026-12-07T09:00")
            except TextRefused:
                code = new_case(random_office, rt, 1, "Título", "S3", "2026-12-07T09:00")
        plant(random_office, 1, name, code, title)  # and as a raw writer would have left it
    finally:
        engine.dispose()
    asyncio.run(_render(random_office, code))


# ---- the bytes the real console writes to its terminal ------------------------------------------------


def _read_until(master: int, out: bytearray, marker: bytes, reads: int) -> bool:
    """Read what the program writes, at most `reads` times, until `marker` has been written after
    what `out` already held."""
    start = len(out)
    for _ in range(reads):
        ready, _, _ = select.select([master], [], [], 0.25)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program closed its terminal
            return False
        if not chunk:
            return False
        out.extend(chunk)
        if marker and out.find(marker, start) >= 0:
            return True
    return False


def _terminal_bytes(args: list[str], keys: list[tuple[bytes, bytes]]) -> bytes:
    """Run the real program in a pseudo-terminal (160x48, xterm), type `keys` (each once its marker
    has been written since the key before) and return every byte it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
    # COLUMNS and LINES win over the terminal's own size when set (a test runner may set them).
    environment = env(ADMIN) | {"TERM": "xterm-256color", "COLUMNS": "160", "LINES": "48"}
    process = subprocess.Popen(
        [sys.executable, "-m", "jq_console", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environment,
        start_new_session=True,
    )
    os.close(slave)
    out = bytearray()
    try:
        typed: bytes | None = None
        for marker, key in keys:
            seen = _read_until(master, out, marker, 100)
            for _ in range(3):  # a key typed while the screen was still settling may be lost: type it again
                if seen or typed is None:
                    break
                os.write(master, typed)
                seen = _read_until(master, out, marker, 100)
            assert seen, f"never saw {marker!r}: {bytes(out[-300:])!r}"
            os.write(master, key)
            typed = key
        for _ in range(10):  # a key typed while a screen changes may be lost: ask again, a bounded number of times
            _read_until(master, out, b"", 8)
            if process.poll() is not None:
                break
            os.write(master, b"q")
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return bytes(out)


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    db = str(tmp_path / "demo.sqlite")
    made = subprocess.run(
        [sys.executable, "-m", "jq_console", "--db", db, "demo", "--cases", "12"],
        env=env(ADMIN),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    engine = make_engine(db)
    with engine.begin() as connection:
        connection.execute(text('UPDATE "case" SET title = :t'), {"t": f"Hostil {OSC52}factura{CLEAR} caída"})
        connection.execute(text("UPDATE client SET name = :n"), {"n": f"{MARKUP_CLIENT} {OSC52}"})
        connection.execute(text("UPDATE agent SET name = :n"), {"n": f"Vigilante {CLEAR}{OSC52}"})
    engine.dispose()
    return db


def test_no_escape_from_a_title_or_a_name_reaches_the_console_terminal(demo_db: str) -> None:
    written = _terminal_bytes(
        ["--db", demo_db],
        [
            (b"Hostil", b"\r"),  # the queue shows the titles: open the case under the cursor
            (t("ui.case.clocks").encode(), b"\x1b"),  # the case screen (its clocks heading): back
            (t("ui.key.unassigned").encode(), b"q"),  # the queue again: quit
        ],
    )
    assert b"Hostil factura" in written
    assert b"\x1b]52" not in written  # nobody's clipboard written
    assert b"\x1b[2J" not in written  # no screen cleared by a title
    assert MARKUP_CLIENT.encode() in written


def test_no_escape_from_a_title_or_a_name_reaches_the_dashboard_terminal(demo_db: str) -> None:
    written = _terminal_bytes(["--db", demo_db, "dashboard"], [(b"Vigilante", b"q")])  # the agents' names
    assert b"\x1b]52" not in written and b"\x1b[2J" not in written
