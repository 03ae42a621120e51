"""The policy of record: what `jq-console policy ...` says (its help is in cli_help), the
`[holidays]` table's problems and the console's notice of a new version."""

from __future__ import annotations

ES: dict[str, str] = {
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
