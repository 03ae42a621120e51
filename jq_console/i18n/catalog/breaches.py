"""Breaches as facts: each breach (case, clock, occurrence) and its own corrective action."""

from __future__ import annotations

ES: dict[str, str] = {
    "corrective.no_such_breach": (
        "El caso {code} no tiene ese incumplimiento ({clock} {occurrence}): mire sus incumplimientos con "
        "«jq-console case show {code}»."
    ),
    "corrective.already_recorded": (
        "El incumplimiento de {clock} n.º {occurrence} del caso {code} ya tiene su acción correctiva: "
        "cada incumplimiento tiene una sola."
    ),
    "corrective.all_recorded": (
        "Cada incumplimiento del caso {code} ya tiene su acción correctiva: mírelas con «jq-console case show {code}»."
    ),
    "cli.case.breach": "  Incumplido: {kind} n.º {occurrence}, vencía {due}; {action}",
    "breach.action": "acción correctiva de {by}: {note}",
    "breach.awaiting_action": "espera acción correctiva",
    "ui.case.breaches": "Incumplimientos",
    "ui.case.breach_line": "{kind} n.º {occurrence} ({severity}): vencía {due}",
    "corrective.prompt_one": "Para el incumplimiento de {kind} n.º {occurrence} (venció {due})",
}

EN: dict[str, str] = {
    "corrective.no_such_breach": (
        "Case {code} has no such breach ({clock} {occurrence}): see its breaches with «jq-console case show {code}»."
    ),
    "corrective.already_recorded": (
        "Breach {clock} no. {occurrence} of case {code} already has its corrective action: each breach has one."
    ),
    "corrective.all_recorded": (
        "Every breach of case {code} already has its corrective action: see them with «jq-console case show {code}»."
    ),
    "cli.case.breach": "  Breached: {kind} no. {occurrence}, due {due}; {action}",
    "breach.action": "corrective action by {by}: {note}",
    "breach.awaiting_action": "awaiting a corrective action",
    "ui.case.breaches": "Breaches",
    "ui.case.breach_line": "{kind} no. {occurrence} ({severity}): due {due}",
    "corrective.prompt_one": "For the {kind} breach no. {occurrence} (due {due})",
}
