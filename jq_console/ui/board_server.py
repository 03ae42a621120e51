"""The wall board: the read-only dashboard served to browsers with textual-serve.

Every browser that connects gets its own `jq-console dashboard` process, which opens the database
read-only at the engine level (store.readonly), like the dashboard in a terminal. Nobody reaches
the page, its files or its websocket without the board's token: asked for once in the address
(`/?token=...`), it is then kept in a cookie only this site receives (HttpOnly, SameSite=Strict),
so the page's own requests carry it. A request without it, or with a wrong one, gets 403.
The token lives in a file of its own, readable by its owner only, that the configuration names
(`[board] token_file`): secrets never sit in the configuration file itself.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import shlex
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from jq_console.config import SECRETS_FILE_BYTES, password_file_problem
from jq_console.domain.coded import CodedError
from jq_console.files import FileRefused, read_small_text
from jq_console.i18n import t

COOKIE = "jq_board"
NORMAL_FONT = 16  # pixels, textual-serve's own default
LARGE_FONT = 28  # a TV across the room
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class BoardError(CodedError):
    """The board cannot be served: `board.*` codes (its address, its token file)."""


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_address(value: str) -> Address:
    """`PORT` (bound to 127.0.0.1), `HOST:PORT` or `[IPv6]:PORT`."""
    host, sep, port = value.strip().rpartition(":")
    if not sep:
        host, port = "127.0.0.1", value.strip()
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BoardError("board.bad_address", value=value)
    return Address(host, int(port))


def read_token(token_file: str | None) -> str:
    if not token_file:
        raise BoardError("board.no_token")
    path = Path(token_file).expanduser()
    problem = password_file_problem(path)
    if problem == "config.password_file_missing":
        raise BoardError("board.token_file_missing", path=path)
    if problem is not None:
        raise BoardError("board.token_file_open", path=path)
    try:
        token = read_small_text(path, SECRETS_FILE_BYTES).strip()
    except FileRefused as refusal:
        raise BoardError(refusal.code, **refusal.params) from None
    except UnicodeDecodeError:
        raise BoardError("board.token_not_text", path=path) from None
    if not token:
        raise BoardError("board.token_empty", path=path)
    return token


# Why a socket cannot listen, by its error number: the catalogue's `board.why.*`.
LISTEN_REASONS = {errno.EADDRINUSE: "board.why.in_use", errno.EADDRNOTAVAIL: "board.why.not_here"}
LISTEN_REASONS |= {errno.EACCES: "board.why.denied", errno.EPERM: "board.why.denied"}


def cannot_listen(address: Address, error: OSError) -> BoardError:
    """The board cannot listen on `address`: why (a reason of its own, else the system's words) and
    that another address or port is the way out."""
    code = "board.why.unknown_host" if isinstance(error, socket.gaierror) else LISTEN_REASONS.get(error.errno or 0)
    reason: BoardError | str = BoardError(code) if code else (error.strerror or str(error))
    return BoardError("board.cannot_listen", address=str(address), reason=reason)


def viewer_command(arguments: Sequence[str]) -> str:
    """The shell command textual-serve starts for each browser: this interpreter running the
    read-only dashboard with the same database, policy, language and clock."""
    return shlex.join([sys.executable, "-m", "jq_console", *arguments, "dashboard"])


def token_guard(token: str) -> Any:
    expected = token.encode("utf-8")

    def accepted(given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8"), expected)

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        in_address = request.query.get("token")
        if not (accepted(in_address) or accepted(request.cookies.get(COOKIE))):
            return web.Response(status=403, text=t("board.forbidden") + "\n")
        response = await handler(request)
        if in_address is not None and not response.prepared:
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=request.secure)
        return response

    return guard


class BoardServer(Server):
    def __init__(
        self, command: str, address: Address, token: str, *, large: bool = False, public_url: str | None = None
    ) -> None:
        super().__init__(
            command, host=address.host, port=address.port, title=t("dashboard.title"), public_url=public_url
        )
        self.address = address
        self.listening = False  # set once the socket listens: a failure before that is the address's
        self.token = token
        self.font_size = LARGE_FONT if large else NORMAL_FONT
        self.configured_url = public_url

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(token_guard(self.token))
        return app

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """textual-serve's page, its font the board's size unless the address asks for another.
        (The parent reads `public_url` before its first await, so setting it here is safe.)"""
        if self.configured_url is None:
            # No public address configured: the page names its files and websocket with the
            # address the browser used (a TV on the office network reaching 0.0.0.0:PORT).
            self.public_url = f"{request.scheme}://{request.host}"
        context: dict[str, Any] = await Server.handle_index.__wrapped__(self, request)  # type: ignore[attr-defined]
        if "fontsize" not in request.query:
            context["font_size"] = self.font_size
        return context

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: textual-serve's banner would come before the socket listens; `serve` tells when it does."""

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, saying where the board is once it really listens, or why it
        cannot (`BoardError`)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self.request_exit)
        try:
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *_: self.listens(),
            )
        except OSError as error:  # a name not found (socket.gaierror) too
            if self.listening:
                raise
            raise cannot_listen(self.address, error) from None

    def listens(self) -> None:
        self.listening = True
        print(t("board.serving", url=self.public_url), flush=True)


def serve(command: str, address: Address, token: str, *, large: bool, public_url: str | None) -> int:
    BoardServer(command, address, token, large=large, public_url=public_url).serve()
    return 0
