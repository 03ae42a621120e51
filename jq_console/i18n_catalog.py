"""The message catalogue. Keys are dotted codes; values are `str.format` templates."""

from __future__ import annotations

DAY_NAMES = {"es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
             "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTH_NAMES = {"es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
               "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}

ES: dict[str, str] = {
    # Severities, services, statuses, channels, categories, roles
    "severity.S1": "S1 Solicitud", "severity.S2": "S2 Incidencia", "severity.S3": "S3 Urgencia",
    "service.subscription": "Suscripción", "service.contractual": "Contractual",
    "status.new": "Nuevo", "status.assigned": "Asignado", "status.in_progress": "En curso",
    "status.waiting": "En espera", "status.resolved": "Resuelto", "status.closed": "Cerrado",
    "status.invalid": "Inválido", "status.rejected": "Rechazado", "status.referred": "Remitido",
    "verification.valid": "Válido", "verification.temporary": "Temporal (gerente/administrador)",
    "verification.pending": "Pendiente de verificación del USR", "verification.invalid": "Inválido",
    "channel.form": "Formulario", "channel.phone": "Teléfono", "channel.whatsapp": "WhatsApp",
    "category.fault": "Falla del software", "category.request": "Solicitud",
    "category.feature_request": "Nueva funcionalidad", "category.update": "Actualización",
    "category.uc_expansion": "Ampliación de UC", "category.out_of_scope": "Fuera de alcance",
    "category.other": "Otra (con aprobación previa)",
    "scope.server": "Servidor", "scope.usr": "USR",
    "role.usr": "USR", "role.manager": "Gerente", "role.admin": "Administrador", "role.other": "Otro",
    "agent_role.agent": "Agente", "agent_role.supervisor": "Supervisor", "agent_role.admin": "Administrador",
    "availability.available": "Disponible", "availability.busy": "Ocupado", "availability.away": "Ausente",
    "clock.ok": "A tiempo", "clock.at_risk": "En riesgo", "clock.breached": "Incumplido",
    "clock.paused": "En pausa", "clock.met": "Cumplido",
    "kind.assignment": "asignación", "kind.resolution": "resolución",
    # Findings of the registration rules
    "reporter_temporary": "Reportado por el {role} del cliente: válido como medida temporal.",
    "reporter_pending": "Reportado por un contacto que no es el USR: pendiente de verificación del USR.",
    "justification_required": "Un caso recibido por {channel} necesita una justificación escrita "
                              "(por ejemplo, el cliente no tiene acceso a Internet).",
    "contractual_not_allowed": "Un cliente contractual solo puede abrir casos S3, actualizaciones, "
                               "ampliaciones de UC u otras excepciones con aprobación previa registrada.",
    "level_required": "El cliente por suscripción no tiene nivel (1 a 4): corrija el cliente primero.",
    "client_not_up_to_date": "Atención: el cliente no está al día en sus obligaciones; puede invalidar el caso.",
    "s3_notify_reminder": "Urgencia: registre también la notificación por teléfono o chat y su hora.",
    "out_of_scope_referral": "Fuera de alcance: se remite a un aliado, solo con el consentimiento del cliente.",
    "feature_request_study": "Nueva funcionalidad: se abrirá un caso de estudio.",
    # Refusals of moves
    "action_not_allowed": "Esa acción no está permitida en un caso {status}.",
    "already_taken": "El caso ya lo tomó {agent}.",
    "reason_required": "Escriba el motivo: es obligatorio para esta acción.",
    "not_pending_verification": "El caso no está pendiente de verificación.",
    "notify_only_s3": "Solo las urgencias (S3) registran notificación por teléfono o chat.",
    "deadline_in_past": "El plazo acordado debe ser posterior a ahora.",
    "unknown_severity": "Severidad desconocida {severity}: use S1, S2 o S3.",
    "same_severity": "El caso ya es {severity}.",
    "refer_only_out_of_scope": "Solo un caso fuera de alcance se remite a un aliado.",
    "consent_required": "Registre el consentimiento del cliente (quién, cuándo y cómo) antes de remitir.",
    "case_not_found": "No existe el caso {code}.",
    "case_changed": "Otro agente cambió el caso {code} mientras tanto; se recargó, revise y repita.",
    "reason.due": "{kind} vence {due}", "reason.due_breached": "{kind} vencida {due} (incumplido)",
    "reason.paused": "resolución en pausa", "reason.opened": "luego el más antiguo",
}

EN: dict[str, str] = {
    "severity.S1": "S1 Request", "severity.S2": "S2 Incident", "severity.S3": "S3 Urgency",
    "service.subscription": "Subscription", "service.contractual": "Contractual",
    "status.new": "New", "status.assigned": "Assigned", "status.in_progress": "In progress",
    "status.waiting": "Waiting", "status.resolved": "Resolved", "status.closed": "Closed",
    "status.invalid": "Invalid", "status.rejected": "Rejected", "status.referred": "Referred",
    "verification.valid": "Valid", "verification.temporary": "Temporary (manager/administrator)",
    "verification.pending": "Pending USR verification", "verification.invalid": "Invalid",
    "channel.form": "Web form", "channel.phone": "Phone", "channel.whatsapp": "WhatsApp",
    "category.fault": "Software fault", "category.request": "Request",
    "category.feature_request": "Feature request", "category.update": "Update",
    "category.uc_expansion": "UC expansion", "category.out_of_scope": "Out of scope",
    "category.other": "Other (prior approval)",
    "scope.server": "Server", "scope.usr": "USR",
    "role.usr": "USR", "role.manager": "Manager", "role.admin": "Administrator", "role.other": "Other",
    "agent_role.agent": "Agent", "agent_role.supervisor": "Supervisor", "agent_role.admin": "Administrator",
    "availability.available": "Available", "availability.busy": "Busy", "availability.away": "Away",
    "clock.ok": "On time", "clock.at_risk": "At risk", "clock.breached": "Breached",
    "clock.paused": "Paused", "clock.met": "Met",
    "kind.assignment": "assignment", "kind.resolution": "resolution",
    "reporter_temporary": "Reported by the client's {role}: valid as a temporary measure.",
    "reporter_pending": "Reported by a contact who is not the USR: pending USR verification.",
    "justification_required": "A case received by {channel} needs a written justification "
                              "(e.g. the client has no Internet access).",
    "contractual_not_allowed": "A contractual client may only open S3 cases, updates, UC expansions "
                               "or other exceptions with a recorded prior approval.",
    "level_required": "The subscription client has no level (1 to 4): fix the client first.",
    "client_not_up_to_date": "Warning: the client is behind on payments; you may invalidate the case.",
    "s3_notify_reminder": "Urgency: also record the phone or chat notification and its time.",
    "out_of_scope_referral": "Out of scope: referred to a partner, only with the client's consent.",
    "feature_request_study": "Feature request: a case study will be opened.",
    "action_not_allowed": "That action is not allowed on a case in status {status}.",
    "already_taken": "The case was already taken by {agent}.",
    "reason_required": "Type the reason: this action requires one.",
    "not_pending_verification": "The case is not pending verification.",
    "notify_only_s3": "Only urgencies (S3) record a phone or chat notification.",
    "deadline_in_past": "The agreed deadline must be later than now.",
    "unknown_severity": "Unknown severity {severity}: use S1, S2 or S3.",
    "same_severity": "The case is already {severity}.",
    "refer_only_out_of_scope": "Only an out-of-scope case is referred to a partner.",
    "consent_required": "Record the client's consent (who, when and how) before referring.",
    "case_not_found": "Case {code} does not exist.",
    "case_changed": "Another agent changed case {code} meanwhile; it was reloaded, check and repeat.",
    "reason.due": "{kind} due {due}", "reason.due_breached": "{kind} was due {due} (breached)",
    "reason.paused": "resolution paused", "reason.opened": "then the oldest",
}

CATALOG = {"es": ES, "en": EN}
