"""A domain error that also carries a message code, so the edge can show it in the user's language.

The domain does not know the interface language: `str(error)` stays the Spanish sentence, and
the CLI and the screens show `t(error.code, **error.params)` when `code` is set.
"""

from __future__ import annotations

from typing import Any


class CodedError(ValueError):
    def __init__(self, message: str, /, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
