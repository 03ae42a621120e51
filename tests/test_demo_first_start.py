"""The README's first command, `jq-console --demo`, run in several terminals at once on a machine
without the demo database: every one opens the one demo the first of them filled, none refuses, and
none opens the database between its schema and its data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jq_console.bootstrap import load_runtime
from jq_console.store.engine import make_engine
from jq_console.store.schema import create_schema

STARTS = 3


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("JQ_CONSOLE_")},
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "JQ_CONSOLE_AGENT": "cmejia",
    }


def start_at_once(env: dict[str, str]) -> list[tuple[int, str, str]]:
    command = [sys.executable, "-m", "jq_console", "--demo", "--lang", "en", "cases", "--json"]
    starts = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(STARTS)
    ]
    outputs = [start.communicate(timeout=120) for start in starts]
    return [(start.returncode, out, err) for start, (out, err) in zip(starts, outputs, strict=True)]


def assert_one_demo_opened_by_all(done: list[tuple[int, str, str]]) -> None:
    assert [code for code, _, _ in done] == [0] * STARTS, [err for _, _, err in done]
    queues = [json.loads(out) for _, out, _ in done]
    assert queues[0] and all(queue == queues[0] for queue in queues)
    assert len([err for _, _, err in done if err.startswith("demo:")]) == 1  # filled once, told by its filler
    assert len({case["id"] for case in queues[0]}) == len(queues[0])  # one demo, not two merged


def test_demo_started_several_times_at_once_fills_once_and_every_start_opens_it(tmp_path: Path) -> None:
    assert_one_demo_opened_by_all(start_at_once(environment(tmp_path)))


def test_a_start_that_finds_the_schema_made_but_not_the_data_fills_it_or_waits_for_it(tmp_path: Path) -> None:
    """The moment between the first start's schema and its data, made to last: the schema is there,
    no data and no demo flag yet, when the others start."""
    env = environment(tmp_path)
    demo = tmp_path / "data" / "jq-console" / "demo.sqlite"
    demo.parent.mkdir(parents=True)
    engine = make_engine(str(demo))
    create_schema(engine, load_runtime().policy)
    engine.dispose()
    assert_one_demo_opened_by_all(start_at_once(env))


def test_a_demo_first_opened_in_a_demo_role_keeps_that_role_and_the_keyboard_is_its_administrator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`JQ_CONSOLE_AGENT=jvargas jq-console --demo` as the very first command made Julián Vargas the
    demo's administrator, and the account at the keyboard was then refused as unregistered, though
    the README says that without the variable one is the demo's administrator."""
    from office_support import run

    from jq_console.application.identity import current_login

    monkeypatch.delenv("SUDO_USER", raising=False)  # as `run` leaves the command's environment
    db = str(tmp_path / "demo.sqlite")
    first = run("--db", db, "--demo", "cases", "--json", login="jvargas")
    assert first.returncode == 0, first.stderr
    people = {
        row["login"]: row["role"] for row in json.loads(run("--db", db, "agent", "list", "--json", login=None).stdout)
    }
    keyboard = current_login(None, sandbox=False)
    assert people["jvargas"] == "agent" and people.get(keyboard) == "admin", people
