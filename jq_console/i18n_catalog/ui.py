"""Strings of the console's screens (queue, case, registration, dialogs, help)."""

from __future__ import annotations

_MOVES_ES = {
    "take": "Tomar", "start": "Iniciar", "wait": "Esperar al cliente", "resume": "Reanudar",
    "log_time": "Registrar tiempo", "agree": "Plazo acordado", "resolve": "Resolver", "close": "Cerrar",
    "reopen": "Reabrir", "invalidate": "Invalidar", "reject": "Rechazar", "verify": "Verificado por USR",
    "refer": "Remitir a aliado", "notify_s3": "Notificación S3", "reclassify": "Reclasificar",
    "case_study": "Caso de estudio", "assign": "Asignar a…",
}
_MOVES_EN = {
    "take": "Take", "start": "Start", "wait": "Wait on client", "resume": "Resume", "log_time": "Log time",
    "agree": "Agreed deadline", "resolve": "Resolve", "close": "Close", "reopen": "Reopen",
    "invalidate": "Invalidate", "reject": "Reject", "verify": "Verified by USR", "refer": "Refer to partner",
    "notify_s3": "S3 notification", "reclassify": "Reclassify", "case_study": "Case study",
    "assign": "Assign to…",
}
_TIPS_ES = {
    "take": "Asignarme el caso (cumple el plazo de asignación)", "start": "Marcar el caso en curso",
    "wait": "Pausar el reloj de resolución mientras el cliente hace lo pedido (con motivo)",
    "resume": "Reanudar el reloj de resolución con el tiempo que le quedaba",
    "log_time": "Registrar tiempo trabajado (45m, 1h30m, 1:30) con una nota",
    "agree": "Fijar la resolución en el plazo acordado con el cliente (con motivo)",
    "resolve": "Marcar resuelto (con nota)", "close": "Cerrar el caso resuelto",
    "reopen": "Reabrir el caso resuelto (con motivo)", "invalidate": "Invalidar el caso (con motivo)",
    "reject": "Rechazar el caso (con motivo)", "verify": "Registrar que el USR verificó el caso",
    "refer": "Remitir a un aliado con el consentimiento del cliente (quién, cuándo, cómo)",
    "notify_s3": "Registrar la notificación por teléfono o chat de la urgencia y su hora",
    "reclassify": "Cambiar la severidad con motivo; los plazos se recalculan desde la apertura",
    "case_study": "Abrir el caso de estudio de la nueva funcionalidad",
    "assign": "Pasar el caso a otro agente activo, con una nota de por qué (supervisores)",
}
_TIPS_EN = {
    "take": "Assign the case to me (meets the assignment deadline)", "start": "Mark the case in progress",
    "wait": "Pause the resolution clock while the client does what was asked (with a reason)",
    "resume": "Resume the resolution clock with the time it had left",
    "log_time": "Log time worked (45m, 1h30m, 1:30) with a note",
    "agree": "Set the resolution deadline agreed with the client (with a reason)",
    "resolve": "Mark resolved (with a note)", "close": "Close the resolved case",
    "reopen": "Reopen the resolved case (with a reason)", "invalidate": "Invalidate the case (with a reason)",
    "reject": "Reject the case (with a reason)", "verify": "Record that the USR verified the case",
    "refer": "Refer to a partner with the client's consent (who, when, how)",
    "notify_s3": "Record the urgency's phone or chat notification and its time",
    "reclassify": "Change the severity with a reason; deadlines are recomputed from the opening",
    "case_study": "Open the feature request's case study",
    "assign": "Hand the case to another active agent, with a note on why (supervisors)",
}
_DONE_ES = {
    "take": "Tomó el caso {code}.", "start": "Caso {code} en curso.",
    "wait": "Caso {code} en espera del cliente: el reloj de resolución está en pausa.",
    "resume": "Caso {code} reanudado.", "agree": "Plazo acordado registrado en {code}.",
    "resolve": "Caso {code} resuelto.", "close": "Caso {code} cerrado.", "reopen": "Caso {code} reabierto.",
    "invalidate": "Caso {code} invalidado.", "reject": "Caso {code} rechazado.",
    "verify": "Caso {code} verificado por el USR.", "refer": "Caso {code} remitido al aliado.",
    "notify_s3": "Notificación registrada en {code}.", "reclassify": "Caso {code} reclasificado; plazos recalculados.",
    "log_time": "{minutes} min registrados en {code}.", "assign": "Caso {code} asignado a {agent}.",
}
_DONE_EN = {
    "take": "You took case {code}.", "start": "Case {code} in progress.",
    "wait": "Case {code} waiting on the client: the resolution clock is paused.",
    "resume": "Case {code} resumed.", "agree": "Agreed deadline recorded on {code}.",
    "resolve": "Case {code} resolved.", "close": "Case {code} closed.", "reopen": "Case {code} reopened.",
    "invalidate": "Case {code} invalidated.", "reject": "Case {code} rejected.",
    "verify": "Case {code} verified by the USR.", "refer": "Case {code} referred to the partner.",
    "notify_s3": "Notification recorded on {code}.", "reclassify": "Case {code} reclassified; deadlines recomputed.",
    "log_time": "{minutes} min logged on {code}.", "assign": "Case {code} assigned to {agent}.",
}
_EVENTS_ES = {
    "open": "abrió el caso", "take": "tomó el caso", "assign": "asignó el caso", "start": "inició el trabajo",
    "wait": "puso en espera del cliente", "waiting": "puso en espera del cliente", "resume": "reanudó",
    "resolve": "resolvió", "resolved": "resolvió", "close": "cerró", "closed": "cerró", "reopen": "reabrió",
    "invalidate": "invalidó", "invalid": "invalidó", "reject": "rechazó", "rejected": "rechazó",
    "verify": "registró la verificación del USR", "notify": "registró la notificación S3",
    "agree_deadline": "fijó un plazo acordado", "reclassify": "reclasificó la severidad",
    "refer": "remitió a un aliado", "referred": "remitió a un aliado", "in_progress": "inició el trabajo",
    "log_time": "registró tiempo", "correct_time": "corrigió tiempo",
}
_EVENTS_EN = {
    "open": "opened the case", "take": "took the case", "assign": "assigned the case", "start": "started work",
    "wait": "set waiting on the client", "waiting": "set waiting on the client", "resume": "resumed",
    "resolve": "resolved", "resolved": "resolved", "close": "closed", "closed": "closed", "reopen": "reopened",
    "invalidate": "invalidated", "invalid": "invalidated", "reject": "rejected", "rejected": "rejected",
    "verify": "recorded the USR's verification", "notify": "recorded the S3 notification",
    "agree_deadline": "set an agreed deadline", "reclassify": "reclassified the severity",
    "refer": "referred to a partner", "referred": "referred to a partner", "in_progress": "started work",
    "log_time": "logged time", "correct_time": "corrected time",
}

ES: dict[str, str] = {
    **{f"ui.key.{k}": v for k, v in _MOVES_ES.items()}, **{f"ui.tip.{k}": v for k, v in _TIPS_ES.items()},
    **{f"ui.done.{k}": v for k, v in _DONE_ES.items()}, **{f"ui.event.{k}": v for k, v in _EVENTS_ES.items()},
    "ui.title": "JQ Console — {login}",
    "ui.not_agent": "el usuario {login} no está registrado como agente; pida a un administrador: "
                    "jq-console agent add {login}",
    "ui.agent_inactive": "el agente {login} está desactivado; pida a un administrador que lo reactive",
    "ui.unexpected": "Ocurrió un error inesperado ({error}); intente de nuevo y, si se repite, avise al administrador.",
    "ui.no_partners": "No hay aliados registrados: pida a un administrador que registre uno.",
    "ui.loading": "Cargando…",
    # keys of the app and the queue
    "ui.key.help": "Ayuda", "ui.tip.help": "Qué hace cada pantalla y sus teclas",
    "ui.key.billing": "Facturación", "ui.tip.billing": "Tiempo facturable de los clientes contractuales",
    "ui.key.palette": "Comandos", "ui.tip.palette": "Buscar cualquier acción por su nombre",
    "ui.key.quit": "Salir", "ui.tip.quit": "Cerrar la consola",
    "ui.key.up": "Subir", "ui.key.down": "Bajar", "ui.key.page_up": "Página arriba",
    "ui.key.page_down": "Página abajo", "ui.key.first": "Primero", "ui.key.last": "Último",
    "ui.tip.up": "El caso anterior de la cola", "ui.tip.down": "El caso siguiente de la cola",
    "ui.tip.page_up": "Una pantalla de casos hacia arriba", "ui.tip.page_down": "Una pantalla de casos hacia abajo",
    "ui.tip.first": "El primer caso de la cola", "ui.tip.last": "El último caso de la cola",
    "ui.key.open": "Abrir", "ui.tip.open": "Ver el caso: campos, plazos explicados, historial y acciones",
    "ui.key.register": "Nuevo caso", "ui.tip.register": "Registrar un caso recibido por teléfono o WhatsApp",
    "ui.key.mine": "Míos", "ui.tip.mine": "Mostrar solo mis casos (otra vez para quitar)",
    "ui.key.unassigned": "Sin asignar", "ui.tip.unassigned": "Mostrar solo casos sin agente",
    "ui.key.severity": "Severidad", "ui.tip.severity": "Filtrar por severidad: S3, S2, S1, todas",
    "ui.key.client": "Cliente", "ui.tip.client": "Mostrar solo los casos del cliente seleccionado",
    "ui.key.search": "Buscar", "ui.tip.search": "Buscar por código, cliente, título o agente",
    "ui.key.clear": "Quitar filtros", "ui.tip.clear": "Mostrar toda la cola",
    "ui.key.end_search": "Volver a la cola",
    "ui.tip.end_search": "Volver a la lista de casos (la búsqueda se cierra si está vacía)",
    "ui.key.back": "Volver", "ui.tip.back": "Volver a la cola",
    "ui.key.close": "Cerrar", "ui.tip.close": "Cerrar la ayuda",
    "ui.key.accept": "Aceptar", "ui.tip.accept": "Guardar lo escrito",
    "ui.key.cancel": "Cancelar", "ui.tip.cancel": "Cerrar sin guardar",
    "ui.key.save": "Registrar", "ui.tip.save": "Registrar el caso (las reglas se aplican antes)",
    "ui.key.cancel_reg": "Cancelar", "ui.tip.cancel_reg": "Volver a la cola sin registrar",
    "ui.col.rank": "#", "ui.col.code": "Caso", "ui.col.sev": "S", "ui.col.service": "Serv.",
    "ui.col.status": "Estado", "ui.col.agent": "Agente", "ui.col.client": "Cliente",
    "ui.col.a_left": "Asignación", "ui.col.a_due": "vence", "ui.col.r_left": "Resolución",
    "ui.col.r_due": "vence", "ui.col.title": "Título",
    "ui.contractual_short": "Contr",
    "ui.schedule.regular": "Horario regular", "ui.schedule.urgency": "Urgencias",
    "ui.schedule.open_until": "{name}: abierto hasta las {until}",
    "ui.schedule.opens": "{name}: cerrado, abre {when}",
    "ui.schedule.holiday": "festivo: {name}", "ui.schedule.not_today": "hoy no hay horario",
    "ui.search_placeholder": "Buscar (código, cliente, título, agente); Enter o Esc para volver a la cola",
    "ui.filter.mine": "míos", "ui.filter.unassigned": "sin asignar",
    "ui.filters": "Filtros: {filters} (x los quita)",
    "ui.queue_count": "{shown} de {total} casos abiertos",
    "ui.queue_loading": "Los primeros {shown} casos; leyendo el resto de la cola…",
    "ui.queue_empty": "No hay casos abiertos.", "ui.queue_empty_filtered": "Ningún caso cumple los filtros.",
    "ui.due_assignment": "Asignación vence {due}", "ui.due_resolution": "resolución vence {due}",
    "ui.breach_title": "Plazo incumplido",
    "ui.breach": "{code} ({client}): venció el plazo de {kind}. Requiere acción correctiva.",
    # case screen
    "ui.case.clocks": "Plazos y su explicación", "ui.case.history": "Historial",
    "ui.case.time": "Tiempo registrado: {minutes} min",
    "ui.field.client": "Cliente", "ui.field.service": "Servicio", "ui.field.reporter": "Reportó",
    "ui.field.verification": "Verificación", "ui.field.channel": "Canal", "ui.field.justification": "Justificación",
    "ui.field.category": "Categoría", "ui.field.scope": "Alcance", "ui.field.agent": "Agente",
    "ui.field.opened": "Abierto", "ui.field.assigned": "Tomado", "ui.field.resolved": "Resuelto",
    "ui.field.closed": "Cerrado", "ui.field.notified": "Notificado", "ui.field.partner": "Aliado",
    "ui.field.version": "Versión", "ui.field.description": "Descripción",
    "ui.explain.hours": "{hours} h {minutes} min",
    "ui.explain.business": "{amount} hábiles en {schedule}",
    "ui.explain.calendar_days": "{days} días calendario",
    "ui.explain.due": "vence {due}",
    "ui.explain.opened": "Cuenta desde la apertura, {opened}:",
    "ui.explain.counted": "contó {spans} ({total})", "ui.explain.breaks": "almuerzo {spans} no cuenta",
    "ui.explain.paused": "en pausa {spans} (esperando al cliente)",
    "ui.explain.nothing": "no contó (fuera del horario)",
    "ui.explain.holiday": "{day}: festivo ({name}), no cuenta", "ui.explain.closed": "{day}: no hay horario, no cuenta",
    "ui.explain.total": "Total contado: {total} de {target} del objetivo.",
    "ui.explain.total_paused": "Contado hasta ahora: {total}; en pausa, le quedan {left}.",
    "ui.explain.calendar_rule": "Desde la apertura, {opened}, más {days} días calendario a la misma hora local.",
    "ui.explain.calendar_pause": "En pausa de {start} a {end} (esperando al cliente): ese tiempo se devolvió.",
    "ui.explain.reclassified": "Reclasificado de {before} a {after} por {actor} el {when}: {reason}. "
                               "Plazos recalculados desde la apertura.",
    "ui.explain.agreed": "Plazo acordado con el cliente, registrado por {actor} el {when} "
                         "(antes vencía {before}): {reason}.",
    # dialogs
    "ui.dialog.required": "Falta: {what}.", "ui.dialog.reason": "Motivo",
    "ui.dialog.reason_placeholder": "Escriba aquí; Enter o Ctrl+S para aceptar, Esc para cancelar",
    "ui.dialog.choose": "Elija…",
    "ui.dialog.wait_reason": "¿Qué debe hacer el cliente? (motivo de la espera)",
    "ui.dialog.resolve_note": "Nota de resolución", "ui.dialog.reopen_reason": "Motivo de la reapertura",
    "ui.dialog.invalidate_reason": "Motivo de la invalidación", "ui.dialog.reject_reason": "Motivo del rechazo",
    "ui.dialog.verify_by": "¿Quién verificó? (nombre del USR, opcional)",
    "ui.dialog.agree_title": "Plazo acordado con el cliente",
    "ui.dialog.agree_intro": "La resolución vence ahora {current}. El plazo anterior queda en el historial.",
    "ui.dialog.agree_when": "Nuevo plazo (2026-12-15T17:00, o 15:30 para hoy)",
    "ui.dialog.reclassify_title": "Reclasificar {code}",
    "ui.dialog.reclassify_intro": "Severidad actual: {severity}. Los plazos se recalculan desde la apertura.",
    "ui.dialog.new_severity": "Nueva severidad",
    "ui.dialog.reclassify_preview": "Con esta severidad: asignación vence {assignment}, resolución vence {resolution}.",
    "ui.dialog.log_title": "Registrar tiempo en {code}",
    "ui.dialog.log_intro": "El tiempo se factura a los clientes contractuales por fracción.",
    "ui.dialog.duration": "Duración (45m, 1h, 1h30m o 1:30)", "ui.dialog.work_note": "Qué se hizo",
    "ui.dialog.work_start": "Inicio (15:30 o 2026-12-07T15:30; vacío: terminó ahora)",
    "ui.dialog.notify_title": "Notificación de la urgencia {code}",
    "ui.dialog.notify_intro": "Una urgencia llega por formulario y se notifica por teléfono o chat.",
    "ui.dialog.notify_when": "Hora de la notificación (15:30 o 2026-12-07T15:30)",
    "ui.dialog.notify_how": "Medio", "ui.dialog.notify_detail": "Detalle (quién llamó, número; opcional)",
    "ui.dialog.not_future": "La hora no puede ser posterior a ahora.",
    "ui.dialog.refer_title": "Remitir {code} a un aliado",
    "ui.dialog.refer_intro": "Solo con el consentimiento del cliente: registre quién lo dio, cuándo y cómo.",
    "ui.dialog.partner": "Aliado", "ui.dialog.consent_by": "Consentimiento dado por",
    "ui.dialog.consent_at": "Cuándo (15:30 o 2026-12-07T15:30)", "ui.dialog.consent_how": "Cómo",
    "ui.dialog.consent_how_example": "por ejemplo: llamada telefónica, correo",
    "ui.dialog.assign_title": "Asignar {code} a otro agente",
    "ui.dialog.assign_intro": "Lo tiene {agent}. Elija quién lo atiende ahora (↑ ↓, Tab para la nota).",
    "ui.dialog.assign_intro_nobody": "Nadie lo tiene. Elija quién lo atiende (↑ ↓, Tab para la nota).",
    "ui.dialog.assign_agent": "Agente (activos; disponibilidad y casos abiertos)",
    "ui.dialog.assign_open": "abiertos: {count}", "ui.dialog.assign_holder": "← lo tiene",
    "ui.dialog.assign_who": "el agente que recibe el caso",
    "ui.dialog.assign_note": "Nota: por qué cambia de manos (opcional)",
    "ui.dialog.assign_none": "No hay otro agente activo a quien asignarlo.",
    "ui.event.assign_to": " a {agent}", "ui.event.assign_from": " (lo tenía {agent})",
    # registration
    "ui.reg.title": "Nuevo caso recibido por teléfono o WhatsApp (o formulario digitado)",
    "ui.reg.client": "Cliente (escriba parte del nombre o del NIT; Enter elige)",
    "ui.reg.client_search": "Buscar cliente…", "ui.reg.late": "en mora",
    "ui.reg.reporter": "Reporta", "ui.reg.choose_client_first": "Elija primero el cliente",
    "ui.reg.channel": "Canal", "ui.reg.justification": "Justificación (obligatoria por teléfono o WhatsApp)",
    "ui.reg.justification_example": "por ejemplo: el cliente no tiene acceso a Internet",
    "ui.reg.severity": "Severidad", "ui.reg.category": "Categoría", "ui.reg.scope": "Alcance",
    "ui.reg.deadlines": "Si se registra ahora: asignación vence {assignment} · resolución vence {resolution}",
    "ui.quit_timer.title": "Cronómetro en marcha",
    "ui.quit_timer.text": "El cronómetro del caso {case} lleva {elapsed} y no se ha registrado. Deténgalo "
                          "(m) para registrar el tiempo, o salga sin registrarlo.",
    "ui.quit_timer.key_quit": "Salir sin registrar", "ui.quit_timer.tip_quit": "Sale y descarta el tiempo",
    "ui.quit_timer.key_stay": "Volver", "ui.quit_timer.tip_stay": "Sigue en la consola con el cronómetro",
    "ui.reg.approval": "Aprobación previa (cliente contractual, categoría «otra»)",
    "ui.reg.approval_by": "Quién aprobó", "ui.reg.approval_when": "Cuándo",
    "ui.reg.approval_reason": "Por qué",
    "ui.reg.approval_note": "Aprobación previa: {by}, {when}: {reason}.",
    "ui.reg.case_title": "Título", "ui.reg.description": "Descripción",
    "ui.reg.choose_client_and_reporter": "Elija el cliente y quién reporta para ver las reglas que aplican.",
    "ui.reg.verification": "Verificación: {verification}",
    "ui.reg.all_good": "El caso cumple la política.",
    "ui.reg.need_client": "Elija el cliente y quién reporta antes de registrar.",
    "ui.reg.need_title": "Escriba un título para el caso.",
    "ui.reg.done": "Caso {code} registrado.",
    "ui.reg.confirm_leave": "Lo escrito se perderá: pulse Esc otra vez para salir sin registrar.",
    "ui.help.text": """JQ Console — ayuda

COLA (pantalla principal)
  Todos los casos abiertos en orden de prioridad: severidad (S3 primero), servicio (suscripción
  nivel 4 a 1, luego contractual), el plazo pendiente más cercano (incumplidos primero) y el más antiguo.
  Asignación / Resolución: tiempo hábil que queda (horas:min:seg de horario) y su fecha límite.
  Colores: verde a tiempo, amarillo en riesgo (último 25 %), rojo incumplido, cian en pausa, ✓ cumplido.
  ↑ ↓ RePág AvPág Inicio Fin mover · Enter abrir · n nuevo caso · t tomar
  m míos · u sin asignar · s severidad · c cliente seleccionado · / buscar · x quitar filtros

CASO
  Campos, plazos con su explicación día por día (horario, almuerzo, fines de semana, festivos,
  pausas), tiempo registrado e historial. Solo se ofrecen las acciones que la política permite:
  t tomar · i iniciar · w esperar al cliente · r reanudar · l registrar tiempo · d plazo acordado
  s resolver · c cerrar · o reabrir · x invalidar · j rechazar · v verificado por USR
  f remitir a aliado · n notificación S3 · g reclasificar · e caso de estudio
  p asignar a… (supervisores) · Esc volver

NUEVO CASO
  Cliente (búsqueda al escribir), quién reporta (con su rol), canal, justificación, severidad (con
  los plazos resultantes), categoría, alcance, título y descripción. Las reglas se aplican mientras
  escribe. Ctrl+S registra · Esc cancela. Si algo falta, nada de lo escrito se pierde.

EN TODAS PARTES
  ? o F1 ayuda · Ctrl+P comandos (todas las acciones por nombre) · b facturación · q salir
""",
}

EN: dict[str, str] = {
    **{f"ui.key.{k}": v for k, v in _MOVES_EN.items()}, **{f"ui.tip.{k}": v for k, v in _TIPS_EN.items()},
    **{f"ui.done.{k}": v for k, v in _DONE_EN.items()}, **{f"ui.event.{k}": v for k, v in _EVENTS_EN.items()},
    "ui.title": "JQ Console — {login}",
    "ui.not_agent": "user {login} is not registered as an agent; ask an administrator to run: "
                    "jq-console agent add {login}",
    "ui.agent_inactive": "agent {login} is deactivated; ask an administrator to reactivate it",
    "ui.unexpected": "An unexpected error occurred ({error}); try again and, if it repeats, tell the administrator.",
    "ui.no_partners": "No partners are registered: ask an administrator to add one.",
    "ui.loading": "Loading…",
    "ui.key.help": "Help", "ui.tip.help": "What each screen does and its keys",
    "ui.key.billing": "Billing", "ui.tip.billing": "Billable time of contractual clients",
    "ui.key.palette": "Commands", "ui.tip.palette": "Find any action by name",
    "ui.key.quit": "Quit", "ui.tip.quit": "Close the console",
    "ui.key.up": "Up", "ui.key.down": "Down", "ui.key.page_up": "Page up", "ui.key.page_down": "Page down",
    "ui.key.first": "First", "ui.key.last": "Last",
    "ui.tip.up": "The previous case in the queue", "ui.tip.down": "The next case in the queue",
    "ui.tip.page_up": "One screen of cases up", "ui.tip.page_down": "One screen of cases down",
    "ui.tip.first": "The first case in the queue", "ui.tip.last": "The last case in the queue",
    "ui.key.open": "Open", "ui.tip.open": "See the case: fields, explained deadlines, history and actions",
    "ui.key.register": "New case", "ui.tip.register": "Register a case received by phone or WhatsApp",
    "ui.key.mine": "Mine", "ui.tip.mine": "Show only my cases (again to remove)",
    "ui.key.unassigned": "Unassigned", "ui.tip.unassigned": "Show only cases without an agent",
    "ui.key.severity": "Severity", "ui.tip.severity": "Filter by severity: S3, S2, S1, all",
    "ui.key.client": "Client", "ui.tip.client": "Show only the selected case's client",
    "ui.key.search": "Search", "ui.tip.search": "Search by code, client, title or agent",
    "ui.key.clear": "Clear filters", "ui.tip.clear": "Show the whole queue",
    "ui.key.end_search": "Back to the queue",
    "ui.tip.end_search": "Back to the list of cases (an empty search closes)",
    "ui.key.back": "Back", "ui.tip.back": "Back to the queue",
    "ui.key.close": "Close", "ui.tip.close": "Close the help",
    "ui.key.accept": "Accept", "ui.tip.accept": "Save what was typed",
    "ui.key.cancel": "Cancel", "ui.tip.cancel": "Close without saving",
    "ui.key.save": "Register", "ui.tip.save": "Register the case (the rules are applied first)",
    "ui.key.cancel_reg": "Cancel", "ui.tip.cancel_reg": "Back to the queue without registering",
    "ui.col.rank": "#", "ui.col.code": "Case", "ui.col.sev": "S", "ui.col.service": "Serv.",
    "ui.col.status": "Status", "ui.col.agent": "Agent", "ui.col.client": "Client",
    "ui.col.a_left": "Assignment", "ui.col.a_due": "due", "ui.col.r_left": "Resolution",
    "ui.col.r_due": "due", "ui.col.title": "Title",
    "ui.contractual_short": "Contr",
    "ui.schedule.regular": "Regular hours", "ui.schedule.urgency": "Urgencies",
    "ui.schedule.open_until": "{name}: open until {until}",
    "ui.schedule.opens": "{name}: closed, opens {when}",
    "ui.schedule.holiday": "holiday: {name}", "ui.schedule.not_today": "no hours today",
    "ui.search_placeholder": "Search (code, client, title, agent); Enter or Esc to go back to the queue",
    "ui.filter.mine": "mine", "ui.filter.unassigned": "unassigned",
    "ui.filters": "Filters: {filters} (x clears them)",
    "ui.queue_count": "{shown} of {total} open cases",
    "ui.queue_loading": "The first {shown} cases; reading the rest of the queue…",
    "ui.queue_empty": "No open cases.", "ui.queue_empty_filtered": "No case matches the filters.",
    "ui.due_assignment": "Assignment due {due}", "ui.due_resolution": "resolution due {due}",
    "ui.breach_title": "Deadline breached",
    "ui.breach": "{code} ({client}): the {kind} deadline passed. A corrective action is required.",
    "ui.case.clocks": "Deadlines and why", "ui.case.history": "History",
    "ui.case.time": "Time logged: {minutes} min",
    "ui.field.client": "Client", "ui.field.service": "Service", "ui.field.reporter": "Reported by",
    "ui.field.verification": "Verification", "ui.field.channel": "Channel", "ui.field.justification": "Justification",
    "ui.field.category": "Category", "ui.field.scope": "Scope", "ui.field.agent": "Agent",
    "ui.field.opened": "Opened", "ui.field.assigned": "Taken", "ui.field.resolved": "Resolved",
    "ui.field.closed": "Closed", "ui.field.notified": "Notified", "ui.field.partner": "Partner",
    "ui.field.version": "Version", "ui.field.description": "Description",
    "ui.explain.hours": "{hours} h {minutes} min",
    "ui.explain.business": "{amount} of {schedule}",
    "ui.explain.calendar_days": "{days} calendar days",
    "ui.explain.due": "due {due}",
    "ui.explain.opened": "Counted from the opening, {opened}:",
    "ui.explain.counted": "counted {spans} ({total})", "ui.explain.breaks": "lunch {spans} not counted",
    "ui.explain.paused": "paused {spans} (waiting on the client)",
    "ui.explain.nothing": "nothing counted (outside the hours)",
    "ui.explain.holiday": "{day}: holiday ({name}), not counted", "ui.explain.closed": "{day}: no hours, not counted",
    "ui.explain.total": "Total counted: {total} of the {target} target.",
    "ui.explain.total_paused": "Counted so far: {total}; paused with {left} left.",
    "ui.explain.calendar_rule": "From the opening, {opened}, plus {days} calendar days at the same local time.",
    "ui.explain.calendar_pause": "Paused from {start} to {end} (waiting on the client): that time was given back.",
    "ui.explain.reclassified": "Reclassified from {before} to {after} by {actor} on {when}: {reason}. "
                               "Deadlines recomputed from the opening.",
    "ui.explain.agreed": "Deadline agreed with the client, recorded by {actor} on {when} "
                         "(it was due {before}): {reason}.",
    "ui.dialog.required": "Missing: {what}.", "ui.dialog.reason": "Reason",
    "ui.dialog.reason_placeholder": "Type here; Enter or Ctrl+S to accept, Esc to cancel",
    "ui.dialog.choose": "Choose…",
    "ui.dialog.wait_reason": "What must the client do? (reason for waiting)",
    "ui.dialog.resolve_note": "Resolution note", "ui.dialog.reopen_reason": "Reason for reopening",
    "ui.dialog.invalidate_reason": "Reason for invalidating", "ui.dialog.reject_reason": "Reason for rejecting",
    "ui.dialog.verify_by": "Who verified? (the USR's name, optional)",
    "ui.dialog.agree_title": "Deadline agreed with the client",
    "ui.dialog.agree_intro": "Resolution is now due {current}. The previous deadline stays in the history.",
    "ui.dialog.agree_when": "New deadline (2026-12-15T17:00, or 15:30 for today)",
    "ui.dialog.reclassify_title": "Reclassify {code}",
    "ui.dialog.reclassify_intro": "Current severity: {severity}. Deadlines are recomputed from the opening.",
    "ui.dialog.new_severity": "New severity",
    "ui.dialog.reclassify_preview": "With this severity: assignment due {assignment}, resolution due {resolution}.",
    "ui.dialog.log_title": "Log time on {code}",
    "ui.dialog.log_intro": "Time is billed to contractual clients by fraction.",
    "ui.dialog.duration": "Duration (45m, 1h, 1h30m or 1:30)", "ui.dialog.work_note": "What was done",
    "ui.dialog.work_start": "Start (15:30 or 2026-12-07T15:30; empty: it ended now)",
    "ui.dialog.notify_title": "Notification of urgency {code}",
    "ui.dialog.notify_intro": "An urgency comes by form and is notified by phone or chat.",
    "ui.dialog.notify_when": "Time of the notification (15:30 or 2026-12-07T15:30)",
    "ui.dialog.notify_how": "Medium", "ui.dialog.notify_detail": "Detail (who called, number; optional)",
    "ui.dialog.not_future": "The time cannot be later than now.",
    "ui.dialog.refer_title": "Refer {code} to a partner",
    "ui.dialog.refer_intro": "Only with the client's consent: record who gave it, when and how.",
    "ui.dialog.partner": "Partner", "ui.dialog.consent_by": "Consent given by",
    "ui.dialog.consent_at": "When (15:30 or 2026-12-07T15:30)", "ui.dialog.consent_how": "How",
    "ui.dialog.consent_how_example": "e.g. phone call, e-mail",
    "ui.dialog.assign_title": "Assign {code} to another agent",
    "ui.dialog.assign_intro": "{agent} has it. Choose who handles it now (↑ ↓, Tab for the note).",
    "ui.dialog.assign_intro_nobody": "Nobody has it. Choose who handles it (↑ ↓, Tab for the note).",
    "ui.dialog.assign_agent": "Agent (active ones; availability and open cases)",
    "ui.dialog.assign_open": "open: {count}", "ui.dialog.assign_holder": "← has it",
    "ui.dialog.assign_who": "the agent who receives the case",
    "ui.dialog.assign_note": "Note: why it changes hands (optional)",
    "ui.dialog.assign_none": "There is no other active agent to assign it to.",
    "ui.event.assign_to": " to {agent}", "ui.event.assign_from": " (held by {agent})",
    "ui.reg.title": "New case received by phone or WhatsApp (or a typed-in form)",
    "ui.reg.client": "Client (type part of the name or NIT; Enter picks)",
    "ui.reg.client_search": "Search client…", "ui.reg.late": "behind on payments",
    "ui.reg.reporter": "Reported by", "ui.reg.choose_client_first": "Choose the client first",
    "ui.reg.channel": "Channel", "ui.reg.justification": "Justification (required for phone or WhatsApp)",
    "ui.reg.justification_example": "e.g. the client has no Internet access",
    "ui.reg.severity": "Severity", "ui.reg.category": "Category", "ui.reg.scope": "Scope",
    "ui.reg.deadlines": "If registered now: assignment due {assignment} · resolution due {resolution}",
    "ui.quit_timer.title": "Timer running",
    "ui.quit_timer.text": "The timer of case {case} has run for {elapsed} and is not logged. Stop it (m) "
                          "to log the time, or quit without logging it.",
    "ui.quit_timer.key_quit": "Quit without logging", "ui.quit_timer.tip_quit": "Quits and discards the time",
    "ui.quit_timer.key_stay": "Back", "ui.quit_timer.tip_stay": "Stays in the console with the timer",
    "ui.reg.approval": "Prior approval (contractual client, category 'other')",
    "ui.reg.approval_by": "Who approved", "ui.reg.approval_when": "When", "ui.reg.approval_reason": "Why",
    "ui.reg.approval_note": "Prior approval: {by}, {when}: {reason}.",
    "ui.reg.case_title": "Title", "ui.reg.description": "Description",
    "ui.reg.choose_client_and_reporter": "Choose the client and the reporter to see which rules apply.",
    "ui.reg.verification": "Verification: {verification}",
    "ui.reg.all_good": "The case complies with the policy.",
    "ui.reg.need_client": "Choose the client and the reporter before registering.",
    "ui.reg.need_title": "Type a title for the case.",
    "ui.reg.done": "Case {code} registered.",
    "ui.reg.confirm_leave": "What you typed will be lost: press Esc again to leave without registering.",
    "ui.help.text": """JQ Console — help

QUEUE (home screen)
  Every open case in priority order: severity (S3 first), service (subscription level 4 to 1,
  then contractual), the nearest pending deadline (breached first) and the oldest.
  Assignment / Resolution: business time left (hours:min:sec of working hours) and the deadline.
  Colours: green on time, yellow at risk (last 25 %), red breached, cyan paused, ✓ met.
  ↑ ↓ PgUp PgDn Home End move · Enter open · n new case · t take
  m mine · u unassigned · s severity · c selected client · / search · x clear filters

CASE
  Fields, deadlines explained day by day (hours, lunch, weekends, holidays, pauses), time logged
  and history. Only the actions the policy allows are offered:
  t take · i start · w wait on client · r resume · l log time · d agreed deadline
  s resolve · c close · o reopen · x invalidate · j reject · v verified by USR
  f refer to partner · n S3 notification · g reclassify · e case study
  p assign to… (supervisors) · Esc back

NEW CASE
  Client (search as you type), reporter (with role), channel, justification, severity (with the
  resulting deadlines), category, scope, title and description. The rules apply as you type.
  Ctrl+S registers · Esc cancels. If something is missing, nothing typed is lost.

EVERYWHERE
  ? or F1 help · Ctrl+P commands (every action by name) · b billing · q quit
""",
}
