"""A supervisor hands several marked cases (an absent agent's, say) to one active agent at once."""

from __future__ import annotations

from jq_console.i18n import t
from jq_console.store.presence import Presence
from jq_console.ui.screens.assign_dialog import AssignDialog, Assignment
from jq_console.ui.screens.dialog_base import DialogScreen


class ReassignDialog(AssignDialog):
    def __init__(
        self,
        codes: list[str],
        holder: str | None,
        people: list[Presence],
        typed: Assignment | None = None,
        error: str = "",
    ) -> None:
        """`holder`: the one agent who holds every marked case, if they share one (not offered)."""
        DialogScreen.__init__(self, t("live.bulk.reassign_title", count=len(codes)), ", ".join(codes))
        self.holder, self.code = holder, ", ".join(codes)
        self.people = people
        self.typed = typed
        self.error = error
