"""A domain error named by a message code, so the edge shows it in the user's language.

The domain does not know the interface language, so it carries no sentence: `code` names one
in the catalogue (`jq_console.i18n.catalog`) and `params` fill it. The CLI and the screens show
`i18n.error_text(error)`; `str(error)` is only the code, as for `Refused`.
"""

from __future__ import annotations

from typing import Any


class CodedError(ValueError):
    def __init__(self, code: str, /, **params: Any) -> None:  # a param may itself be named code
        super().__init__(code)
        self.code = code
        self.params = params
