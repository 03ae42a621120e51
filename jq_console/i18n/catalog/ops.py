"""Messages of the operations commands (schema upgrade)."""

from __future__ import annotations

ES: dict[str, str] = {
    "ops.upgrade.help": "actualiza el esquema de la base de datos a esta versión de jq-console",
    "ops.upgrade.done": "esquema actualizado de {before} a {after}: {url}",
    "ops.upgrade.current": "el esquema ya está al día ({after}): {url}",
}

EN: dict[str, str] = {
    "ops.upgrade.help": "upgrade the database schema to this version of jq-console",
    "ops.upgrade.done": "schema upgraded from {before} to {after}: {url}",
    "ops.upgrade.current": "the schema is already up to date ({after}): {url}",
}
