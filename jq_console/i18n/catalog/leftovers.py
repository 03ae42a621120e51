"""Loose ends: the breaches `sweep` records, the policy version on the case screen, and the
switches that let `mail watch` poll only or stop after a number of rounds."""

from __future__ import annotations

ES: dict[str, str] = {
    "sweep.breach_recorded": "{code}: incumplimiento de {kind} registrado (lo mostraban sus relojes).",
    "sweep.breaches": "barrido: {count} {count|incumplimiento registrado|incumplimientos registrados}",
}

EN: dict[str, str] = {
    "sweep.breach_recorded": "{code}: {kind} breach recorded (its clocks showed it).",
    "sweep.breaches": "sweep: {count} {count|breach|breaches} recorded",
}
