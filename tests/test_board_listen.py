"""The wall board says why it cannot be served: an address it cannot listen on (a port in use, an
address of another machine, a host name not found) and a token file that is not text are one
sentence saying what to change, never an unexpected error."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_support import cli

from jq_console.i18n import error_text, set_language
from jq_console.ui.board_server import Address, BoardError, cannot_listen, read_token


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    try:
        yield
    finally:
        set_language("es")


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.EADDRINUSE, "address already in use"), "that port is already in use"),
        (OSError(errno.EADDRNOTAVAIL, "cannot assign requested address"), "not an address of this machine"),
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "no host has that name"),
        (OSError(errno.EACCES, "permission denied"), "ports below 1024"),
        (OSError(errno.ENOBUFS, "No buffer space available"), "No buffer space available"),
    ],
)
def test_each_reason_not_to_listen_is_told_with_what_to_do(english: None, error: OSError, said: str) -> None:
    refusal = cannot_listen(Address("::1", 8765), error)
    assert isinstance(refusal, BoardError) and refusal.code == "board.cannot_listen"
    told = error_text(refusal)
    assert told.startswith("cannot listen on [::1]:8765: ") and said in told, told
    assert "choose another" in told


def test_a_token_file_that_is_not_text_is_told_so(tmp_path: Path) -> None:
    token_file = tmp_path / "board-token"
    token_file.write_bytes(b"\xff\xfe\x00token")
    token_file.chmod(0o600)
    with pytest.raises(BoardError) as refusal:
        read_token(str(token_file))
    assert refusal.value.code == "board.token_not_text" and refusal.value.params["path"] == token_file


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    db = str(tmp_path / "board.sqlite")
    assert cli("--db", db, "demo", "--cases", "5", login=None).returncode == 0
    token_file = tmp_path / "board-token"
    token_file.write_text("board-token-7f3c9a1e5d\n")
    token_file.chmod(0o600)
    config = tmp_path / "config.toml"
    config.write_text(f'[board]\ntoken_file = "{token_file}"\n')
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(config))
    return db


def test_serve_on_a_port_in_use_or_another_machine_s_address_is_one_sentence(office: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for address, said in ((f"127.0.0.1:{port}", "ese puerto ya está en uso"), ("192.0.2.1:8765", "no es de")):
            shown = cli("--db", office, "dashboard", "--serve", address, login=None)
            assert (shown.returncode, shown.stdout) == (2, ""), shown.stderr
            assert shown.stderr.count("\n") == 1 and f"no se puede escuchar en {address}: " in shown.stderr
            assert said in shown.stderr and "elija otra" in shown.stderr, shown.stderr
