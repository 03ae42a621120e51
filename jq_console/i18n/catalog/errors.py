"""Error sentences: bad input (parsers, NIT) and database problems. The domain raises only the
codes (`domain.coded.CodedError`); these are the only place the sentences are written."""

from __future__ import annotations

ES: dict[str, str] = {
    "err.input.duration": "duración inválida {text!r}: use por ejemplo 45m, 1h, 1h30m o 1:30",
    "err.input.duration_range": "la duración {text!r} debe estar entre 1 minuto y 24 horas",
    "err.input.instant": (
        "fecha inválida {text!r}: use AAAA-MM-DDTHH:MM o solo AAAA-MM-DD, por ejemplo 2026-12-07T15:00 o 2026-12-07"
    ),
    "err.input.instant_range": "fecha fuera de rango {text!r}",
    "err.input.phone_chars": "teléfono inválido {text!r}: use solo dígitos, por ejemplo 321 666 4301",
    "err.input.phone_length": "teléfono inválido {text!r}: debe tener 10 dígitos, por ejemplo 321 666 4301",
    "err.input.email": "correo inválido {text!r}: use por ejemplo usr@empresa.com.co",
    "err.input.moment": "escriba una hora (15:30) o una fecha y hora (2026-12-10T15:30)",
    "err.input.work_future": "el trabajo registrado no puede terminar después de ahora: revise el inicio y la duración",
    "err.input.estimate": "horas inválidas {text!r}: use por ejemplo 40, 6h, 6h30m o 1:30",
    "err.input.estimate_zero": "las horas estimadas {text!r} deben ser mayores que cero",
    "err.input.estimate_too_long": (
        "las horas estimadas {text!r} pasan de {limit} por línea: corrija la cifra o reparta el trabajo"
        " en varias líneas"
    ),
    "err.nit.length": "el NIT {number!r} debe tener entre 1 y 15 dígitos",
    "err.nit.format": "NIT inválido {text!r}: use el formato 900123456-8",
    "err.nit.check_digit": "el dígito de verificación de {number} es {expected}, no {digit}",
    "err.store.missing": "no existe la base de datos {path}; créela con 'jq-console init'",
    "err.store.not_a_file": (
        "{path} no es un archivo (es una carpeta, una tubería o un dispositivo): indique el archivo de la base de datos"
    ),
    "err.store.unreadable": "su usuario no puede leer {path}: pida permiso de lectura (ver docs/deployment.md)",
    "err.store.mkdir": "no se puede crear la carpeta {folder}: {reason}",
    "err.store.bad_target": "no se puede usar la base de datos {target!r}: {reason}",
    "err.store.busy": "la base de datos está ocupada; intente de nuevo en unos segundos",
    "err.store.changed": "la base de datos cambió durante la lectura; intente de nuevo",
    "err.store.unable_open": "no se puede abrir la base de datos: revise la ruta (--db) y sus permisos",
    "err.store.readonly": "la base de datos es de solo lectura: no se puede escribir en ella",
    "err.store.pg_connect": (
        "no se puede conectar con el servidor PostgreSQL: revise la URL (--db) y que el "
        "servidor esté en marcha ({detail})"
    ),
    "err.store.pg_auth": "el servidor PostgreSQL rechazó el usuario o la contraseña de la URL (--db)",
    "err.store.not_initialized": "la base de datos no está inicializada: ejecute 'jq-console init'",
    "err.store.other": "error de base de datos: {reason}",
    "err.store.cancelled": "la base de datos canceló la consulta por tardar demasiado; intente de nuevo",
    "err.store.damaged": (
        "el archivo de la base de datos está dañado o no es una base de datos: revise la ruta (--db) "
        "o restaure la última copia de seguridad"
    ),
    "err.store.full": "no queda espacio para la base de datos: libere espacio en disco e intente de nuevo",
    "err.schema.not_initialized": (
        "la base de datos no está inicializada: ejecute 'jq-console init' o 'jq-console demo'"
    ),
    "err.schema.newer": (
        "la base de datos tiene un esquema más nuevo ({revision}) que esta versión de "
        "jq-console ({head}); actualice jq-console antes de usarla"
    ),
    "err.schema.older": (
        "el esquema de la base de datos es anterior ({revision}) a esta versión ({head}): ejecute 'jq-console upgrade'"
    ),
    "err.backup.sqlite_only": "la copia en línea es para SQLite; en PostgreSQL use pg_dump",
    "err.backup.failed": "no se pudo copiar la base de datos: {reason}",
    "err.backup.integrity": "la copia no pasó la verificación de integridad: {result}",
    "err.demo.not_empty": "la base de datos ya tiene datos; use 'jq-console demo --reset' para empezar de nuevo",
    "err.directory.client_exists": "ya existe un cliente con NIT {nit}",
    "err.directory.no_client": "no existe un cliente con NIT {nit}",
    "err.directory.contact_exists": "el contacto ya existe",
    "err.directory.agent_exists": "ya existe un agente con usuario {login}",
    "err.directory.no_agent": "no existe un agente con usuario {login}",
    "err.directory.partner_exists": "ya existe un aliado llamado {name}",
}

EN: dict[str, str] = {
    "err.input.duration": "invalid duration {text!r}: use for example 45m, 1h, 1h30m or 1:30",
    "err.input.duration_range": "the duration {text!r} must be between 1 minute and 24 hours",
    "err.input.instant": (
        "invalid date {text!r}: use YYYY-MM-DDTHH:MM or just YYYY-MM-DD, for example 2026-12-07T15:00 or 2026-12-07"
    ),
    "err.input.instant_range": "date out of range {text!r}",
    "err.input.phone_chars": "invalid phone number {text!r}: use digits only, for example 321 666 4301",
    "err.input.phone_length": "invalid phone number {text!r}: it must have 10 digits, for example 321 666 4301",
    "err.input.email": "invalid email {text!r}: use for example usr@empresa.com.co",
    "err.input.moment": "type a time (15:30) or a date and time (2026-12-10T15:30)",
    "err.input.work_future": "logged work cannot end later than now: check the start and the duration",
    "err.input.estimate": "invalid hours {text!r}: use for example 40, 6h, 6h30m or 1:30",
    "err.input.estimate_zero": "the estimated hours {text!r} must be more than zero",
    "err.input.estimate_too_long": (
        "the estimated hours {text!r} are more than {limit} for one line: correct the figure or split the work"
        " over several lines"
    ),
    "err.nit.length": "the NIT {number!r} must have 1 to 15 digits",
    "err.nit.format": "invalid NIT {text!r}: use the format 900123456-8",
    "err.nit.check_digit": "the check digit of {number} is {expected}, not {digit}",
    "err.store.missing": "the database {path} does not exist; create it with 'jq-console init'",
    "err.store.not_a_file": "{path} is not a file (it is a folder, a pipe or a device): name the database's file",
    "err.store.unreadable": "your user cannot read {path}: ask for read permission (see docs/deployment.md)",
    "err.store.mkdir": "cannot create the folder {folder}: {reason}",
    "err.store.bad_target": "cannot use the database {target!r}: {reason}",
    "err.store.busy": "the database is busy; try again in a few seconds",
    "err.store.changed": "the database changed while it was being read; try again",
    "err.store.unable_open": "cannot open the database: check the path (--db) and its permissions",
    "err.store.readonly": "the database is read-only: it cannot be written to",
    "err.store.pg_connect": (
        "cannot connect to the PostgreSQL server: check the URL (--db) and that the server is running ({detail})"
    ),
    "err.store.pg_auth": "the PostgreSQL server rejected the user or password in the URL (--db)",
    "err.store.not_initialized": "the database is not initialised: run 'jq-console init'",
    "err.store.other": "database error: {reason}",
    "err.store.cancelled": "the database cancelled the query because it took too long; try again",
    "err.store.damaged": (
        "the database file is damaged or is not a database: check the path (--db) or restore the latest backup"
    ),
    "err.store.full": "there is no space left for the database: free disk space and try again",
    "err.schema.not_initialized": "the database is not initialised: run 'jq-console init' or 'jq-console demo'",
    "err.schema.newer": (
        "the database has a newer schema ({revision}) than this version of jq-console "
        "({head}); upgrade jq-console before using it"
    ),
    "err.schema.older": (
        "the database schema ({revision}) is older than this version ({head}): run 'jq-console upgrade'"
    ),
    "err.backup.sqlite_only": "the online backup is for SQLite; on PostgreSQL use pg_dump",
    "err.backup.failed": "the database could not be copied: {reason}",
    "err.backup.integrity": "the copy failed the integrity check: {result}",
    "err.demo.not_empty": "the database already has data; use 'jq-console demo --reset' to start again",
    "err.directory.client_exists": "a client with NIT {nit} already exists",
    "err.directory.no_client": "there is no client with NIT {nit}",
    "err.directory.contact_exists": "the contact already exists",
    "err.directory.agent_exists": "an agent with login {login} already exists",
    "err.directory.no_agent": "there is no agent with login {login}",
    "err.directory.partner_exists": "a partner named {name} already exists",
}
