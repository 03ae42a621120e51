"""The configuration file and settings (`jq-console config show`), the version and the log."""

from __future__ import annotations

ES: dict[str, str] = {
    "config.missing": (
        "no existe el archivo de configuración {path} (JQ_CONSOLE_CONFIG); corrija la ruta o quite la variable"
    ),
    "config.unreadable": "no se puede leer el archivo de configuración {path}: {error}",
    "config.toml": (
        "el archivo de configuración {path} no es TOML válido en la línea {line}: revise las comillas, los"
        " corchetes y los signos ="
    ),
    "config.unknown_key": "{path}: clave desconocida «{key}»; vea las claves con jq-console config show",
    "config.bad_value": "{path}: valor no válido para «{key}»: {value!r}",
    "config.bad_choice": "{path}: «{key}» debe ser uno de {choices}, no {value!r}",
    "config.secret_in_file": (
        "{path}: «{key}» parece una contraseña; las contraseñas van solo en el archivo de mail.password_file"
    ),
    "config.password_file_missing": "no existe el archivo de contraseñas {path} (mail.password_file)",
    "config.password_file_format": (
        'el archivo de contraseñas {path} no es TOML válido (smtp = "..." e imap = "...") ni una sola '
        "línea para ambos: corríjalo"
    ),
    "config.password_file_open": (
        "otros usuarios pueden leer el archivo de contraseñas {path}; ejecute: chmod 600 {path}"
    ),
    "config.show.title": "Configuración efectiva (la fuente de cada valor; gana la última):",
    "config.show.files": "Archivos leídos: {files}",
    "config.show.no_files": "Archivos leídos: ninguno (se buscan {files})",
    "config.show.unset": "(sin valor)",
    "config.source.default": "por omisión",
    "config.keymap": "Atajos propios (keymap):",
    "config.keymap_unknown": (
        "{path}: «{key}» no es ninguna acción de la consola; los identificadores están en la tabla de teclas del README"
    ),
    "config.keymap_unknown_like": "{path}: «{key}» no es ninguna acción de la consola; ¿quiso decir «{like}»?",
    "config.keymap_clash": (
        "{path}: «{key}» daría a la tecla «{pressed}» un segundo significado: en la misma pantalla ya es "
        "«{other}» ({other_id})"
    ),
    "log.unexpected": (
        "error inesperado ({error}); intente de nuevo y, si se repite, avise al administrador: "
        "los detalles están en {log}"
    ),
}

EN: dict[str, str] = {
    "config.missing": "the configuration file {path} (JQ_CONSOLE_CONFIG) does not exist; fix the path or unset it",
    "config.unreadable": "cannot read the configuration file {path}: {error}",
    "config.toml": (
        "the configuration file {path} is not valid TOML at line {line}: check the quotes, brackets and = signs"
    ),
    "config.unknown_key": "{path}: unknown key '{key}'; see the keys with jq-console config show",
    "config.bad_value": "{path}: invalid value for '{key}': {value!r}",
    "config.bad_choice": "{path}: '{key}' must be one of {choices}, not {value!r}",
    "config.secret_in_file": "{path}: '{key}' looks like a password; passwords go only in the mail.password_file file",
    "config.password_file_missing": "the password file {path} (mail.password_file) does not exist",
    "config.password_file_format": (
        'the password file {path} is neither valid TOML (smtp = "..." and imap = "...") nor one line for '
        "both: correct it"
    ),
    "config.password_file_open": "other users can read the password file {path}; run: chmod 600 {path}",
    "config.show.title": "Effective settings (the source of each value; the last one wins):",
    "config.show.files": "Files read: {files}",
    "config.show.no_files": "Files read: none (looked for {files})",
    "config.show.unset": "(unset)",
    "config.source.default": "default",
    "config.keymap": "Own key bindings (keymap):",
    "config.keymap_unknown": "{path}: '{key}' is no action of the console; the ids are in the README's table of keys",
    "config.keymap_unknown_like": "{path}: '{key}' is no action of the console; did you mean '{like}'?",
    "config.keymap_clash": (
        "{path}: '{key}' would give the key '{pressed}' a second meaning: on the same screen it is already "
        "'{other}' ({other_id})"
    ),
    "log.unexpected": (
        "unexpected error ({error}); try again and, if it repeats, tell the administrator: the details are in {log}"
    ),
}
