"""The client beside the case: service, level, UC, payment state, the USR and every contact with
phone and e-mail, and the client's other open and last finished cases, each opened with Enter.
It only shows what the case screen's loader read (`application.case_view.ClientView`)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from jq_console.application.case_view import ClientView
from jq_console.domain.cases import Case
from jq_console.i18n import label, t
from jq_console.presentation.columns import shorten
from jq_console.ui.support import one_line


def client_text(view: ClientView) -> Text:
    client = view.client
    if client is None:
        return Text(t("live.client.none"), style="italic")
    text = Text(one_line(client.name) + "\n", style="bold")
    text.append(f"NIT {client.nit}\n")
    service = label("service", client.service) + (f" N{client.level}" if client.level else "")
    text.append(f"{t('live.client.service')}: {service} · {t('live.client.uc')}: {client.uc}\n")
    text.append(f"{t('live.client.payments')}: ")
    if client.up_to_date:
        text.append(t("live.client.up_to_date") + "\n", style="green")
    else:
        text.append(t("live.client.behind") + "\n", style="bold red")
    usr = [contact for contact in view.contacts if contact.role == "usr"]
    text.append(f"{t('live.client.usr')}: ", style="bold")
    text.append((", ".join(one_line(c.name) for c in usr) or t("live.client.no_usr")) + "\n")
    text.append(t("live.client.contacts") + "\n", style="bold underline")
    for contact in view.contacts:
        text.append(f"{one_line(contact.name)} ({label('role', contact.role)})\n")
        reach = " · ".join(part for part in (one_line(contact.phone), one_line(contact.email)) if part)
        text.append(f"  {reach or '—'}\n", style="dim")
    return text


def case_line(case: Case, width: int) -> Text:
    """One line, ending in "…" when the title does not fit (the option list would wrap it)."""
    text = t(
        "live.client.case_line",
        code=case.code,
        severity=case.severity,
        status=label("status", case.status),
        title=one_line(case.title),
    )
    return Text(shorten(text, max(2, width)))  # in terminal cells: a wide letter takes two


class ClientPanel(Vertical):
    """Read-only; Enter on one of the client's cases asks the screen to open it."""

    DEFAULT_CSS = """
    ClientPanel { height: 1fr; padding: 0 1; border-left: vkey $primary 50%; }
    ClientPanel #client-info { height: auto; }
    ClientPanel #client-cases { height: 1fr; min-height: 4; border: none; padding: 0; }
    """

    @dataclass
    class CaseChosen(Message):
        code: str

    def compose(self) -> ComposeResult:
        yield Static(t("ui.loading"), id="client-info", markup=False)
        yield OptionList(id="client-cases", compact=True)

    def show(self, view: ClientView) -> None:
        self.query_one("#client-info", Static).update(client_text(view))
        options = self.query_one("#client-cases", OptionList)
        options.clear_options()
        for heading, cases in (
            (t("live.client.open"), view.open_cases),
            (t("live.client.finished"), view.finished_cases),
        ):
            options.add_option(Option(Text(heading, style="bold underline"), disabled=True))
            if not cases:
                options.add_option(Option(Text("  " + t("live.client.no_cases"), style="dim"), disabled=True))
            for case in cases:
                options.add_option(Option(case_line(case, self.line_width()), id=case.code))

    def line_width(self) -> int:
        """The room of one line in the list: the panel's own (its padding and edge off)."""
        width = self.size.width or self.screen.size.width
        return max(20, width - 4)

    @on(OptionList.OptionSelected, "#client-cases")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.CaseChosen(event.option.id))
