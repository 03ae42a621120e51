"""A SQLite database replaced under open consoles (`demo --reset` made the sandbox again in place;
a copy put in its place): every connection of theirs kept the old file open, so they went on showing
the old cases, and a move made in them was written to a file nobody would ever open again. Now each
connection is taken from the pool only if it is still on the file the path names; the watcher that
asks whether anything changed looks at the new file and says so; the queue, the dashboard, the watch
on an agent's cases and an open case read it whole; and `demo --reset` makes the new sandbox beside
the old one and puts it in place whole (docs/deployment.md, "A database replaced")."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from snapshot_support import demo_copy
from sqlalchemy import Engine
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application import admin
from jq_console.application import cases as case_actions
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime
from jq_console.store import cases as case_store
from jq_console.store import queue_sync
from jq_console.store.case_context import touches_since
from jq_console.store.cases import case_look, count_cases, get_case, open_cases
from jq_console.store.changes import ChangeWatcher
from jq_console.store.demo import DemoOptions, fill_demo
from jq_console.store.engine import make_engine, read
from jq_console.store.errors import StoreError
from jq_console.store.oversight import read_held
from jq_console.store.readonly import open_readonly
from jq_console.store.sandbox import rebuild_sandbox


@dataclass(frozen=True)
class Behind:
    event: int = 0
    client: int = 0


def _replace(services: Services, other: Path) -> None:
    """A database replaced the hardest way: deleted with its companions, another file copied to its path."""
    path = Path(services.engine.url.database or "")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(other, path)


def _other_database(tmp_path: Path, cases: int) -> Path:
    made = demo_copy(tmp_path / "other", cases)
    made.engine.dispose()  # its log folded into the file, which is then copied alone
    return tmp_path / "other" / "snap.sqlite"


def test_an_engine_reads_and_writes_the_file_that_replaced_the_one_it_opened(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    services = demo_copy(tmp_path, 20)
    viewer = make_engine(str(services.engine.url.database), readonly=True)  # as a dashboard's
    assert count_cases(services.engine) == count_cases(viewer) == 20
    _replace(services, _other_database(tmp_path, 40))
    assert count_cases(services.engine) == count_cases(viewer) == 40
    viewer.dispose()
    free = next(case for case in open_cases(services.engine) if case.agent is None)
    case_actions.take(services.engine, services.runtime, "ana", free.code)
    fresh = make_engine(str(services.engine.url.database))
    taken = get_case(fresh, free.code)
    assert taken is not None and taken.agent == "ana"  # written to the file the path names
    fresh.dispose()


def test_the_watcher_says_the_database_changed_and_then_follows_the_new_file(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    services = demo_copy(tmp_path, 20)
    watcher = ChangeWatcher(services.engine)
    assert watcher.changed() is True
    assert watcher.changed() is False
    _replace(services, _other_database(tmp_path, 40))
    assert watcher.changed() is True
    assert watcher.changed() is False
    other = make_engine(str(services.engine.url.database))  # another console, on the new file
    free = next(case for case in open_cases(other) if case.agent is None)
    case_actions.take(other, services.runtime, "ana", free.code)
    other.dispose()
    assert watcher.changed() is True
    watcher.close()


def test_the_queue_reads_whole_a_database_that_replaced_the_one_it_had_read(tmp_path: Path) -> None:
    """Its mark (the newest event seen) may be ahead of the new file's history, whose next events
    it would never see, or behind it with other cases under the same numbers."""
    (tmp_path / "other").mkdir()
    services = demo_copy(tmp_path, 20)
    seen = queue_sync.mark(services.engine)
    assert queue_sync.changed_since(services.engine, seen)[1] == []
    _replace(services, _other_database(tmp_path, 40))
    assert queue_sync.changed_since(services.engine, seen)[1] is None  # read it all
    again = queue_sync.mark(services.engine)
    assert queue_sync.changed_since(services.engine, again)[1] == []


def test_the_queue_reads_whole_a_history_that_went_back(tmp_path: Path) -> None:
    """A copy of the same database from before (a restore): the mark is ahead of every event."""
    services = demo_copy(tmp_path, 20)
    path = Path(services.engine.url.database or "")
    before = tmp_path / "before.sqlite"
    services.engine.dispose()
    shutil.copyfile(path, before)
    free = next(case for case in open_cases(services.engine) if case.agent is None)
    case_actions.take(services.engine, services.runtime, "ana", free.code)
    seen = queue_sync.mark(services.engine)
    _replace(services, before)
    assert queue_sync.changed_since(services.engine, seen)[1] is None


def test_the_dashboard_reads_whole_a_database_that_replaced_the_one_it_had_read(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    services = demo_copy(tmp_path, 20)
    engine, policy, now = services.engine, services.runtime.policy, services.runtime.now()
    held, _rows = read(engine, lambda c: read_held(c, policy, now, None))
    assert read(engine, lambda c: read_held(c, policy, now, held))[0].touched == frozenset()
    _replace(services, _other_database(tmp_path, 40))
    again, rows = read(engine, lambda c: read_held(c, policy, now, held))
    assert again.touched is None  # read whole
    assert sorted(row.id for row in rows) == sorted(case.id for case in open_cases(engine))


def test_the_dashboard_reads_whole_a_history_that_went_back(tmp_path: Path) -> None:
    services = demo_copy(tmp_path, 20)
    engine, policy, now = services.engine, services.runtime.policy, services.runtime.now()
    path = Path(engine.url.database or "")
    engine.dispose()
    shutil.copyfile(path, tmp_path / "before.sqlite")
    free = next(case for case in open_cases(engine) if case.agent is None)
    case_actions.take(engine, services.runtime, "ana", free.code)
    held, _rows = read(engine, lambda c: read_held(c, policy, now, None))
    _replace(services, tmp_path / "before.sqlite")
    again, rows = read(engine, lambda c: read_held(c, policy, now, held))
    assert again.touched is None
    assert next(row for row in rows if row.id == free.id).agent is None


@pytest.fixture
def engine(store_url: str, runtime: Runtime) -> Engine:
    engine = make_engine(store_url)
    fill_demo(engine, runtime, DemoOptions(login="ana"))
    return engine


@pytest.mark.parametrize("behind", [Behind(event=1), Behind(client=1)], ids=["history", "client edits"])
def test_a_mark_ahead_of_the_database_reads_it_whole_on_both_engines(
    engine: Engine, runtime: Runtime, behind: Behind
) -> None:
    """A database server restored from a copy keeps its name: what tells it is a history (or the
    clients' edits) behind what a console or a dashboard had read."""
    admin.edit_client(engine, "ana", case_store.open_cases(engine)[0].nit, uc=2)  # a client revision to be behind
    seen = queue_sync.mark(engine)
    assert queue_sync.changed_since(engine, seen)[1] == []
    ahead = replace(seen, event=seen.event + behind.event, client=seen.client + behind.client)
    assert queue_sync.changed_since(engine, ahead)[1] is None
    now = runtime.now()
    held, _rows = read(engine, lambda c: read_held(c, runtime.policy, now, None))
    assert read(engine, lambda c: read_held(c, runtime.policy, now, held))[0].touched == frozenset()
    ahead = replace(held.mark, event=held.mark.event + behind.event, client=held.mark.client + behind.client)
    held_ahead = replace(held, mark=ahead)
    assert read(engine, lambda c: read_held(c, runtime.policy, now, held_ahead))[0].touched is None


def test_the_new_databases_history_is_not_told_as_moves_on_the_agents_cases(tmp_path: Path) -> None:
    """The watch on an agent's own cases tells each move someone else made on them since its last
    look; in another database, every event after that look would have been told as news."""
    (tmp_path / "other").mkdir()
    services = demo_copy(tmp_path, 20)
    engine = services.engine
    seen = queue_sync.mark(engine)
    _replace(services, _other_database(tmp_path, 40))
    agents = sorted({case.agent for case in open_cases(engine) if case.agent and case.status == "assigned"})
    same_place = replace(queue_sync.mark(engine), event=seen.event)  # as if it were the same database
    login = next(agent for agent in agents if touches_since(engine, agent, same_place)[1])
    now, touches = touches_since(engine, login, seen)
    assert touches == [] and now == queue_sync.mark(engine)
    held = next(case for case in open_cases(engine) if case.agent == login and case.status == "assigned")
    case_actions.assign(engine, services.runtime, "ana", held.code, next(agent for agent in agents if agent != login))
    assert [touch.actor for touch in touches_since(engine, login, now)[1]] == ["ana"]


def test_demo_reset_makes_the_new_sandbox_beside_and_puts_it_in_place_whole(tmp_path: Path) -> None:
    """Made in place, the new sandbox was read half-made by the consoles open on it: "no such table"."""
    services = demo_copy(tmp_path, 20)
    path = Path(services.engine.url.database or "")
    seen_while_made: list[int] = []

    def build(engine: Engine) -> str:
        seen_while_made.append(count_cases(services.engine))
        fill_demo(engine, services.runtime, DemoOptions(cases=40, login="ana"))
        seen_while_made.append(count_cases(services.engine))
        return "built"

    assert rebuild_sandbox(str(path), build) == "built"
    assert seen_while_made == [20, 20]  # the old one, whole, until the new one is whole
    assert count_cases(services.engine) == 40
    services.engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name) or ".new" in p.name) == [path.name]


def test_a_demo_reset_that_fails_half_way_leaves_the_old_sandbox_and_nothing_else(tmp_path: Path) -> None:
    services = demo_copy(tmp_path, 20)
    path = Path(services.engine.url.database or "")

    def build(engine: Engine) -> str:
        fill_demo(engine, services.runtime, DemoOptions(cases=40, login="ana"))
        raise OSError("disk full")

    with pytest.raises(OSError):
        rebuild_sandbox(str(path), build)
    assert count_cases(services.engine) == 20
    services.engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [path.name]


def test_an_open_cases_look_differs_in_another_database_with_the_same_numbers(tmp_path: Path) -> None:
    """A case screen reads its case again when its look changes: in another file the case of the same
    code may be another case with the same version."""
    services = demo_copy(tmp_path, 20)
    path = Path(services.engine.url.database or "")
    services.engine.dispose()
    shutil.copyfile(path, tmp_path / "same.sqlite")
    code = open_cases(services.engine)[0].code
    shown = case_look(services.engine, code)  # its connection stays open in the pool, as a console's does
    _replace(services, tmp_path / "same.sqlite")
    now = case_look(services.engine, code)
    assert shown is not None and now is not None
    assert now[:2] == shown[:2] and now != shown


def test_the_dashboards_own_engine_follows_a_replaced_file_too(tmp_path: Path) -> None:
    """The dashboard and the wall board read through `open_readonly` (a fresh connection per read),
    and hold one connection for the change watcher."""
    (tmp_path / "other").mkdir()
    services = demo_copy(tmp_path, 20)
    viewer = open_readonly(str(services.engine.url.database))
    policy, now = services.runtime.policy, services.runtime.now()
    watcher = ChangeWatcher(viewer)
    assert watcher.changed() is True and watcher.changed() is False
    held, _rows = read(viewer, lambda c: read_held(c, policy, now, None))
    _replace(services, _other_database(tmp_path, 40))
    assert watcher.changed() is True
    again, rows = read(viewer, lambda c: read_held(c, policy, now, held))
    assert again.touched is None and len(rows) == len(open_cases(services.engine))
    watcher.close()


def test_a_demo_reset_puts_nothing_in_place_of_a_file_that_is_no_longer_the_sandbox(tmp_path: Path) -> None:
    """Found to be a sandbox, then (while the new one was made) another file put at its path."""
    services = demo_copy(tmp_path, 20)
    path = Path(services.engine.url.database or "")
    services.engine.dispose()
    work = tmp_path / "work.sqlite"
    shutil.copyfile(path, work)

    def build(engine: Engine) -> str:
        fill_demo(engine, services.runtime, DemoOptions(cases=40, login="ana"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(work, path)  # someone's copy, put there meanwhile
        return "built"

    with pytest.raises(StoreError) as refused:
        rebuild_sandbox(str(path), build)
    assert refused.value.code == "err.reset.not_sandbox"
    assert path.read_bytes() == work.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted([path.name, work.name])


def test_a_demo_reset_that_cannot_make_its_new_file_says_so_and_leaves_the_sandbox(tmp_path: Path) -> None:
    """A user who may write the sandbox but not its folder (as `nobody` in a folder of root's)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run the command as the unprivileged user 'nobody'")
    folder = Path(tempfile.mkdtemp(prefix="jq-reset-"))
    try:
        folder.chmod(0o755)
        home = folder / "home"
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        made = demo_copy(folder, 20)
        db = Path(made.engine.url.database or "")
        made.engine.dispose()
        db.chmod(0o666)
        before = db.read_bytes()
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}
        env |= {f"XDG_{d}_HOME": str(home) for d in ("CONFIG", "STATE", "DATA")}
        done = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
            + [sys.executable, "-m", "jq_console", "--db", str(db), "demo", "--reset"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd="/",
        )
        assert done.returncode not in (0, 70), done.stderr  # refused with a sentence, not an unexpected error
        assert "no pudo poner la nueva base de demostración" in done.stderr
        assert db.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [db.name]
    finally:
        shutil.rmtree(folder)
