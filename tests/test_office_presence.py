"""Who is free: chosen availability, away after silence, and free agents suggested for an
unassigned urgency; also shown by the agents panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_support import counted_board, make_office, run, runtime

from jq_console.domain.presence import effective
from jq_console.store import presence
from jq_console.store.engine import make_engine
from jq_console.store.presence import Board, Presence
from jq_console.ui.widgets.agents_panel import suggestion_text

MINUTES = 3  # the test's own policy value, passed in explicitly


@pytest.mark.parametrize(
    ("chosen", "seen_ago", "expected"),
    [
        ("available", 10, "available"),
        ("busy", 10, "busy"),
        ("away", 10, "away"),
        ("available", MINUTES * 60 + 1, "away"),
        ("busy", None, "away"),
    ],
)
def test_effective_availability(chosen: str, seen_ago: float | None, expected: str) -> None:
    now = 10_000.0
    assert effective(chosen, None if seen_ago is None else now - seen_ago, now, MINUTES) == expected


def test_free_agents_are_suggested_for_an_unassigned_urgency(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    codes = make_office(db, agents=3, cases=2, severity="S3")
    engine = make_engine(str(db))
    rt = runtime()
    now = rt.now()
    presence.set_availability(engine, "a01", "available", now)
    presence.set_availability(engine, "a02", "busy", now)
    presence.set_availability(engine, "a03", "available", now - 3600)  # chose available, then went silent
    presence.touch(engine, "super", now)
    assert run("take", codes[1], "--db", str(db), login="a01").returncode == 0
    minutes = rt.policy.away_after_minutes
    people = {p.login: p for p in presence.everyone(engine, now, minutes)}
    assert (people["a01"].availability, people["a01"].open_cases) == ("available", 1)
    assert people["a02"].availability == "busy" and people["a03"].availability == "away"
    assert people["super"].availability == "available"  # touched; the default choice is available
    board = counted_board(engine, now, minutes)
    assert board.urgent == [codes[0]]  # the S3 just taken is no longer urgent
    assert [p.login for p in presence.free_agents(board.people)] == ["super", "a01"]  # least loaded first
    assert suggestion_text(board) == (f"S3 sin asignar: {codes[0]}\nDisponibles: Supervisora (0), Agente 1 (1)")
    engine.dispose()


def _office(free: int, urgent: int) -> Board:
    """`free` available agents with 0, 1, 2... open cases (listed busiest first), one busy and one
    away, and `urgent` unassigned S3 codes, oldest first."""
    people = [Presence(f"a{n:02}", f"Agente {n}", "agent", "available", "available", 0.0, n) for n in range(free)]
    people.reverse()
    people += [
        Presence("busy", "Ocupada", "agent", "busy", "busy", 0.0, 0),
        Presence("away", "Ausente", "agent", "away", "available", None, 0),
    ]
    return Board(people, [f"JQ-2026-{n:05}" for n in range(1, urgent + 1)])


def test_a_full_office_names_its_urgencies_and_free_agents_once_each() -> None:
    """Twenty free agents and twenty unassigned urgencies: the first few of each are named, least
    loaded agents first, and the rest counted. Naming every free agent again for each urgency
    filled the panel's six lines with the first urgency alone."""
    text = suggestion_text(_office(free=20, urgent=20))
    assert text.splitlines() == [
        "S3 sin asignar: JQ-2026-00001, JQ-2026-00002, JQ-2026-00003 y 17 más",
        "Disponibles: Agente 0 (0), Agente 1 (1), Agente 2 (2) y 17 más",
    ]


def test_long_names_are_cut_as_the_table_cuts_them() -> None:
    board = _office(free=4, urgent=1)
    place = [p.login for p in board.people].index("a01")
    board.people[place] = Presence("a01", "María Fernanda Gutiérrez", "agent", "available", "available", 0.0, 1)
    free = suggestion_text(board).splitlines()[1]
    assert free == "Disponibles: Agente 0 (0), María Fernand… (1), Agente 2 (2) y 1 más"


def test_suggestions_with_few_urgencies_or_nobody_free() -> None:
    assert suggestion_text(_office(free=2, urgent=0)) == ""
    assert suggestion_text(_office(free=2, urgent=3)).splitlines() == [
        "S3 sin asignar: JQ-2026-00001, JQ-2026-00002, JQ-2026-00003",
        "Disponibles: Agente 0 (0), Agente 1 (1)",
    ]
    nobody = suggestion_text(_office(free=0, urgent=1))
    assert nobody.splitlines() == ["S3 sin asignar: JQ-2026-00001", "Nadie disponible"]


def test_availability_command(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db)
    assert run("availability", "ocupado", "--db", str(db), login="a02").returncode == 0
    listing = run("availability", "--db", str(db), login="a01")
    line = next(line for line in listing.stdout.splitlines() if line.startswith("a02"))
    assert "Ocupado" in line
    assert "Ausente" in next(line for line in listing.stdout.splitlines() if line.startswith("a03"))
    bad = run("availability", "libre", "--db", str(db), login="a01")
    assert bad.returncode != 0


async def test_the_panel_key_changes_my_availability_and_says_so(tmp_path: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from jq_console.ui.app import create_app, demo_services
    from jq_console.ui.widgets.agents_panel import AgentsPanel

    now = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota")).timestamp()
    services = demo_services(str(tmp_path / "panel.sqlite"), clock=lambda: now)
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.screen.query_one(AgentsPanel).focus()
        await pilot.press("D")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        minutes = services.runtime.policy.away_after_minutes
        mine = next(p for p in presence.everyone(services.engine, now, minutes) if p.login == services.login)
        assert mine.chosen != "available"
        assert any("Ocupado" in str(n.message) or "Ausente" in str(n.message) for n in app._notifications)
        board = app.screen.query_one(AgentsPanel)._board  # read again after the change
        assert board is not None and next(p for p in board.people if p.login == services.login).chosen == mine.chosen
