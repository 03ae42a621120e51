"""Who is at the keyboard: the operating system's account of the process, not the environment.

Anyone can set an environment variable, so none is believed on its word:
- SUDO_USER names the agent only when the process really runs as root or as the service user
  (the recommended set-up runs the console through sudo as a service user, named by
  `[security] service_user` in /etc/jq-console/config.toml: only the server's own file, which root
  owns, may name it; a user's file or an environment variable could name the user's own account and
  so make a forged SUDO_USER believed). Without sudo, `SUDO_USER=boss jq-console ...` is ignored.
- JQ_CONSOLE_AGENT names the agent only on a sandbox database (demo data, tests: see
  store/sandbox.py), never on one that holds real work.
- Otherwise the login is the account of the process's real user id, read from the system's user
  database (USER and LOGNAME are environment variables too).
"""

from __future__ import annotations

import os
import pwd
from functools import lru_cache

from sqlalchemy import Engine

from jq_console.config import SYSTEM_FILE, ConfigError, load_settings
from jq_console.store.sandbox import is_sandbox

AGENT_ENV = "JQ_CONSOLE_AGENT"


@lru_cache(maxsize=1)
def configured_service_user() -> str | None:
    """The service account named by the server's own configuration file, and by nothing else."""
    try:
        return load_settings(environ={}, files=[SYSTEM_FILE]).service_user
    except ConfigError:  # a damaged file names nobody; the commands that read settings say why
        return None


def _account(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a numeric user with no entry (containers): its number is all it has
        return str(uid)


def sudo_trusted() -> bool:
    """True when SUDO_USER can only have been set by sudo itself: the process runs as root or as
    the configured service user, which only sudo's rules let agents become."""
    if os.geteuid() == 0:
        return True
    service = (configured_service_user() or "").strip()
    return bool(service) and _account(os.geteuid()) == service


def current_login(engine: Engine | None, *, sandbox: bool | None = None) -> str:
    """The login of the session. `engine` is the database the command works on: JQ_CONSOLE_AGENT
    counts only if it is a sandbox (`sandbox=True` when the command is creating one)."""
    sudo_user = os.environ.get("SUDO_USER", "").strip()
    if sudo_user and sudo_trusted():
        return sudo_user
    named = os.environ.get(AGENT_ENV, "").strip()
    if named:
        if sandbox is None:
            sandbox = engine is not None and is_sandbox(engine)
        if sandbox:
            return named
    return _account(os.getuid())
