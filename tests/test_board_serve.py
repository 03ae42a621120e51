"""The wall board for real: `jq-console dashboard --serve` in its own process, loaded by a real headless
Chromium. With the token the page shows the dashboard's cases (the screenshot is kept as an artefact
and its path printed); without it, or with a wrong one, every path answers 403; and the database file
is byte-identical afterwards: no viewer wrote to it. Skipped, with the reason, only where Chromium
cannot start."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import aiohttp
import pytest
from board_browser import BrowserUnavailable, chromium_page
from office_support import cli, env

from jq_console.application.oversight import DashboardReads
from jq_console.application.services import Services
from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime
from jq_console.store.readonly import open_readonly

NOW = "2026-12-07T10:00"
TOKEN = "board-token-7f3c9a1e5d"
START_BOUND = 60.0  # seconds for the server to say it listens (it only stops a hung test)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def at_risk_codes(db: Path) -> list[str]:
    """The cases the dashboard lists as at risk or breached at NOW, read here without the app."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    runtime = load_runtime(str(DEFAULT_POLICY))
    runtime.clock = frozen_clock(datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(runtime.policy.timezone)))
    engine = open_readonly(str(db))
    try:
        services = Services(engine, runtime, "test", "admin", readonly=True)
        reads = DashboardReads(services)
        reads.snapshot()
        return [case.code for case in reads.board.risky]
    finally:
        engine.dispose()


@asynccontextmanager
async def served(db: Path, config: Path, port: int) -> AsyncIterator[None]:
    """`jq-console dashboard --serve` in its own process group (its viewers are its children)."""
    environment = env(None) | {"JQ_CONSOLE_CONFIG": str(config)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "jq_console",
        "--db",
        str(db),
        "--now",
        NOW,
        "dashboard",
        "--serve",
        f"127.0.0.1:{port}",
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        first = await asyncio.wait_for(process.stdout.readline(), START_BOUND)
        assert f"127.0.0.1:{port}" in first.decode(), first.decode()
        yield
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


@pytest.mark.long
async def test_the_wall_board_shows_the_cases_with_the_token_and_refuses_without(tmp_path: Path) -> None:
    db = tmp_path / "board.sqlite"
    made = cli("--db", str(db), "--now", NOW, "demo", "--cases", "60", "--seed", "11", login=None)
    assert made.returncode == 0, made.stderr
    codes = at_risk_codes(db)
    assert codes, "the demo has cases at risk at NOW"
    files_before = sorted(p.name for p in tmp_path.iterdir())
    before = digest(db)
    token_file = tmp_path / "board-token"
    token_file.write_text(TOKEN + "\n")
    token_file.chmod(0o600)
    config = tmp_path / "config.toml"
    config.write_text(f'[board]\ntoken_file = "{token_file}"\n')
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    async with served(db, config, port):
        async with aiohttp.ClientSession() as session:  # no cookie, no token: nothing is served
            for path in ("/", "/ws", "/static/js/textual.js", f"/?token={TOKEN}x"):
                async with session.get(base + path) as reply:
                    assert reply.status == 403, path
        try:
            async with chromium_page(tmp_path / "chromium-profile") as page:
                assert await page.open(base + "/") == 403
                assert await page.open(f"{base}/?token=wrong") == 403
                assert await page.open(f"{base}/?token={TOKEN}") == 200
                await page.until(
                    lambda e: (
                        e.get("method") == "Network.webSocketFrameReceived"
                        and any(code in page.websocket_text() for code in codes)
                    ),
                    "a case at risk on the dashboard",
                )
                text = page.websocket_text()
                assert "Tablero de supervisión" in text
                await page.call(  # the terminal draws on the next animation frames
                    "Runtime.evaluate",
                    expression="new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
                    awaitPromise=True,
                )
                shot = await page.screenshot(tmp_path / "wall-board.png")
                assert shot.stat().st_size > 10_000
                print(f"wall board screenshot: {shot}")
        except BrowserUnavailable as reason:
            pytest.skip(f"headless Chromium cannot start here: {reason}")

    assert digest(db) == before, "a viewer wrote to the database"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("board.sqlite")) == [
        name for name in files_before if name.startswith("board.sqlite")
    ]


def test_serve_refuses_without_a_token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "board.sqlite"
    assert cli("--db", str(db), "demo", "--cases", "5", login=None).returncode == 0
    config = tmp_path / "config.toml"
    config.write_text('[ui]\nlanguage = "es"\n')
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(config))
    result = cli("--db", str(db), "dashboard", "--serve", str(free_port()), login=None)
    assert result.returncode == 2 and "token_file" in result.stderr, result.stderr
    token_file = tmp_path / "board-token"
    token_file.write_text(TOKEN)
    token_file.chmod(0o644)
    config.write_text(f'[board]\ntoken_file = "{token_file}"\n')
    shown = cli("--db", str(db), "dashboard", "--serve", "127.0.0.1:1", login=None)
    assert shown.returncode == 2 and "chmod 600" in shown.stderr, shown.stderr  # refused before listening


def test_serve_addresses() -> None:
    from jq_console.ui.board_server import Address, BoardError, parse_address

    assert parse_address("8080") == Address("127.0.0.1", 8080)
    assert parse_address("0.0.0.0:9000") == Address("0.0.0.0", 9000)
    assert parse_address("[::1]:9000") == Address("::1", 9000)
    for wrong in ("", "host:", "host:port", "127.0.0.1:70000"):
        with pytest.raises(BoardError):
            parse_address(wrong)


async def test_the_token_opens_the_page_once_and_the_cookie_carries_it_after() -> None:
    """In this process, no viewer started: the guard, the cookie and the large font."""
    from aiohttp.test_utils import TestClient, TestServer

    from jq_console.ui.board_server import COOKIE, LARGE_FONT, Address, BoardServer

    board = BoardServer("true", Address("127.0.0.1", 0), TOKEN, large=True)
    async with TestClient(TestServer(await board._make_app())) as client:
        assert (await client.get("/")).status == 403
        assert (await client.get("/static/js/textual.js")).status == 403
        page = await client.get(f"/?token={TOKEN}")
        assert page.status == 200
        html = await page.text()
        assert f'data-font-size="{LARGE_FONT}"' in html
        host = f"{client.server.host}:{client.server.port}"
        assert f'data-session-websocket-url="ws://{host}/ws"' in html  # the address the browser used
        cookie = page.cookies[COOKIE]
        assert cookie.value == TOKEN and cookie["httponly"] and cookie["samesite"] == "Strict"
        assert (await client.get("/static/js/textual.js")).status == 200  # the cookie, no token in the address
        assert (await client.get("/?fontsize=12")).status == 200
        client.session.cookie_jar.clear()
        assert (await client.get("/static/js/textual.js")).status == 403
