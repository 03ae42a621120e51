"""The help screen: what each screen does, every key (read from the screens' own bindings, so a
key added or remapped is never missing here), and every symbol and colour, in the interface
language. Paragraphs are not wrapped by hand: the screen wraps them to the terminal's width."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from jq_console.i18n import retold, t
from jq_console.ui.key_hints import binding_of, key_hint
from jq_console.ui.screens.billing import BillingScreen
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.case_finder import CaseFinderScreen
from jq_console.ui.screens.case_study import CaseStudyScreen
from jq_console.ui.screens.case_talk import TALK_BINDINGS
from jq_console.ui.screens.conversation_dialog import ConversationDialog
from jq_console.ui.screens.dialog_base import DialogScreen
from jq_console.ui.screens.mail_inbox import MailInboxScreen
from jq_console.ui.screens.queue import QueueScreen
from jq_console.ui.screens.registration import RegistrationScreen
from jq_console.ui.widgets.agents_panel import AgentsPanel
from jq_console.ui.widgets.key_footer import KeyFooter
from jq_console.ui.widgets.queue_view import QueueView
from jq_console.ui.widgets.work_timer import WorkTimer

# (title, what the screen is for, the bindings it answers to)
SECTIONS: tuple[tuple[str, str, tuple[list[BindingType], ...]], ...] = (
    ("live.help.queue", "live.help.queue_text", (QueueView.BINDINGS, QueueScreen.BINDINGS, AgentsPanel.BINDINGS)),
    ("live.help.case", "live.help.case_text", (CaseScreen.BINDINGS, WorkTimer.BINDINGS)),
    ("finder.title", "finder.tip", (CaseFinderScreen.BINDINGS,)),  # supervisors close resolved cases here
    ("live.help.registration", "live.help.registration_text", (RegistrationScreen.BINDINGS,)),
    ("keymap.help.inbox", "keymap.help.inbox_text", (MailInboxScreen.BINDINGS,)),
    ("live.help.study", "live.help.study_text", (CaseStudyScreen.BINDINGS,)),
    ("live.help.billing", "live.help.billing_text", (BillingScreen.BINDINGS,)),
    ("live.help.dialogs", "live.help.dialogs_text", (DialogScreen.BINDINGS,)),
    ("keymap.help.talk", "keymap.help.talk_text", (ConversationDialog.BINDINGS,)),
)
SYMBOLS = ("✓", "✗", "⏸", "-1h 00m", "18d 13:18", "—", "●", "⏱", "⏎")
COLOURS = (
    ("green", "live.help.colour.ok"),
    ("bold yellow", "live.help.colour.at_risk"),
    ("bold bright_white on red", "live.help.colour.breached"),
    ("dim cyan", "live.help.colour.paused"),
    ("dim green", "live.help.colour.met"),
    ("bold red", "live.help.colour.s3"),
    ("bold magenta", "live.help.colour.marked"),
    ("grey50", "live.help.colour.away"),
)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding(
            "escape,question_mark,f1,q",
            "close",
            t("keymap.help.key_close"),
            tooltip=t("keymap.help.tip_close"),
            id="help.close",
        )
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self.help_text(), id="help-text", markup=False)
        yield KeyFooter()

    def keys_of(self, bindings: list[BindingType]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for binding in Binding.make_bindings(bindings):
            keys = key_hint(self, binding)
            line = retold(binding.description) + (f": {retold(binding.tooltip)}" if binding.tooltip else "")
            if (keys, line) not in found:
                found.append((keys, line))
        return found

    def keys_named(self) -> dict[str, str]:
        """The keys the sections' texts name, as bound (`key_hint`)."""
        return {
            "key_inbox": key_hint(self, binding_of(QueueScreen.BINDINGS, "queue.mail_inbox")),
            "key_note": key_hint(self, binding_of(TALK_BINDINGS, "case.note")),
        }

    def help_text(self) -> Text:
        text = Text(t("live.help.title") + "\n", style="bold")
        text.append(t("keymap.help.one_meaning") + "\n")
        named = self.keys_named()
        for title, intro, groups in SECTIONS:
            text.append("\n" + t(title) + "\n", style="bold underline")
            text.append(t(intro, **named) + "\n")
            for bindings in groups:
                for keys, line in self.keys_of(bindings):
                    text.append(f"  {keys:>8}  ", style="bold")
                    text.append(line + "\n")
        text.append("\n" + t("live.help.everywhere") + "\n", style="bold underline")
        for keys, line in self.keys_of(self.app.BINDINGS):
            text.append(f"  {keys:>8}  ", style="bold")
            text.append(line + "\n")
        text.append("\n" + t("live.help.symbols") + "\n", style="bold underline")
        for index, symbol in enumerate(SYMBOLS):
            text.append(f"  {symbol:>9}  ", style="bold")
            text.append(t(f"live.help.symbol.{index}") + "\n")
        text.append("\n" + t("live.help.colours") + "\n", style="bold underline")
        for style, key in COLOURS:
            text.append("  ")
            text.append(f" {t(key + '.name')} ", style=style)
            text.append(f"  {t(key)}\n")
        return text

    def action_close(self) -> None:
        self.dismiss(None)
