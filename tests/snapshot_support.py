"""Every screen and dialog of the console as a user reaches it, on seeded demo data and a clock that
moves only when the scenario moves it: the snapshot tests (in Spanish, in this process) and the
English ones (in a fresh interpreter, since binding labels are bound at import) share them.

A `Shot` names the app it starts, the keys and waits that reach the screen, and the screen class
it must end on; `SHOTS` is checked against the screen classes in `jq_console/ui/screens/`."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pilot_support import answer_yes_if_asked, queue_cases, settle, settle_until, steady_cursors
from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea
from textual.widgets._footer import FooterKey

from jq_console.application import finder, mail_in
from jq_console.application.conversation import add_entry
from jq_console.application.oversight import dashboard_services
from jq_console.application.services import Services
from jq_console.domain.cases import Case, allowed_actions
from jq_console.domain.conversation import Draft
from jq_console.domain.lifecycle import RECLASSIFY_KINDS
from jq_console.domain.oversight import breaches
from jq_console.domain.quotes import QuoteLine
from jq_console.store import cases as case_store
from jq_console.store import studies as study_store
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.dashboard_app import DashboardApp
from jq_console.ui.screens.agreed_deadline_dialog import AgreedDeadlineDialog
from jq_console.ui.screens.assign_dialog import AssignDialog
from jq_console.ui.screens.billing import BillingScreen
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.case_finder import CaseFinderScreen
from jq_console.ui.screens.case_study import CaseStudyScreen
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.screens.conversation_dialog import ConversationDialog
from jq_console.ui.screens.dashboard import DashboardScreen
from jq_console.ui.screens.edit_case_dialog import EditCaseDialog
from jq_console.ui.screens.entry_correction_dialog import EntryCorrectionDialog
from jq_console.ui.screens.go_to_dialog import GoToDialog
from jq_console.ui.screens.help import HelpScreen
from jq_console.ui.screens.log_time_dialog import LogTimeDialog
from jq_console.ui.screens.mail_inbox import MailInboxScreen
from jq_console.ui.screens.moves_menu import MovesMenu
from jq_console.ui.screens.new_contact_dialog import NewContactDialog
from jq_console.ui.screens.notify_dialog import NotifyDialog
from jq_console.ui.screens.palette import Palette
from jq_console.ui.screens.queue import QueueScreen
from jq_console.ui.screens.quit_dialog import QuitWithTimerDialog
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.reassign_dialog import ReassignDialog
from jq_console.ui.screens.recategorize_dialog import RecategorizeDialog
from jq_console.ui.screens.reclassify_dialog import ReclassifyDialog
from jq_console.ui.screens.refer_dialog import ReferDialog
from jq_console.ui.screens.registration import RegistrationScreen
from jq_console.ui.screens.timer_overrun_dialog import TimerOverrunDialog
from jq_console.ui.widgets.case_timeline import CaseTimeline
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.queue_view import QueueView
from jq_console.ui.widgets.work_timer import running_timer

BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA)  # a Monday, both schedules open
SIZES = [(80, 24), (160, 48)]
SEED = 11


class HandClock:
    """Stopped at `NOW` until a scenario moves it (a work timer needs time to pass)."""

    def __init__(self) -> None:
        self.at = NOW.timestamp()

    def __call__(self) -> float:
        return self.at

    def move_to(self, moment: datetime) -> None:
        self.at = moment.timestamp()


Scenario = Callable[[Pilot[None]], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    app: Callable[[Path], App[None]]
    scenario: Scenario
    screen: type[Screen[Any]]  # what must be on top when the picture is taken

    async def run(self, pilot: Pilot[None]) -> None:
        await self.scenario(pilot)
        await finish(pilot, self.screen)


async def finish(pilot: Pilot[None], expected: type[Screen[Any]]) -> None:
    """The picture is of `expected`, fully loaded, with no toast over it (an error would show as
    one) and no cursor half-way through a blink."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app.screen, expected), f"{type(app.screen).__name__} on top, not {expected.__name__}"
    assert not app.screen.query("Toast"), [str(toast.render()) for toast in app.screen.query("Toast")]
    assert footer_keys_cut(app) == [], footer_keys_cut(app)
    steady_cursors(app)
    await settle(pilot, rounds=1)


def footer_keys_cut(app: App[None]) -> list[str]:
    """The footer keys not shown whole: past the footer's end or under the palette's label."""
    cut = []
    for footer in app.screen.query(KeyFooter):
        keys = list(footer.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        end = min([key.region.x for key in palette], default=footer.region.right)
        for key in keys:
            whole = len(key.key_display) + len(key.description) + 1
            if key not in palette and (key.region.right > end or key.region.width < whole):
                cut.append(f"{key.key_display} {key.description}")
    return cut


# -- the apps ---------------------------------------------------------------------------------------
# Each kind of demo database is filled once per test session and copied for every test (filling
# is most of an app's start-up); the copies are identical, so the pictures are too.
_TEMPLATES: dict[str, Path] = {}
_TEMPLATE_DIR = Path(tempfile.mkdtemp(prefix="jq-console-snapshots-"))
atexit.register(shutil.rmtree, _TEMPLATE_DIR, True)


def remove_templates() -> None:
    """conftest's pytest_sessionfinish: a test worker process may end without running atexit."""
    shutil.rmtree(_TEMPLATE_DIR, True)
    _TEMPLATES.clear()


def demo_copy(tmp_path: Path, cases: int, *, with_study: bool = False) -> Services:
    """The services of "ana" (admin) on a fresh copy of a seeded demo database."""
    kind = f"demo-{cases}{'-study' if with_study else ''}"
    template = _TEMPLATES.get(kind)
    if template is None:
        template = _TEMPLATE_DIR / f"{kind}.sqlite"
        made = demo_services(str(template), login="ana", cases=cases, seed=SEED, clock=HandClock())
        if with_study:
            save_demo_study(made)
        made.engine.dispose()  # the last connection closed: the write-ahead log is folded in
        _TEMPLATES[kind] = template
    target = tmp_path / "snap.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{template}{suffix}").exists():
            shutil.copyfile(f"{template}{suffix}", f"{target}{suffix}")
    return demo_services(str(target), login="ana", clock=HandClock())


def first_feature_request(services: Services) -> str:
    cases = sorted(case_store.open_cases(services.engine), key=lambda c: c.code)
    return next(c.code for c in cases if c.category == "feature_request")


def save_demo_study(services: Services) -> None:
    """A quote for custom development on the first open feature request."""
    study_store.save_study(
        services.engine,
        services.runtime,
        first_feature_request(services),
        "ana",
        "custom_development",
        "Reporte de ventas por bodega",
        "Entrega en cuatro semanas",
        [QuoteLine("Análisis y diseño", 360), QuoteLine("Desarrollo y pruebas", 1350)],
    )


def console(tmp_path: Path) -> JQConsoleApp:
    """The console of "ana" (admin) on 60 seeded demo cases."""
    return create_app(demo_copy(tmp_path, 60), live=False)


def console_with_study(tmp_path: Path) -> JQConsoleApp:
    """120 demo cases (November has billed work) and a quote on the first open feature request."""
    services = demo_copy(tmp_path, 120, with_study=True)
    app = create_app(services, live=False)
    app.feature_code = first_feature_request(services)  # type: ignore[attr-defined]
    return app


def console_with_mail(tmp_path: Path) -> JQConsoleApp:
    """The console with two messages waiting in the unclassified inbox."""
    services = demo_copy(tmp_path, 60)
    for number, (sender, subject, body) in enumerate(
        [
            ("Pedro Gómez <pedro@cliente.test>", "La impresora no imprime", "Desde ayer no imprime facturas."),
            ("ofertas@boletin.test", "Descuentos de fin de año", "Compre ya."),
        ]
    ):
        message = f"From: {sender}\r\nSubject: {subject}\r\nMessage-ID: <snap{number}@cliente.test>\r\n\r\n{body}\r\n"
        mail_in.take_in(services.engine, services.runtime, "ana", message.encode())
    return create_app(services, live=False)


def dashboard(tmp_path: Path) -> DashboardApp:
    """The supervisors' dashboard, read-only, over the same 60 demo cases."""
    written = demo_copy(tmp_path, 60)
    written.engine.dispose()
    return DashboardApp(dashboard_services(str(tmp_path / "snap.sqlite"), written.runtime, login="ana"), live=False)


def clock_of(app: App[None]) -> HandClock:
    clock = app.services.runtime.clock  # type: ignore[attr-defined]
    assert isinstance(clock, HandClock)
    return clock


# -- the console's screens --------------------------------------------------------------------------
async def on_queue(pilot: Pilot[None]) -> None:
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await pilot.press("down", "down")


def queue_of(pilot: Pilot[None]) -> QueueScreen:
    screen = pilot.app.screen
    assert isinstance(screen, QueueScreen)
    return screen


async def on_case(pilot: Pilot[None]) -> None:
    await on_queue(pilot)
    await pilot.press("down", "enter")
    await settle_until(pilot, lambda: getattr(pilot.app.screen, "case", None) is not None, "the case loaded")


async def on_registration(pilot: Pilot[None]) -> None:
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await pilot.press("n")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, RegistrationScreen), "registration open")
    await pilot.press("h", "o", "t", "e", "l", "enter")


async def on_mail_inbox(pilot: Pilot[None]) -> None:
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await pilot.press("M")
    await settle_until(pilot, lambda: bool(getattr(pilot.app.screen, "items", None)), "the inbox loaded")


async def on_help(pilot: Pilot[None]) -> None:
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await pilot.press("f1")


async def on_palette(pilot: Pilot[None]) -> None:
    """The command palette, every entry listed (Textual's own in the interface language too)."""
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await pilot.press("ctrl+p")

    def listed() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, Palette) and screen.query_one(CommandList).option_count > 0

    await settle_until(pilot, listed, "the palette listed its commands")


async def on_billing(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.push_screen(BillingScreen(2026, 11))
    await settle_until(pilot, lambda: billing_of(pilot).bill is not None, "November billed")
    bill = billing_of(pilot).query_one("#billing-table", DataTable)
    bill.focus()  # the keys below go to the bill whatever took the focus while it loaded
    bill.move_cursor(row=0)
    await settle(pilot)
    await pilot.press("down", "enter")  # the first case line: its time entries open below
    await settle_until(pilot, lambda: entries_listed(pilot), "the entries of a case")


def entries_listed(pilot: Pilot[None]) -> bool:
    """A case line of the bill is open and every one of its entries is in the table below."""
    screen = billing_of(pilot)
    table = screen.query_one("#billing-entries", DataTable)
    return screen.shown is not None and table.row_count == len(screen.shown.entries) > 0


def billing_of(pilot: Pilot[None]) -> BillingScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BillingScreen)
    return screen


async def on_entry_correction(pilot: Pilot[None]) -> None:
    await on_billing(pilot)
    await pilot.press("O")  # corrects the entry under the entries' cursor, the first


async def on_study(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.push_screen(CaseStudyScreen(pilot.app.feature_code))  # type: ignore[attr-defined]
    await settle_until(pilot, lambda: study_of(pilot).study is not None, "the saved study")


def study_of(pilot: Pilot[None]) -> CaseStudyScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CaseStudyScreen)
    return screen


async def on_dashboard(pilot: Pilot[None]) -> None:
    def loaded() -> bool:  # the status line says when the figures were read
        screen = pilot.app.screen
        return isinstance(screen, DashboardScreen) and bool(str(screen.query_one("#dash-status", Static).content))

    await settle_until(pilot, loaded, "the dashboard loaded")


async def on_dashboard_past(pilot: Pilot[None]) -> None:
    """Two months before the frozen clock's (October 2026, with breaches to draw), chosen with `[` `[`."""
    await on_dashboard(pilot)
    await pilot.press("left_square_bracket", "left_square_bracket")

    def shown() -> bool:
        screen = pilot.app.screen
        view = getattr(screen, "view", None)
        return view is not None and (view.figures.month.year, view.figures.month.month) == (2026, 10)

    await settle_until(pilot, shown, "October on the dashboard")


# -- dialogs, opened from a case screen by their key --------------------------------------------------
def first_case(app: App[None], wanted: Callable[[Case], bool]) -> str:
    """The first open case (by code) that `wanted` accepts: the demo is seeded, so always the same."""
    services = app.services  # type: ignore[attr-defined]
    cases = sorted(case_store.open_cases(services.engine), key=lambda c: c.code)
    return next(c.code for c in cases if wanted(c))


def allows(action: str, also: Callable[[Case], bool] = lambda _c: True) -> Callable[[Case], bool]:
    return lambda case: action in allowed_actions(case, "ana", "admin") and also(case)


async def open_case(pilot: Pilot[None], wanted: Callable[[Case], bool]) -> CaseScreen:
    await settle(pilot)
    pilot.app.push_screen(CaseScreen(first_case(pilot.app, wanted)))
    await settle_until(pilot, lambda: getattr(pilot.app.screen, "case", None) is not None, "the case loaded")
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    return screen


def case_dialog(wanted: Callable[[Case], bool], key: str, dialog: type[Screen[Any]]) -> Scenario:
    async def scenario(pilot: Pilot[None]) -> None:
        await open_case(pilot, wanted)
        await pilot.press(key)
        if dialog is not ConfirmDialog:  # another agent's case: asked first, and said yes
            await answer_yes_if_asked(pilot)
        await settle_until(pilot, lambda: isinstance(pilot.app.screen, dialog), f"{dialog.__name__} open")

    return scenario


async def on_reclassify(pilot: Pilot[None]) -> None:
    """A fault (S2 or S3 by the policy) moved to the other severity, misclassified: the deadlines
    it would give show before accepting."""
    screen = await open_case(pilot, allows("reclassify", lambda c: c.category == "fault" and c.severity in FAULTS))
    await pilot.press("k")
    await answer_yes_if_asked(pilot)
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, ReclassifyDialog), "reclassify open")
    assert screen.case is not None
    dialog = pilot.app.screen
    dialog.query_one("#severity", Select).value = next(s for s in FAULTS if s != screen.case.severity)
    dialog.query_one("#kind", Select).value = RECLASSIFY_KINDS[0]


FAULTS = ("S2", "S3")  # the severities the shipped policy allows a fault


async def on_recategorize(pilot: Pilot[None]) -> None:
    """A fault found to be a local network problem: out of scope, and the policy's answer shown."""
    await open_case(pilot, allows("reclassify", lambda c: c.category == "fault"))
    await pilot.press("y")
    await answer_yes_if_asked(pilot)  # another agent's case: asked first
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, RecategorizeDialog), "recategorize open")
    pilot.app.screen.query_one("#category", Select).value = "out_of_scope"


async def on_refer(pilot: Pilot[None]) -> None:
    screen = await open_case(pilot, allows("refer", lambda c: c.category == "out_of_scope"))
    await settle_until(pilot, lambda: bool(screen.partners), "the partners loaded")
    await pilot.press("f")
    await answer_yes_if_asked(pilot)
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, ReferDialog), "refer open")


async def on_quit_with_timer(pilot: Pilot[None]) -> None:
    """A timer started 25 minutes ago on a case, then q."""
    await open_case(pilot, allows("log_time"))
    await pilot.press("T")
    await settle_until(pilot, lambda: running_timer(pilot.app) is not None, "the timer started")
    clock_of(pilot.app).move_to(NOW + timedelta(minutes=25))
    await pilot.press("q")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, QuitWithTimerDialog), "quit asked")


async def on_timer_overrun(pilot: Pilot[None]) -> None:
    """A timer started at 10:00 and stopped at 20:30, after the case's working day ended."""
    await open_case(pilot, allows("log_time", lambda c: c.severity != "S3"))
    await pilot.press("T")
    await settle_until(pilot, lambda: running_timer(pilot.app) is not None, "the timer started")
    clock_of(pilot.app).move_to(NOW.replace(hour=20, minute=30))
    await pilot.press("T")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, TimerOverrunDialog), "overrun asked")


async def on_case_client(pilot: Pilot[None]) -> None:
    """The case screen with the client: beside it when wide, in its place (F2) when narrow."""
    screen = await open_case(pilot, lambda c: c.agent is not None)
    if screen.size.width < 140:
        await pilot.press("f2")


async def on_moves_menu(pilot: Pilot[None]) -> None:
    await open_case(pilot, allows("resolve", lambda c: c.agent is not None))
    await pilot.press("enter")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, MovesMenu), "the moves menu")


async def on_reassign(pilot: Pilot[None]) -> None:
    """A supervisor marks the first two cases of an agent who is away and hands them over."""
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    view = queue_of(pilot).query_one(QueueView)
    cases = queue_cases(pilot.app.services, view)  # type: ignore[attr-defined]
    held = [index for index, case in enumerate(cases) if case.agent == "jvargas"][:2]
    for index in held:
        view.cursor = index
        await pilot.press("space")
    await pilot.press("R")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, ReassignDialog), "the reassign dialog")


def breached(case: Case) -> bool:
    return bool(breaches(case, NOW.timestamp()))


SHOTS: dict[str, Shot] = {
    "queue": Shot(console, on_queue, QueueScreen),
    "case": Shot(console, on_case, CaseScreen),
    "case_client": Shot(console, on_case_client, CaseScreen),
    "moves_menu": Shot(console, on_moves_menu, MovesMenu),
    "reassign": Shot(console, on_reassign, ReassignDialog),
    "confirm": Shot(
        console, case_dialog(allows("wait", lambda c: c.agent not in (None, "ana")), "w", ConfirmDialog), ConfirmDialog
    ),
    "registration": Shot(console, on_registration, RegistrationScreen),
    "help": Shot(console, on_help, HelpScreen),
    "mail_inbox": Shot(console_with_mail, on_mail_inbox, MailInboxScreen),
    "palette": Shot(console, on_palette, Palette),
    "dashboard": Shot(dashboard, on_dashboard, DashboardScreen),
    "dashboard_past": Shot(dashboard, on_dashboard_past, DashboardScreen),
    "billing": Shot(console_with_study, on_billing, BillingScreen),
    "case_study": Shot(console_with_study, on_study, CaseStudyScreen),
    "entry_correction": Shot(console_with_study, on_entry_correction, EntryCorrectionDialog),
    "assign": Shot(
        console, case_dialog(allows("assign", lambda c: c.agent is not None), "p", AssignDialog), AssignDialog
    ),
    "agreed_deadline": Shot(
        console, case_dialog(allows("agree_deadline"), "d", AgreedDeadlineDialog), AgreedDeadlineDialog
    ),
    "corrective": Shot(console, case_dialog(breached, "a", ReasonDialog), ReasonDialog),
    "log_time": Shot(console, case_dialog(allows("log_time"), "l", LogTimeDialog), LogTimeDialog),
    "notify": Shot(console, case_dialog(allows("notify"), "3", NotifyDialog), NotifyDialog),
    "reason": Shot(console, case_dialog(allows("wait"), "w", ReasonDialog), ReasonDialog),
    "reclassify": Shot(console, on_reclassify, ReclassifyDialog),
    "recategorize": Shot(console, on_recategorize, RecategorizeDialog),
    "refer": Shot(console, on_refer, ReferDialog),
    "quit_with_timer": Shot(console, on_quit_with_timer, QuitWithTimerDialog),
    "timer_overrun": Shot(console, on_timer_overrun, TimerOverrunDialog),
}


# -- finding any case and its conversation (go-to, past work, the timeline and its dialogs) -----------
def first_resolved(app: App[None]) -> str:
    services = app.services  # type: ignore[attr-defined]
    return finder.find(services.engine, "", "resolved").cases[-1].code  # the oldest: always the same


async def on_go_to(pilot: Pilot[None]) -> None:
    """`g` from the queue with words that several cases match: the pick list."""
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await pilot.press("g")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, GoToDialog), "go-to open")
    await pilot.press(*"medellin", "enter")
    dialog = pilot.app.screen
    await settle_until(pilot, lambda: dialog.query_one("#goto-pick", OptionList).option_count > 0, "the pick list")


async def on_case_finder(pilot: Pilot[None]) -> None:
    """Past work: the resolved cases, newest first."""
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await pilot.press("h")
    await settle_until(
        pilot,
        lambda: isinstance(pilot.app.screen, CaseFinderScreen) and bool(pilot.app.screen.cases),
        "past work listed",
    )


async def on_case_conversation(pilot: Pilot[None]) -> None:
    """A resolved case with a call, a note and a message to the client among its moves."""
    await settle(pilot)
    app = pilot.app
    services = app.services  # type: ignore[attr-defined]
    code = first_resolved(app)
    runtime = services.runtime
    now = runtime.now()
    for draft in (
        Draft("call", "El cliente dice que volvió a fallar\ndesde esta mañana", "in", "ana@cliente.com.co", now - 3600),
        Draft("note", "Revisar el registro del servidor antes de reabrir"),
        Draft("to_client", "Le escribimos para confirmar la visita de mañana"),
    ):
        add_entry(services.engine, runtime, "ana", code, draft)
    app.push_screen(CaseScreen(code))
    await settle_until(pilot, lambda: getattr(app.screen, "case", None) is not None, "the case loaded")
    timeline = app.screen.query_one(CaseTimeline)
    await settle_until(pilot, lambda: len(timeline.entries) == 3, "the conversation loaded")
    timeline.scroll_visible(animate=False, top=True)  # at 80x24 the timeline is below the fields


def on_resolved_case(key: str, dialog: type[Screen[Any]]) -> Scenario:
    async def scenario(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.push_screen(CaseScreen(first_resolved(pilot.app)))
        await settle_until(pilot, lambda: getattr(pilot.app.screen, "case", None) is not None, "the case loaded")
        await pilot.press(key)
        await settle_until(pilot, lambda: isinstance(pilot.app.screen, dialog), f"{dialog.__name__} open")

    return scenario


async def on_conversation_call(pilot: Pilot[None]) -> None:
    """The conversation dialog set to an incoming call, with its contact and a two-line text."""
    await on_resolved_case("N", ConversationDialog)(pilot)
    dialog = pilot.app.screen
    dialog.query_one("#kind", Select).value = "call"
    await settle(pilot)
    dialog.query_one("#contact", Input).value = "ana@cliente.com.co"
    dialog.query_one("#text", TextArea).text = "Llamó la USR: el módulo volvió a fallar.\nPide visita."
    dialog.query_one("#text", TextArea).cursor_blink = False  # a steady cursor, like steady_cursors' inputs


SHOTS.update(
    {
        "go_to": Shot(console, on_go_to, GoToDialog),
        "case_finder": Shot(console, on_case_finder, CaseFinderScreen),
        "case_conversation": Shot(console, on_case_conversation, CaseScreen),
        "conversation": Shot(console, on_conversation_call, ConversationDialog),
        "edit_case": Shot(console, on_resolved_case("E", EditCaseDialog), EditCaseDialog),
        "new_contact": Shot(console, on_resolved_case("ctrl+n", NewContactDialog), NewContactDialog),
    }
)
