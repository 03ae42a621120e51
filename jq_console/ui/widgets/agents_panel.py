"""Who is free: every active agent's availability and open cases, and the free agents each
unassigned urgency (S3) should go to.

The panel loads itself from the app's services, so any screen can mount it as it is. In the
console (a writable database) it also keeps its own agent's `last_seen` fresh, which is what
keeps them from showing as away; the read-only dashboard never writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import DataTable, Static

from jq_console.application import presence as agent_presence
from jq_console.application.services import Services
from jq_console.domain.presence import AVAILABILITIES, next_silence
from jq_console.i18n import label, t
from jq_console.store import presence
from jq_console.store.presence import Board, Presence
from jq_console.store.readonly import reads_immutable
from jq_console.ui.database_pulse import pulse_of
from jq_console.ui.support import SteadyStatic, failure_text, one_line, services_of
from jq_console.ui.widgets.plain_table import PlainTable

COLOURS = {"available": "green", "busy": "yellow", "away": "grey50"}
READ_EVERY_BEATS = 2  # a busy database is read for the panel every other beat of the pulse (~2 s)
NAME_WIDTH = 14  # "Laura Restrepo", in the 34 columns the console leaves the panel; a longer one ends in "…"
GAP = 1  # between columns: the table has no cell padding, so the three columns fit those 34
MAX_URGENT_NAMED = 3  # unassigned urgencies named by code; the rest are counted
MAX_FREE_NAMED = 3  # free agents named, least loaded first; the rest are counted


class AgentsPanel(Widget, can_focus=True):
    DEFAULT_CSS = """
    AgentsPanel { height: 1fr; }
    AgentsPanel > #agents-title { text-style: bold; padding: 0 1; }
    AgentsPanel > DataTable { height: 1fr; }
    AgentsPanel > #agents-free { height: auto; max-height: 6; padding: 0 1; color: $warning; }
    """
    BINDINGS = [
        Binding(
            "D",
            "cycle_availability",
            t("agents.key.availability"),
            tooltip=t("agents.tip.availability"),
            id="agents.availability",
        )
    ]

    class Loaded(Message):
        def __init__(self, board: Board) -> None:
            super().__init__()
            self.board = board

    @dataclass
    class Told(Message):
        """A sentence for the agent from a worker; `reload` reads the board again afterwards."""

        text: str
        severity: SeverityLevel = "information"
        reload: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._board: Board | None = None
        # Live, the panel follows the console's pulse (`ui.database_pulse`): it reads the board only
        # when the database changed, a read was asked for, or someone's silence turns them away; a
        # busy database is read for it at most every READ_EVERY_BEATS beats.
        self._asked = True  # the first round reads
        self._pending = False  # a change not read yet: it came sooner than READ_EVERY_BEATS after the last read
        self._beats = READ_EVERY_BEATS  # beats since the last read
        self._next_silence: float | None = None

    @property
    def services(self) -> Services:
        return services_of(self)

    def compose(self) -> ComposeResult:
        yield Static(t("agents.title"), id="agents-title")
        yield PlainTable(cursor_type="none", zebra_stripes=True, show_cursor=False, cell_padding=0)
        yield SteadyStatic("", id="agents-free", markup=False, steady_width=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        states = max(len(label("availability", state)) for state in ("available", "busy", "away"))
        table.add_column(" " + t("dashboard.col.agent"), width=GAP + NAME_WIDTH + GAP)
        table.add_column(t("live.col.state"), width=max(states, len(t("live.col.state"))) + GAP)
        table.add_column(t("agents.col.open"), width=len(t("agents.col.open")))
        pulse = pulse_of(self)
        if not self.live or pulse is None:
            self.load_once()
            return
        pulse.join(self)
        if not self.services.readonly:
            minutes = self.services.runtime.policy.away_after_minutes
            self.heartbeat()
            self.set_interval(max(10.0, minutes * 60 / 3), self.heartbeat)

    @property
    def live(self) -> bool:
        return bool(getattr(self.app, "live", True))

    def on_unmount(self) -> None:
        pulse = pulse_of(self)
        if pulse is not None:
            pulse.leave(self)

    def load(self) -> None:
        """Read the board again now."""
        pulse = pulse_of(self)
        if self.live and pulse is not None:
            self._asked = True
            pulse.wake()
        else:
            self.load_once()

    @work(thread=True, exclusive=True, group="agents-panel")
    def load_once(self) -> None:
        self._read()

    def on_pulse(self, changed: bool) -> None:
        """One beat of the console's pulse: nothing at all while nothing changed."""
        now = self.services.runtime.now()
        silence = self._next_silence is not None and now >= self._next_silence
        asked, self._asked = self._asked, False
        self._beats += 1
        try:
            changed = changed or reads_immutable(self.services.engine)
        except Exception as error:  # noqa: BLE001 - the panel must never take the screen down; say it instead
            self.post_message(self.Told(failure_text(error), "error"))
            return
        pending = self._pending or changed
        if asked or silence or (pending and self._beats >= READ_EVERY_BEATS):
            self._pending, self._beats = False, 0
            self._read()
        else:
            self._pending = pending

    def _read(self) -> None:
        services = self.services
        now, minutes = services.runtime.now(), services.runtime.policy.away_after_minutes
        try:
            result = presence.board(services.engine, now, minutes)
        except Exception as error:  # noqa: BLE001 - the panel must never take the screen down; say it instead
            self.post_message(self.Loaded(Board([], [])))
            self.post_message(self.Told(failure_text(error), "error"))
            return
        self._next_silence = next_silence([p.last_seen for p in result.people], now, minutes)
        self.post_message(self.Loaded(result))

    @work(thread=True, exclusive=True, group="agents-heartbeat")
    def heartbeat(self) -> None:
        services = self.services
        try:
            agent_presence.heartbeat(services.engine, services.runtime, services.login)
        except Exception as error:  # noqa: BLE001 - a missed heartbeat only makes the agent look away; tell them
            self.post_message(self.Told(failure_text(error), "warning"))

    def on_agents_panel_told(self, message: Told) -> None:
        message.stop()
        self.notify(message.text, severity=message.severity)
        if message.reload:
            self.load()

    def on_agents_panel_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.board == self._board:
            return  # read again every few seconds; drawn only when something in it changed
        self._board = message.board
        self.show(message.board)

    def show(self, board: Board) -> None:
        """Draw the board; a case taken or an availability chosen replaces only the cells that changed
        (`PlainTable.show_rows`)."""
        self.query_one(PlainTable).show_rows([(person.login, _cells(person)) for person in board.people])
        self.query_one("#agents-free", SteadyStatic).update(suggestion_text(board))

    def action_cycle_availability(self) -> None:
        if self.services.readonly or self._board is None:
            return
        mine = next((p for p in self._board.people if p.login == self.services.login), None)
        chosen = mine.chosen if mine is not None else "available"
        following = AVAILABILITIES[(AVAILABILITIES.index(chosen) + 1) % len(AVAILABILITIES)]
        self.set_availability(following)

    @work(thread=True, exclusive=True, group="agents-availability")
    def set_availability(self, availability: str) -> None:
        services = self.services
        try:
            agent_presence.set_availability(services.engine, services.runtime, services.login, availability)
        except Exception as error:  # noqa: BLE001 - nothing changed; the agent is told why and may press d again
            self.post_message(self.Told(failure_text(error), "error"))
            return
        self.post_message(
            self.Told(t("office.availability_set", state=label("availability", availability)), reload=True)
        )


def _cells(person: Presence) -> tuple[str, Text, str]:
    """What a person's row shows: name, availability (coloured by it), open cases."""
    availability = Text(label("availability", person.availability), style=COLOURS.get(person.availability, ""))
    return (" " + fit(one_line(person.name), NAME_WIDTH), availability, str(person.open_cases))


def fit(text: str, width: int) -> str:
    """`text` in `width` columns, its end replaced by "…" when it is longer: never silently cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _first_few(items: list[str], most: int) -> tuple[str, int]:
    """The first `most` of `items`, joined, and how many are left out."""
    return ", ".join(items[:most]), max(0, len(items) - most)


def suggestion_text(board: Board) -> str:
    """The unassigned urgencies, then who is free to take them, least loaded first: nothing when
    there is no urgency. Each list names its first few and counts the rest. The free agents are
    the same for every urgency, so they are named once: named again for each urgency, twenty free
    agents in an office filled the panel's lines with the first urgency alone. Names are cut as
    the table cuts them, so that three of them and the count fit the panel's width in three lines."""
    if not board.urgent:
        return ""
    codes, codes_left = _first_few(board.urgent, MAX_URGENT_NAMED)
    lines = [t("agents.urgent_more", codes=codes, count=codes_left) if codes_left else t("agents.urgent", codes=codes)]
    free = [f"{fit(one_line(p.name), NAME_WIDTH)} ({p.open_cases})" for p in presence.free_agents(board.people)]
    names, names_left = _first_few(free, MAX_FREE_NAMED)
    if not free:
        lines.append(t("agents.nobody_free"))
    elif names_left:
        lines.append(t("agents.free_more", names=names, count=names_left))
    else:
        lines.append(t("agents.free", names=names))
    return "\n".join(lines)
