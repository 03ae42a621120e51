"""Time limits: the USR's verification deadline, `sweep`, intake send-time bounds, billed months,
the payment mark, and the recategorisation dialog."""

from __future__ import annotations

ES = {
    # intake send time (one line's reason, inside intake.line_error)
    "intake.too_old": "la fecha de envío {value} tiene más de {hours} horas: la política no admite envíos tan "
    "antiguos; registre el caso por la consola si sigue vigente",
    "intake.beyond_tolerance": "la fecha de envío {value} es posterior a ahora en más de {minutes} minutos: "
    "revise el reloj del servidor del formulario",
    "bounds.intake.behind": "  {code}: atención, el cliente no está al día en sus pagos; puede invalidar el caso.",
    # billed months
    "billing.month_billed": "El mes {month} ya está facturado (cerrado): no se puede registrar ni corregir tiempo en "
    "él. Registre el trabajo con la fecha en que se hizo en un mes abierto o pida a un supervisor la corrección.",
    "billing.before_opening": "El caso {code} se abrió el {opened}: el trabajo registrado en él debe terminar a "
    "partir de {earliest} ({hours} h antes de la apertura, como la llamada que se registra después). Revise el "
    "inicio y la duración.",
    "billing.already_closed": "El mes {month} ya estaba cerrado para facturación (lo cerró {login}).",
    "billing.month_open": "Mes abierto: aún se puede registrar y corregir tiempo.",
    "billing.month_closed": "Mes cerrado para facturación por {login} el {when}: no admite más tiempo ni correcciones.",
    "billing.closed_now": "Mes {month} cerrado para facturación.",
    "billing.state_open": "mes abierto",
    "billing.state_closed": "mes cerrado (facturado) por {login} el {when}",
    # sweep
    "sweep.reason.unverified": "no verificado por el USR dentro del plazo de la política",
    "sweep.reason.auto_closed": "cerrado automáticamente: resuelto hace más de {days} días hábiles",
    "sweep.not_overdue": "El caso {code} ya no está pendiente de verificación vencida.",
    "sweep.not_due": "El caso {code} ya no está resuelto desde hace el plazo de cierre.",
    "sweep.invalidated": "{code} invalidado: no verificado por el USR en {hours} horas hábiles.",
    "sweep.closed": "{code} cerrado: resuelto hace más de {days} días hábiles.",
    "sweep.skipped": "jq-console: {code} no se movió: {reason}",
    "sweep.summary": "barrido: {invalidated} {invalidated|caso invalidado|casos invalidados}, "
    "{closed} {closed|caso cerrado|casos cerrados}",
    # screens
    "ui.col.mark": "!",
    "bounds.payments.ok": "pagos al día",
    "bounds.payments.behind": "$ pagos atrasados: puede invalidar el caso",
    "bounds.verification.due": "{state} · vence {when}",
    "bounds.verification.overdue": "{state} · VENCIDA desde {when} (el barrido la invalidará)",
    "bounds.cli.verification": "  Verificación: {verification} · {payments}",
    "bounds.dialog.recategorize_title": "Recategorizar {code}",
    "bounds.dialog.recategorize_intro": "Categoría actual: {category}. La nueva debe admitir la severidad del caso "
    "y, si es contractual, sus límites.",
    "bounds.dialog.new_category": "Nueva categoría",
    "bounds.dialog.recategorize_allowed": "La política admite el caso como {category}.",
    "bounds.dashboard.unverified": "Verificación USR vencida: {count}",
    "bounds.dashboard.unverified_line": "{code}  {client}  venció {when}",
    "bounds.dashboard.unverified_more": "… y {count} más",
    "bounds.dashboard.none_unverified": "Ningún caso con la verificación vencida.",
}

EN = {
    "intake.too_old": "submission time {value} is more than {hours} hours old: the policy accepts no submission that "
    "old; register the case in the console if it still stands",
    "intake.beyond_tolerance": "submission time {value} is more than {minutes} minutes ahead of now: check the web "
    "form server's clock",
    "bounds.intake.behind": "  {code}: warning, the client is behind on payments; you may invalidate the case.",
    "billing.month_billed": "Month {month} is already billed (closed): no time can be logged or corrected in it. "
    "Log the work at the date it was done in an open month, or ask a supervisor about the correction.",
    "billing.before_opening": "Case {code} was opened on {opened}: work logged on it must end at {earliest} or later "
    "({hours} h before the opening, as a call registered afterwards). Check the start and the duration.",
    "billing.already_closed": "Month {month} was already closed for billing (closed by {login}).",
    "billing.month_open": "Month open: time can still be logged and corrected.",
    "billing.month_closed": "Month closed for billing by {login} on {when}: no more time or corrections.",
    "billing.closed_now": "Month {month} closed for billing.",
    "billing.state_open": "month open",
    "billing.state_closed": "month closed (billed) by {login} on {when}",
    "sweep.reason.unverified": "not verified by the USR within the policy's deadline",
    "sweep.reason.auto_closed": "closed automatically: resolved more than {days} business days ago",
    "sweep.not_overdue": "Case {code} is no longer pending an overdue verification.",
    "sweep.not_due": "Case {code} has not been resolved for the closing period any more.",
    "sweep.invalidated": "{code} invalidated: not verified by the USR within {hours} business hours.",
    "sweep.closed": "{code} closed: resolved more than {days} business days ago.",
    "sweep.skipped": "jq-console: {code} was not moved: {reason}",
    "sweep.summary": "sweep: {invalidated} {invalidated|case|cases} invalidated, {closed} {closed|case|cases} closed",
    "ui.col.mark": "!",
    "bounds.payments.ok": "payments up to date",
    "bounds.payments.behind": "$ behind on payments: you may invalidate the case",
    "bounds.verification.due": "{state} · due {when}",
    "bounds.verification.overdue": "{state} · OVERDUE since {when} (the sweep will invalidate it)",
    "bounds.cli.verification": "  Verification: {verification} · {payments}",
    "bounds.dialog.recategorize_title": "Recategorize {code}",
    "bounds.dialog.recategorize_intro": "Current category: {category}. The new one must allow the case's severity "
    "and, if contractual, its limits.",
    "bounds.dialog.new_category": "New category",
    "bounds.dialog.recategorize_allowed": "The policy accepts the case as {category}.",
    "bounds.dashboard.unverified": "USR verification overdue: {count}",
    "bounds.dashboard.unverified_line": "{code}  {client}  due {when}",
    "bounds.dashboard.unverified_more": "… and {count} more",
    "bounds.dashboard.none_unverified": "No case with an overdue verification.",
}
