"""The one root of every expected failure: an error named by a message code, so the edge shows it
in the user's language.

Nothing below the edge knows the interface language, so no error carries a sentence: `code` names
one in the catalogue (`jq_console.i18n.catalog`) and `params` fill it. A refusal by the policy
(`domain.cases.Refused`), bad input (`domain.parsing.InputError`), a NIT, the policy file and the
database (`store.errors.StoreError`) are all `CodedError`s. The CLI and the screens show
`i18n.error_text(error)`, rendered when shown, in the language of that moment; `str(error)` is
only the code.
"""

from __future__ import annotations

from typing import Any


class CodedError(Exception):
    def __init__(self, code: str, /, **params: Any) -> None:  # a param may itself be named code
        super().__init__(code)
        self.code = code
        self.params = params
