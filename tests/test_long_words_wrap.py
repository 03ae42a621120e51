"""A word longer than its column (a pasted link, a serial number) is folded onto the next lines on
the case screen, never cut with an ellipsis: the description and a note with a long link could be
read whole only with `jq-console case show`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, settle_until, show_case
from rich.console import Console, RenderableType
from sqlalchemy import text
from textual.widgets import Static

from jq_console.application import conversation
from jq_console.domain.conversation import Draft
from jq_console.store import cases as case_store
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.widgets.case_timeline import CaseTimeline

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota")).timestamp()
LINK = "https://portal.cliente.com.co/tickets/export?id=" + "7" * 90 + "&formato=pdf"
SERIAL = "SN-" + "A" * 297


def frozen() -> float:
    return NOW


def drawn(widget: Static) -> str:
    """What the widget draws at its width, its lines joined: a folded word reads whole again."""
    console = Console(width=widget.size.width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(cast(RenderableType, widget.content))
    return "".join(line.strip() for line in console.export_text().splitlines())


@pytest.mark.parametrize("size", [(80, 40), (160, 48)])
async def test_a_long_word_in_the_description_or_a_note_is_folded_not_cut(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    services = demo_services(str(tmp_path / "long.sqlite"), login="jvargas", clock=frozen)
    case = next(c for c in case_store.open_cases(services.engine) if c.agent == "jvargas")
    with services.engine.begin() as connection:  # as a web form would have sent it
        connection.execute(text('UPDATE "case" SET description = :d WHERE code = :c'), {"d": SERIAL, "c": case.code})
    conversation.add_entry(services.engine, services.runtime, "jvargas", case.code, Draft("note", f"Ver {LINK}"))
    app = create_app(services, live=False)
    async with app.run_test(size=size) as pilot:
        screen = await show_case(app, pilot, case.code)
        timeline = screen.query_one(CaseTimeline)
        await settle_until(pilot, lambda: LINK in timeline.shown, "the note in the timeline")
        await settle(pilot)
        assert SERIAL in drawn(screen.query_one("#case-fields", Static))
        assert LINK in drawn(timeline)
    services.engine.dispose()
