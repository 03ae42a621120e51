"""Who is free: every active agent's availability and open cases, and the free agents each
unassigned urgency (S3) should go to.

The panel draws the board its screen gives it (`show`): the queue screen keeps it from the open
cases it holds and the directory it reads (`ui.agents_feed`). In a live console (a writable
database) the panel also keeps its own agent's `last_seen` fresh, which is what keeps them from
showing as away.
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
from textual.widgets import Static

from jq_console.application import presence as agent_presence
from jq_console.application.services import Services
from jq_console.domain.presence import AVAILABILITIES
from jq_console.i18n import label, t
from jq_console.presentation.columns import shorten
from jq_console.store import presence
from jq_console.store.presence import Board, Presence
from jq_console.ui.database_pulse import pulse_of
from jq_console.ui.support import SteadyStatic, failure_text, one_line, services_of
from jq_console.ui.widgets.plain_table import PlainTable

COLOURS = {"available": "green", "busy": "yellow", "away": "grey50"}
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

    class Stale(Message):
        """The board changed by this console's own hand (an availability chosen): its screen reads
        the directory again at once."""

    @dataclass
    class Told(Message):
        """A sentence for the agent from a worker; `reload` asks for the board again afterwards."""

        text: str
        severity: SeverityLevel = "information"
        reload: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._board: Board | None = None
        self._ready = False  # its columns made: a board given before that is drawn then
        self._table = PlainTable(cursor_type="none", zebra_stripes=True, show_cursor=False, cell_padding=0)
        self._suggestion = SteadyStatic("", id="agents-free", markup=False, steady_width=True)

    @property
    def services(self) -> Services:
        return services_of(self)

    def compose(self) -> ComposeResult:
        yield Static(t("agents.title"), id="agents-title", markup=False)
        yield self._table
        yield self._suggestion

    def on_mount(self) -> None:
        table = self._table
        states = max(len(label("availability", state)) for state in ("available", "busy", "away"))
        table.add_column(" " + t("dashboard.col.agent"), width=GAP + NAME_WIDTH + GAP)
        table.add_column(t("live.col.state"), width=max(states, len(t("live.col.state"))) + GAP)
        table.add_column(t("agents.col.open"), width=len(t("agents.col.open")))
        self._ready = True
        if self._board is not None:
            self._draw(self._board)
        if self.live and pulse_of(self) is not None and not self.services.readonly:
            minutes = self.services.runtime.policy.away_after_minutes
            self.heartbeat()
            self.set_interval(max(10.0, minutes * 60 / 3), self.heartbeat)

    @property
    def live(self) -> bool:
        return bool(getattr(self.app, "live", True))

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
            self.post_message(self.Stale())

    def show(self, board: Board) -> None:
        """Draw the board its screen gives it; a case taken or an availability chosen replaces only
        the cells that changed (`PlainTable.show_rows`), and the same board again draws nothing."""
        if board == self._board:
            return
        self._board = board
        if self._ready:
            self._draw(board)

    def _draw(self, board: Board) -> None:
        self._table.show_rows([(person.login, _cells(person)) for person in board.people])
        self._suggestion.update(suggestion_text(board))

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
    return (" " + shorten(one_line(person.name), NAME_WIDTH), availability, str(person.open_cases))


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
    free = [f"{shorten(one_line(p.name), NAME_WIDTH)} ({p.open_cases})" for p in presence.free_agents(board.people)]
    names, names_left = _first_few(free, MAX_FREE_NAMED)
    if not free:
        lines.append(t("agents.nobody_free"))
    elif names_left:
        lines.append(t("agents.free_more", names=names, count=names_left))
    else:
        lines.append(t("agents.free", names=names))
    return "\n".join(lines)
