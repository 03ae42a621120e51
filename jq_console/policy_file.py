"""Reading the policy file from disk (the pure parsing is `domain.policy.parse_policy`)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .domain.policy import Policy, PolicyError, parse_policy

DEFAULT_POLICY = Path(__file__).resolve().parent.parent / "data" / "policy.toml"


class PolicyFileError(Exception):
    """The policy file cannot be used; the message names the file, the key and the problem."""


def policy_path(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("JQ_CONSOLE_POLICY") or DEFAULT_POLICY)


def load_policy(path: Path) -> Policy:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyFileError(f"no existe el archivo de política {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError(f"no se puede leer el archivo de política {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyFileError(f"{path}: el archivo no es TOML válido ({error})") from None
    try:
        return parse_policy(data)
    except PolicyError as error:
        raise PolicyFileError(f"{path}: clave {error.key}: {error.problem}") from None
