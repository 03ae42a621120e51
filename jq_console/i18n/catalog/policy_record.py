"""The policy of record: `jq-console policy ...`, its help, the `[holidays]` table's problems and the
console's notice of a new version."""

from __future__ import annotations

ES: dict[str, str] = {
    "help.policy_cmd": "la política vigente, en versiones guardadas en la base de datos",
    "help.policy_cmd.apply": "guarda un archivo de política como nueva versión vigente (administradores)",
    "help.policy_cmd.apply.file": "archivo de política (por defecto --policy o JQ_CONSOLE_POLICY)",
    "help.policy_cmd.apply.note": "por qué cambia la política",
    "help.policy_cmd.show": "muestra el texto de la versión vigente, o de otra",
    "help.policy_cmd.show.version": "número de la versión",
    "help.policy_cmd.history": "las versiones: quién y cuándo las aplicó, su huella y su nota (* la vigente)",
    "help.policy_cmd.diff": "las diferencias entre los textos de dos versiones",
    "help.policy_cmd.diff.first": "versión anterior",
    "help.policy_cmd.diff.second": "versión posterior",
    "policy.apply_needs_file": "indique el archivo de política: jq-console policy apply ARCHIVO",
    "policy.unchanged": "sin cambios: el archivo es la versión vigente ({number})",
    "policy.applied": "versión {number} aplicada por {login} (sha256 {hash}); los casos nuevos se abren con ella",
    "policy.no_version": "no hay versión {number} de la política; vea jq-console policy history",
    "policy.holiday_date": "fecha inválida {value!r} (use AAAA-MM-DD)",
    "policy.holiday_name": "cada festivo necesita un nombre (máximo 120 caracteres)",
    "policy.holiday_key": "clave desconocida; [holidays] admite add y remove",
    "policy.holiday_both": "el día {value} aparece a la vez en add y en remove",
    "ui.policy_version": (
        "Nueva versión de la política ({number}): los casos nuevos se abren con ella; "
        "cada caso abierto conserva la suya"
    ),
}

EN: dict[str, str] = {
    "help.policy_cmd": "the policy in force, in versions stored in the database",
    "help.policy_cmd.apply": "store a policy file as the new version in force (administrators)",
    "help.policy_cmd.apply.file": "policy file (default --policy or JQ_CONSOLE_POLICY)",
    "help.policy_cmd.apply.note": "why the policy changes",
    "help.policy_cmd.show": "print the text of the version in force, or of another",
    "help.policy_cmd.show.version": "version number",
    "help.policy_cmd.history": "the versions: who applied them and when, their hash and note (* the one in force)",
    "help.policy_cmd.diff": "the differences between two versions' texts",
    "help.policy_cmd.diff.first": "earlier version",
    "help.policy_cmd.diff.second": "later version",
    "policy.apply_needs_file": "name the policy file: jq-console policy apply FILE",
    "policy.unchanged": "unchanged: the file is the version in force ({number})",
    "policy.applied": "version {number} applied by {login} (sha256 {hash}); new cases are opened under it",
    "policy.no_version": "there is no policy version {number}; see jq-console policy history",
    "policy.holiday_date": "invalid date {value!r} (use YYYY-MM-DD)",
    "policy.holiday_name": "every holiday needs a name (at most 120 characters)",
    "policy.holiday_key": "unknown key; [holidays] takes add and remove",
    "policy.holiday_both": "the day {value} is both in add and in remove",
    "ui.policy_version": ("New policy version ({number}): new cases are opened under it; each open case keeps its own"),
}
