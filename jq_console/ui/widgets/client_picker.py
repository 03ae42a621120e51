"""Choosing a client by typing part of its name or NIT, with or without accents; the list narrows as you type.

The list only suggests: a client is chosen by Enter or a click, and a line under the search says
which one is (or that none is). Editing the search after a choice un-chooses it, so a case can
never be saved for a client whose name the agent has already typed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from jq_console.domain.search import fold, matches
from jq_console.i18n import label, t
from jq_console.store.directory import ClientInfo
from jq_console.ui.support import one_line

MAX_SHOWN = 40


def client_line(client: ClientInfo) -> str:
    service = label("service", client.service) + (f" N{client.level}" if client.level else "")
    late = f" · {t('ui.reg.late')}" if not client.up_to_date else ""
    return f"{one_line(client.name)} · NIT {client.nit} · {service}{late}"


def haystack(client: ClientInfo) -> str:
    """What the search looks in, folded as the queue's and go-to's searches fold: `medellin` finds
    `Medellín`."""
    return fold(f"{client.name} {client.nit}")


class ClientPicker(Vertical):
    @dataclass
    class Chosen(Message):
        client: ClientInfo

    class Cleared(Message):
        """The search was edited after a choice: no client is chosen any more."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clients: list[ClientInfo] = []
        self.haystacks: list[str] = []  # folded once per load, not on every key
        self.shown: list[ClientInfo] = []
        self.chosen: ClientInfo | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder=t("ui.reg.client_search"), id="client-search", compact=True)
        # Right under the search, so the first suggestion below is never read as the choice.
        yield Static(t("ui.reg.no_client_chosen"), id="client-status", classes="unchosen", markup=False)
        yield OptionList(id="client-list", compact=True, markup=False)

    def set_clients(self, clients: list[ClientInfo]) -> None:
        self.clients = clients
        self.haystacks = [haystack(c) for c in clients]
        self._narrow(self.query_one("#client-search", Input).value)
        self._show_status()

    def _narrow(self, needle: str) -> None:
        found = (c for c, text in zip(self.clients, self.haystacks, strict=True) if matches(needle, text))
        self.shown = list(islice(found, MAX_SHOWN))
        options = self.query_one("#client-list", OptionList)
        options.clear_options()
        options.add_options([Option(client_line(c), id=str(c.id)) for c in self.shown])
        if self.shown:
            options.highlighted = 0

    def _show_status(self) -> None:
        status = self.query_one("#client-status", Static)
        chosen, needle = self.chosen, self.query_one("#client-search", Input).value.strip()
        if chosen is not None:
            status.update(t("ui.reg.client_chosen", client=client_line(chosen)))
        elif needle and self.clients and not self.shown:
            status.update(t("ui.reg.no_client_matches", text=one_line(needle)))
        else:
            status.update(t("ui.reg.no_client_chosen"))
        status.set_class(chosen is None, "unchosen")

    @on(Input.Changed, "#client-search")
    def typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.chosen is not None:
            self.chosen = None
            self.post_message(self.Cleared())
        self._narrow(event.value)
        self._show_status()

    @on(Input.Submitted, "#client-search")
    def take_first(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#client-list", OptionList)
        if self.shown:
            self._choose(self.shown[options.highlighted or 0])

    @on(OptionList.OptionSelected, "#client-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(self.shown[event.option_index])

    def _choose(self, client: ClientInfo) -> None:
        self.chosen = client
        search = self.query_one("#client-search", Input)
        with search.prevent(Input.Changed):
            search.value = client.name
        self._narrow(client.name)
        self._show_status()
        self.post_message(self.Chosen(client))
