"""The log of unexpected errors: `$XDG_STATE_HOME/jq-console/jq-console.log` (default
`~/.local/state/...`), rotating. The user is told one sentence naming the file; the traceback is
there for whoever maintains the console, never on the agent's screen."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from jq_console.i18n import t

LOGGER = logging.getLogger("jq_console")
MAX_BYTES = 1_000_000
BACKUPS = 3


def log_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "jq-console" / "jq-console.log"


def _handler() -> Path | None:
    """Attach the file handler once; None when no log can be kept (e.g. a read-only home)."""
    path = log_path()
    for handler in LOGGER.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    return path


def unexpected(error: BaseException) -> str:
    """Log `error` with its traceback; the sentence for the user, naming the log."""
    path = _handler()
    LOGGER.error("unexpected error: %s", type(error).__name__, exc_info=error)
    return t("log.unexpected", error=type(error).__name__, log=path if path is not None else "stderr")
