"""The case's e-mail, its own section of the case screen: each message we sent with its delivery
state, each message the client sent. Hidden while the case has none (most cases, and the demo's)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.widgets import Static

from jq_console.application.mail import conversation
from jq_console.i18n import t
from jq_console.presentation.mail_timeline import MailLine, mail_lines
from jq_console.ui.support import failure_text, services_of

STATE_STYLES = {"sent": "green", "failed": "bold red", "pending": "yellow", "sending": "yellow", "in": ""}


class MailTimeline(Static):
    DEFAULT_CSS = "MailTimeline { display: none; }  MailTimeline.-has-mail { display: block; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.lines: list[MailLine] = []

    def show_case(self, case_id: int) -> None:
        self.load(case_id)

    @work(thread=True, exclusive=True, group="case-mail")
    def load(self, case_id: int) -> None:
        services = services_of(self)
        try:
            sent, received = conversation(services.engine, case_id)
            lines = mail_lines(services.runtime, sent, received)
        except Exception as error:  # noqa: BLE001 - shown in place of the messages, never a crash of the screen
            self.app.call_from_thread(self._told, failure_text(error))
            return
        self.app.call_from_thread(self._show, lines)

    def _told(self, text: str) -> None:
        self.add_class("-has-mail")
        self.update(Text(text, style="red"))

    def _show(self, lines: list[MailLine]) -> None:
        self.lines = lines
        self.set_class(bool(lines), "-has-mail")
        text = Text(t("ui.mail.title") + "\n", style="bold underline")
        for line in lines:
            text.append(line.text + "\n", style=STATE_STYLES.get(line.state, ""))
            for said in line.body:  # what the client wrote, under its line
                text.append(f"      {said}\n", style="dim" if said == "…" else "")
        self.update(text)
