"""The command palette finds cases too: typing a code or part of it (`00042`, `2026-42`) or words
of a case lists the matching cases, whatever their status, and choosing one opens it."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider

from jq_console.application import finder
from jq_console.i18n import label, t
from jq_console.ui.support import markup_literal, services_of

MIN_QUERY = 2  # one character would match most of the history


class CaseCommands(Provider):
    async def search(self, query: str) -> Hits:
        if len(query.strip()) < MIN_QUERY:
            return
        engine = services_of(self.app).engine
        try:
            page = await asyncio.to_thread(finder.go_to, engine, query)
        except Exception:  # noqa: BLE001 - a palette search that cannot read simply finds no case
            return
        matcher = self.matcher(query)
        for case in page.cases:
            name = t("goto.command", code=case.code, status=label("status", case.status))
            score = max(matcher.match(name), 0.5)  # found by the database, maybe by words not in the name
            yield Hit(
                score,
                matcher.highlight(name),
                partial(self.app.run_action, f"open_case('{case.code}')"),
                text=name,
                help=markup_literal(f"{case.client_name} · {case.title}"),
            )
