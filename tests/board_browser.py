"""A real headless Chromium (Debian's `chromium` package) driven over the DevTools protocol with
aiohttp, for the wall-board test: open a page, see the status of the document, collect what the
page's websocket receives, and take a screenshot.

Every wait is on an event Chromium sends (the document's response, a websocket frame); the bounds
are generous and only stop a test that would otherwise hang."""

from __future__ import annotations

import asyncio
import base64
import itertools
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

# Offline and unattended: nothing phones home, nothing asks, no GPU, no sandbox (root in CI).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1600,1000",
    "--remote-debugging-port=0",
)
START_BOUND = 60.0  # seconds before Chromium's DevTools port must be known
EVENT_BOUND = 90.0  # seconds before an awaited page event must have come


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserUnavailable(Exception):
    """Chromium is not installed or cannot start here: the test is skipped with this reason."""


@dataclass
class Page:
    socket: aiohttp.ClientWebSocketResponse
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    events: list[dict[str, Any]] = field(default_factory=list)
    waiting: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def pump(self) -> None:
        async for message in self.socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = message.json()
            if "id" in data and data["id"] in self.waiting:
                self.waiting.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)
                self.arrived.set()

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[number] = future
        await self.socket.send_json({"id": number, "method": method, "params": params})
        reply = await asyncio.wait_for(future, EVENT_BOUND)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    async def until(self, found: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """The first event (already seen or coming) that `found` accepts."""

        async def wait() -> dict[str, Any]:
            seen = 0
            while True:
                for event in self.events[seen:]:
                    if found(event):
                        return event
                seen = len(self.events)
                self.arrived.clear()
                await self.arrived.wait()

        try:
            return await asyncio.wait_for(wait(), EVENT_BOUND)
        except TimeoutError:
            raise AssertionError(f"the browser never showed: {what}") from None

    async def open(self, url: str) -> int:
        """Navigate; the HTTP status of the document."""
        self.events.clear()
        await self.call("Page.navigate", url=url)
        response = await self.until(
            lambda e: e.get("method") == "Network.responseReceived" and e["params"].get("type") == "Document",
            f"the response for {url}",
        )
        return int(response["params"]["response"]["status"])

    def websocket_text(self) -> str:
        """Everything the page's websocket received so far, as text (binary frames decoded)."""
        parts = []
        for event in self.events:
            if event.get("method") != "Network.webSocketFrameReceived":
                continue
            frame = event["params"]["response"]
            payload = frame["payloadData"]
            if frame.get("opcode") == 2:
                payload = base64.b64decode(payload).decode("utf-8", "replace")
            parts.append(payload)
        return "".join(parts)

    async def screenshot(self, path: Path) -> Path:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


async def _devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    marker = profile / "DevToolsActivePort"
    for _ in range(int(START_BOUND * 10)):
        if process.poll() is not None:
            raise BrowserUnavailable(f"chromium exited with {process.returncode} at start")
        if marker.exists():
            first = marker.read_text().splitlines()[:1]
            if first and first[0].isdigit():
                return int(first[0])
        await asyncio.sleep(0.1)
    raise BrowserUnavailable("chromium did not open its DevTools port")


@asynccontextmanager
async def chromium_page(profile: Path) -> AsyncIterator[Page]:
    """A page of a fresh headless Chromium using `profile` as its user-data-dir."""
    binary = chromium_binary()
    if binary is None:
        raise BrowserUnavailable("chromium is not installed (Debian packages chromium and chromium-driver)")
    process = subprocess.Popen(
        [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = await _devtools_port(profile, process)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as reply:
                targets = await reply.json()
            target = next(t for t in targets if t.get("type") == "page")
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                page = Page(socket)
                pump = asyncio.create_task(page.pump())
                try:
                    await page.call("Network.enable")
                    await page.call("Page.enable")
                    yield page
                finally:
                    pump.cancel()
                    with suppress(asyncio.CancelledError):
                        await pump
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
