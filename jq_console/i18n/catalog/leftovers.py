"""Loose ends: the breaches `sweep` records, the policy version on the case screen, and the
switches that let `mail watch` poll only or stop after a number of rounds."""

from __future__ import annotations

ES: dict[str, str] = {
    "sweep.breach_recorded": "{code}: incumplimiento de {kind} registrado (lo mostraban sus relojes).",
    "sweep.breaches": "barrido: {count} {count|incumplimiento registrado|incumplimientos registrados}",
    "case.policy_version": "Política v{number}",
    "case.policy_version_older": "Política v{number} (vigente: v{current})",
    "mail.watch.bad_rounds": "«{value}» no es un número de pasadas: escriba un entero desde 1.",
    "mail.watch.bad_poll": (
        "«{value}» no sirve como segundos entre miradas al buzón: escriba un número de 1 a {most}."
    ),
}

EN: dict[str, str] = {
    "sweep.breach_recorded": "{code}: {kind} breach recorded (its clocks showed it).",
    "sweep.breaches": "sweep: {count} {count|breach|breaches} recorded",
    "case.policy_version": "Policy v{number}",
    "case.policy_version_older": "Policy v{number} (in force: v{current})",
    "mail.watch.bad_rounds": "“{value}” is not a number of passes: type a whole number from 1.",
    "mail.watch.bad_poll": (
        "“{value}” will not do as seconds between looks at the mailbox: type a number from 1 to {most}."
    ),
}
