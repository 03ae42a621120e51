"""What every command shares: the parsed options, and the runtime and database opened on demand.

Nothing here imports the database or the policy runtime at module level: building the parser (and
`--help`) must not pay for them; a command pays when it first asks for `runtime` or `engine`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jq_console.config import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from jq_console.bootstrap import Runtime

# Where a command's policy comes from (its parser's `policy_source` default): "local" (a policy file:
# `deadlines`, `policy apply`), "reader" (the command reads the record through its own read-only
# engine: the dashboard), else the database's version in force (the shipped default before it has one).
LOCAL, READER = "local", "reader"


class CommandError(Exception):
    """A one-line message for the user; the command exits non-zero."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    args: argparse.Namespace
    frozen_at: str | None = None  # --now: an instant read in the policy's time zone
    settings: Settings = field(default_factory=Settings)  # files, environment and flags, settled
    _runtime: Runtime | None = field(default=None, init=False)
    _engines: dict[bool, Engine] = field(default_factory=dict, init=False)
    _record_engine: Engine | None = field(default=None, init=False)  # where the runtime reads policy versions
    _fresh: bool = field(default=False, init=False)  # see `start_afresh`

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            from jq_console.bootstrap import frozen_clock
            from jq_console.domain.parsing import parse_instant

            runtime = self._policy_runtime()
            if self.frozen_at is not None:
                runtime.clock = frozen_clock(parse_instant(self.frozen_at, runtime.tz))
            self._runtime = runtime
        return self._runtime

    def _policy_runtime(self) -> Runtime:
        from jq_console.bootstrap import DEFAULT_POLICY, load_runtime

        source = getattr(self.args, "policy_source", None)
        if source == LOCAL:
            return load_runtime(getattr(self.args, "policy", None), language=self.args.lang)
        recorded = None if source == READER or self._fresh else self._recorded_runtime()
        # The shipped policy (and with it the holiday package) is loaded only when there is no record.
        return recorded or load_runtime(str(DEFAULT_POLICY), language=self.args.lang)

    def _recorded_runtime(self) -> Runtime | None:
        """The version in force in the database, or None when there is none to read."""
        from jq_console.application.policy import record_runtime
        from jq_console.store.engine import make_engine
        from jq_console.store.errors import MISSING, StoreError
        from jq_console.store.schema import schema_state

        try:  # read-only, through the command's reader if it has one (see `engine`)
            engine = self._engines.get(True) or make_engine(self.args.db, readonly=True)
        except StoreError as error:
            if error.code == MISSING:  # `init` or `demo` makes it, with the shipped policy as version 1
                return None
            raise
        self._record_engine = engine
        if not schema_state(engine).current:  # none yet, or an older schema: its cases are version 1's
            return None
        return record_runtime(engine, self.args.lang)

    def follow_newest_policy(self) -> None:
        """Take up a policy version applied since the runtime was read, as an open console does (a
        batch kept open reads its next line under the version in force). Nothing before the runtime
        was first needed, or when it comes from a local policy file."""
        if self._runtime is None or self._runtime.version is None:
            return
        from jq_console.application.policy import newest_version

        # Read where the runtime was read: a batch of reads opens no writing connection for it.
        number = newest_version(self._record_engine or self.engine(readonly=True))
        if number is not None:
            self._runtime.follow(number)

    def start_afresh(self) -> None:
        """From now on, the runtime a new database starts under: the shipped policy (its version 1),
        not the one recorded in the database that is about to be made again."""
        self.forget_runtime()
        self._fresh = True

    def forget_runtime(self) -> None:
        """Read the policy again (the database just got its first version)."""
        self._runtime = None
        if self._record_engine is not None:
            self._record_engine.dispose()
            self._record_engine = None

    def engine(self, *, readonly: bool = False, initialized: bool = True, create: bool = False) -> Engine:
        """The command's engine, one of each kind. One reader a process: a second one opened beside
        the first took its `-shm` for a working agent's, opened read-only, and, closing last, left
        `-wal` and `-shm` behind (`store.readonly`). Only a command that makes the database (`init`,
        the demo's first fill) may `create` its file."""
        if readonly not in self._engines:
            from jq_console.store.engine import make_engine
            from jq_console.store.schema import require_schema

            shared = self._record_engine if readonly else None
            engine = shared or make_engine(self.args.db, readonly=readonly, create=create)
            if initialized:
                require_schema(engine)
            self._engines[readonly] = engine
        return self._engines[readonly]

    def close(self) -> None:
        """The readers first, the writer last: only a connection that may write removes the `-wal`
        and `-shm` files when it is the last to close (a first `--demo` command, which fills the
        database and then reads it, left them behind)."""
        readers = [engine for readonly, engine in self._engines.items() if readonly]
        for engine in [*readers, self._record_engine, self._engines.get(False)]:
            if engine is not None:
                engine.dispose()


Handler = Callable[[Context], int]
