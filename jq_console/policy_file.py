"""Reading the policy file from disk (the pure parsing is `domain.policy.parse_policy`)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .domain.coded import CodedError
from .domain.policy import Policy, PolicyError, parse_policy

DEFAULT_POLICY = Path(__file__).resolve().parent.parent / "data" / "policy.toml"


class PolicyFileError(CodedError):
    """The policy file cannot be used: `code` (policy.file.*) with the file's `path` and, for a bad
    value, the dotted `key` and the `problem` (the PolicyError, rendered in the user's language)."""


def policy_path(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("JQ_CONSOLE_POLICY") or DEFAULT_POLICY)


def load_policy(path: Path) -> Policy:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyFileError("policy.file.missing", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError("policy.file.unreadable", path=path, error=error) from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyFileError("policy.file.toml", path=path, error=error) from None
    try:
        return parse_policy(data)
    except PolicyError as error:
        raise bad_value(path, error) from None


def bad_value(path: Path, error: PolicyError) -> PolicyFileError:
    return PolicyFileError("policy.file.key", path=path, key=error.key, problem=error)
