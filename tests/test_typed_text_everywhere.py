"""Text is data on every screen that shows what people typed, and at every entry (docs/security.md):
names with brackets stored through the ordinary paths (a client edited by `admin client edit`, a
contact added in the Ctrl+N dialog, the reporter chosen in the E dialog, a supervisor's login),
and rows planted raw with escape sequences (`hostile`, as a raw writer or an older version left
them). Each test failed before its fix: a markup tag closed the console, or an escape sequence
reached the terminal, or a typed text was stored raw."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from office_support import ADMIN, make_office
from pilot_support import settle, settle_until, show_case, show_study
from sqlalchemy import Engine, text
from test_hostile_console import (  # noqa: F401 - `hostile` is a fixture
    CLEAR,
    MARKUP_CLIENT,
    OSC52,
    assert_plain,
    hostile,
    runtime,
    screen_text,
)
from textual.command import CommandInput
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Select

from jq_console.application import admin, cases, corrections, work
from jq_console.application.services import Services
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.text import plain
from jq_console.store import directory
from jq_console.store.billed_months import close_month
from jq_console.store.cases import Event, NewCase, get_case, history, register
from jq_console.store.engine import make_engine
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.billing import BillingScreen
from jq_console.ui.screens.edit_case_dialog import EditCaseDialog
from jq_console.ui.screens.new_contact_dialog import NewContactDialog
from jq_console.ui.screens.palette import Palette

CONTACT = "Luis [/b] Gómez"
UI = Path(__file__).parent.parent / "jq_console" / "ui"


@pytest.fixture
def bracketed(tmp_path: Path) -> tuple[str, str]:
    """A client and the case's reporter named with a closing tag, through the application only."""
    db = tmp_path / "bracketed.sqlite"
    (code,) = make_office(db, cases=1)
    rt = runtime()
    engine = make_engine(str(db))
    admin.edit_client(engine, ADMIN, "900123456-8", name=MARKUP_CLIENT)
    caller = corrections.add_caller(engine, rt, ADMIN, 1, CONTACT, "3009998877", "")
    corrections.edit_reporter(engine, rt, ADMIN, code, caller.id, "lo reportó Luis")
    engine.dispose()
    return str(db), code


def console(url: str) -> JQConsoleApp:
    return create_app(Services(make_engine(url), runtime(), ADMIN, "admin"), live=False)


async def palette_search(app: JQConsoleApp, pilot: Pilot[None], typed: str, shows: str) -> str:
    """The palette open with `typed` in its field, once a hit shows `shows`."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, Palette)
    app.screen.query_one(CommandInput).value = typed
    await settle_until(pilot, lambda: shows in screen_text(app), f"a hit showing {shows!r}")
    return screen_text(app)


async def case_key(app: JQConsoleApp, pilot: Pilot[None], code: str, key: str) -> None:
    """Case `code` on screen, and `key` pressed there."""
    await show_case(app, pilot, code)
    await pilot.press(key)
    await settle(pilot)


def events(engine: Engine, code: str, kind: str) -> list[Event]:
    case = get_case(engine, code)
    assert case is not None
    return [event for event in history(engine, case.id) if event.kind == kind]


async def test_a_palette_hit_shows_the_client_and_title_as_typed(hostile: tuple[str, dict[str, str]]) -> None:
    url, codes = hostile
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        shown = await palette_search(app, pilot, codes["bracket"], "Ferretería [El Tornillo] Ltda.")
        assert "Pedido de [El Tornillo]" in shown  # the markup dropped both "[El Tornillo]"


async def test_a_palette_hit_of_a_client_named_with_a_closing_tag_leaves_the_console_open(
    bracketed: tuple[str, str],
) -> None:
    url, code = bracketed
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await palette_search(app, pilot, code, MARKUP_CLIENT)  # a MarkupError closed the console
        assert app.is_running and app._exception is None


async def test_the_new_contact_dialog_names_the_client_in_its_title_as_typed(bracketed: tuple[str, str]) -> None:
    url, code = bracketed
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await case_key(app, pilot, code, "ctrl+n")
        assert isinstance(app.screen, NewContactDialog)
        assert app._exception is None and MARKUP_CLIENT in screen_text(app)


async def test_the_edit_dialog_offers_the_contacts_as_typed(bracketed: tuple[str, str]) -> None:
    url, code = bracketed
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await case_key(app, pilot, code, "E")
        assert isinstance(app.screen, EditCaseDialog)
        app.screen.query_one("#field", Select).value = "reporter"
        await settle(pilot)
        assert app._exception is None and CONTACT in screen_text(app)


async def test_the_edit_dialog_opens_on_a_case_without_a_reporter(hostile: tuple[str, dict[str, str]]) -> None:
    url, codes = hostile
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await case_key(app, pilot, codes["bracket"], "E")  # registered without a reporter
        assert app._exception is None and isinstance(app.screen, EditCaseDialog)


async def test_the_edit_dialog_fills_its_fields_without_the_titles_escape_sequences(
    hostile: tuple[str, dict[str, str]],
) -> None:
    url, codes = hostile
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await case_key(app, pilot, codes["late"], "E")
        assert isinstance(app.screen, EditCaseDialog)
        assert_plain(screen_text(app))


async def test_the_queues_client_filter_names_the_client_without_its_escape_sequences(
    hostile: tuple[str, dict[str, str]],
) -> None:
    url, _codes = hostile
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("L")  # the highlighted case's client: MARKUP_CLIENT and OSC 52
        await settle(pilot)
        shown = screen_text(app)
        assert f"· {MARKUP_CLIENT}" in shown  # the filter named on the status line
        assert_plain(shown)


async def test_the_study_screen_shows_the_client_and_title_without_escape_sequences(
    hostile: tuple[str, dict[str, str]],
) -> None:
    url, codes = hostile
    app = console(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await show_study(app, pilot, codes["late"])
        assert "factura" in screen_text(app)
        assert_plain(screen_text(app))


async def test_the_billing_screen_shows_client_names_without_escape_sequences(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "b.sqlite"), cases=80)
    with services.engine.begin() as connection:
        connection.execute(text("UPDATE client SET name = name || :h"), {"h": f"{OSC52}{CLEAR}"})
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2026, 11))
        await settle_until(pilot, lambda: "NIT" in screen_text(app) or "S.A" in screen_text(app), "the month's bill")
        assert_plain(screen_text(app))


async def test_the_billing_screen_names_who_closed_the_month_as_typed(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "g.sqlite"), cases=30)
    closer = "[/b]jefe"  # a login may hold brackets
    admin.add_agent(services.engine, services.login, closer, "Jefe", "supervisor")
    close_month(services.engine, 2026, 1, closer, services.runtime.now(), services.runtime.policy.rates)
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(BillingScreen(2026, 1))
        await settle_until(pilot, lambda: closer in screen_text(app), "the closer named")
        assert app._exception is None


def test_a_time_entrys_note_is_plain_and_within_the_limit_when_it_enters(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite"
    (code,) = make_office(db, cases=1)
    rt = runtime()
    engine = make_engine(str(db))
    work.log_work(engine, rt, ADMIN, code, rt.now() - 3600, 30, f"revisión{OSC52}{CLEAR} hecha")
    logged = events(engine, code, "log_time")[-1]
    assert logged.note == "revisión hecha"
    with pytest.raises(Exception) as refused:
        work.log_work(engine, rt, ADMIN, code, rt.now() - 3600, 30, "x" * (rt.policy.limits.note + 1))
    assert getattr(refused.value, "code", "") == "text.too_long"
    assert len(events(engine, code, "log_time")) == 1
    engine.dispose()


def test_a_referrals_consent_is_plain_when_it_enters(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    make_office(db)
    rt = runtime()
    engine = make_engine(str(db))
    verdict = evaluate(rt.policy, Registration("subscription", 3, True, "usr", "phone", "S3", "out_of_scope", "llamó"))
    new = NewCase(1, 1, "Fuera de alcance", "", "S3", "out_of_scope", "phone", justification="llamó")
    code = register(engine, rt, new, verdict, ADMIN).code
    directory.add_partner(engine, "Socio", "Redes")
    typed = f"Ana{OSC52}{CLEAR}\u202e"
    cases.refer(engine, rt, ADMIN, code, "Socio", typed, rt.now() - 60, typed)
    event = events(engine, code, "refer")[-1]
    engine.dispose()
    assert event.after["consent_by"] == "Ana" and event.after["consent_how"] == "Ana"


def test_a_settings_error_repeats_a_key_without_its_escape_sequence(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[ui]\n"\\u001b]52;c;SGFja2Vk\\u0007x" = 1\n', encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "JQ_CONSOLE_CONFIG": str(config)}
    done = subprocess.run([sys.executable, "-m", "jq_console", "--version"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 2 and b"x" in done.stderr
    assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr, done.stderr


def test_a_usage_error_repeats_a_typed_word_without_its_escape_sequence(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    argv = [sys.executable, "-m", "jq_console", "--lang", "en", "take", "2026-1", "\x1b[31mnope"]
    done = subprocess.run(argv, capture_output=True, env=env, timeout=60)
    assert done.returncode == 2 and b"nope" in done.stderr
    assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    "typed", ["[Ana] Ruiz", "Ferretería [El Tornillo] Ltda.", "[/b] x", "a\\[b]", "C:\\dir\\", "[[x]]"]
)
def test_a_text_for_a_markup_only_place_reads_back_as_typed(typed: str) -> None:
    from jq_console.ui.support import markup_literal

    assert Content.from_markup(markup_literal(typed)).plain == typed


def test_the_arabic_letter_mark_is_removed_with_the_other_bidi_marks() -> None:
    assert plain("abc\u061cdef\u200fghi") == "abcdefghi"


def test_every_static_and_label_of_the_screens_shows_its_words_as_written() -> None:
    """Textual reads a Static's or a Label's words as markup unless told not to: one name with a
    closing tag in it closes the console. No screen or widget of ours uses markup."""
    unmarked = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if called in ("Static", "Label", "SteadyStatic"):
                markup = [k for k in node.keywords if k.arg == "markup"]
                if not (markup and isinstance(markup[0].value, ast.Constant) and markup[0].value.value is False):
                    unmarked.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert not unmarked, unmarked
