"""The agent's day around a case: the client beside it, the live case screen, the stored work
timer, confirmations before moves that are hard to undo, and the supervisors' several-case moves."""

from __future__ import annotations

ES: dict[str, str] = {
    "ui.database_replaced": (
        "La base de datos es otra que la que la consola leía (se puso una copia en su lugar o se hizo "
        "'demo --reset'): la cola se leyó de nuevo completa. Revise el caso que tenga abierto."
    ),
    "live.confirm.yes": "Sí",
    "live.confirm.tip_yes": "Sigue adelante con la acción",
    "live.confirm.no": "No",
    "live.confirm.tip_no": "Vuelve sin hacer nada",
    "live.close.title": "Cerrar {code}",
    "live.close.question": "¿Cerrar el caso {code}? Cerrado ya no admite tiempo ni movimientos; "
    "solo se reabre si el cliente vuelve a reportar.",
    "live.foreign.title": "El caso es de {owner}",
    "live.foreign.question": "El caso {code} lo tiene {owner}. ¿{move} igualmente? "
    "{owner} verá un aviso en su consola.",
    "live.timer.offer_title": "Cronómetro",
    "live.timer.offer": "Trabajo iniciado en {code}. ¿Iniciar también el cronómetro? ({key} lo detiene)",
    "live.timer.restored": "Su cronómetro de {case} sigue corriendo desde hace {elapsed}.",
    "live.changed": "Cambio de otra consola, {when}: {actor} {what}",
    "live.changed_toast": "{code}: {actor} {what}",
    "live.stale": "El caso cambió mientras este diálogo estaba abierto ({actor} {what}). Lo escrito se conserva; "
    "revise el caso antes de aceptar.",
    "live.owner_title": "Su caso cambió",
    "live.owner_toast": "{code}: {actor} {what}.",
    "live.discard.title": "¿Descartar lo escrito?",
    "live.discard.question": "Lo escrito en esta pantalla se perderá. ¿Salir sin guardar?",
    "live.col.state": "Estado",
    "live.help.title": "JQ Console — ayuda (Esc cierra; ↑ ↓ RePág AvPág para leer)",
    "live.help.queue": "COLA (pantalla principal)",
    "live.help.queue_text": "Todos los casos abiertos en el orden de la política: severidad (S3 primero), servicio "
    "(suscripción "
    "nivel 4 a 1, luego contractual), el plazo pendiente más cercano (incumplidos primero) y el más "
    "antiguo. Asignación y Resolución dicen el tiempo hábil que queda (horas y minutos de horario, 22h 05m, con "
    "segundos en la última hora, 59m 59s; los "
    "objetivos en días calendario como 18d 13:18) y cuándo vence. Los cambios de otras consolas aparecen "
    "en un segundo. A la derecha, en pantallas anchas, quién está disponible.",
    "live.help.case": "CASO",
    "live.help.case_text": "Arriba, siempre a la vista: los dos plazos contando (o, si el caso terminó, cómo "
    "terminó), el "
    "estudio si lo hay y la última acción hecha desde otra consola. Debajo: campos, la explicación de "
    "cada plazo día por día, el tiempo registrado y el historial; el cliente al lado (o con F2 en "
    "pantallas angostas). Enter abre el menú con todas las acciones que el caso admite ahora; cada una "
    "tiene además su propia tecla. Cerrar, y actuar sobre un caso de otro agente, piden confirmación; el "
    "dueño ve un aviso en su consola.",
    "live.help.registration": "NUEVO CASO",
    "live.help.registration_text": "Cliente (búsqueda al escribir), quién reporta (con su rol), canal, justificación, "
    "severidad (con los "
    "plazos resultantes), categoría, alcance, título y descripción. Las reglas se aplican mientras "
    "escribe; si algo falta, nada de lo escrito se pierde, y Esc pregunta antes de descartarlo.",
    "live.help.study": "CASO DE ESTUDIO",
    "live.help.study_text": "Resultado del estudio de una solicitud de funcionalidad y, para desarrollos a la medida, "
    "la "
    "cotización línea por línea. Esc pregunta antes de descartar lo no guardado.",
    "live.help.billing": "FACTURACIÓN",
    "live.help.billing_text": "El tiempo facturable del mes por caso de los clientes contractuales; una corrección es "
    "una entrada "
    "nueva.",
    "live.help.dialogs": "DIÁLOGOS",
    "live.help.dialogs_text": "Un diálogo rechazado se queda abierto con lo escrito y la razón; si el caso cambió "
    "mientras estaba abierto, lo dice antes de aplicar nada; Esc pregunta antes de descartar lo escrito.",
    "live.help.everywhere": "EN TODAS PARTES",
    "live.help.symbols": "SÍMBOLOS",
    "live.help.symbol.0": "plazo cumplido",
    "live.help.symbol.1": "plazo incumplido: se asignó o resolvió después de vencer",
    "live.help.symbol.2": "reloj en pausa mientras se espera al cliente (cualquier severidad); cuenta lo que le quedaba"
    "reloj en pausa mientras se espera al cliente (cualquier severidad); cuenta lo que le quedaba",
    "live.help.symbol.3": "tiempo hábil ya vencido (el signo menos)",
    "live.help.symbol.4": "objetivo en días calendario: días y horas:minutos que quedan",
    "live.help.symbol.5": "sin dato (sin agente, sin fecha)",
    "live.help.symbol.6": "caso marcado con la barra espaciadora para reasignar o cerrar varios (supervisores)",
    "live.help.symbol.7": "cronómetro de trabajo: sigue corriendo aunque se cierre la consola",
    "live.help.symbol.8": "la tecla Enter",
    "live.help.colours": "COLORES",
    "live.help.colour.ok.name": "verde",
    "live.help.colour.ok": "a tiempo",
    "live.help.colour.at_risk.name": "amarillo",
    "live.help.colour.at_risk": "en riesgo: queda menos del último 25 % del plazo",
    "live.help.colour.breached.name": "rojo",
    "live.help.colour.breached": "incumplido",
    "live.help.colour.paused.name": "cian",
    "live.help.colour.paused": "en pausa (esperando al cliente)",
    "live.help.colour.met.name": "verde tenue",
    "live.help.colour.met": "cumplido",
    "live.help.colour.s3.name": "S3",
    "live.help.colour.s3": "urgencia: la severidad más alta",
    "live.help.colour.marked.name": "●",
    "live.help.colour.marked": "marcado para una acción sobre varios casos",
    "live.help.colour.away.name": "gris",
    "live.help.colour.away": "agente ausente (también amarillo ocupado, verde disponible)",
    "live.key.client": "Cliente",
    "live.tip.client": "Muestra u oculta el cliente del caso: contactos, pagos y sus otros casos",
    "live.key.moves": "Acciones",
    "live.tip.moves": "Todas las acciones que este caso admite ahora, cada una con su tecla",
    "live.moves.title": "Acciones sobre {code}",
    "live.moves.none": "Este caso no admite acciones ahora.",
    "live.client.none": "El cliente de este caso ya no está registrado.",
    "live.client.service": "Servicio",
    "live.client.uc": "UC",
    "live.client.payments": "Pagos",
    "live.client.up_to_date": "al día",
    "live.client.behind": "atrasado",
    "live.client.usr": "USR",
    "live.client.no_usr": "sin USR registrado",
    "live.client.contacts": "Contactos",
    "live.client.open": "Otros casos abiertos",
    "live.client.finished": "Últimos terminados",
    "live.client.no_cases": "ninguno",
    "live.client.case_line": "{code} {severity} {status} · {title}",
    "live.due.assignment": "Asignación",
    "live.due.resolution": "Resolución",
    "live.due.paused": "en pausa",
    "live.outcome": "{status} {when}",
    "live.outcome_by": "{status} {when} por {actor}",
    "live.study": "Estudio: {outcome} ({by}, {when})",
    "live.study_quote": "Estudio: {outcome}, cotización {total} ({by}, {when})",
    "ui.event.study": "decidió el estudio",
    "ui.event.release": "registró la versión que lo incluye",
    "live.event.other": "cambió el caso ({kind})",
    "live.key.select": "Marcar",
    "live.tip.select": "Marca o desmarca el caso para reasignar o cerrar varios a la vez",
    "live.key.reassign": "Reasignar",
    "live.tip.reassign": "Supervisores: pasa los casos marcados a otro agente activo",
    "live.key.close_resolved": "Cerrar resueltos",
    "live.tip.close_resolved": "Supervisores: cierra los casos marcados que estén resueltos",
    "live.marked_keys": "{count} {count|marcado|marcados}: {reassign} reasignar · {unmark} desmarca",
    "live.bulk.none": "Marque casos con {key} primero.",
    "live.bulk.reassign_title": "Reasignar {count} {count|caso|casos}",
    "live.bulk.close_question": "¿Cerrar {count} {count|caso resuelto marcado|casos resueltos marcados}?",
    "live.bulk.done_reassign": "{done} {done|caso pasado|casos pasados} a {agent}.",
    "live.bulk.done_close": "{done} {done|caso cerrado|casos cerrados}.",
    "live.bulk.refused": "{code}: {reason}",
}

EN: dict[str, str] = {
    "ui.database_replaced": (
        "The database is another one than the console was reading (a copy was put in its place, or "
        "'demo --reset' was run): the queue was read again in full. Check the case you have open."
    ),
    "live.confirm.yes": "Yes",
    "live.confirm.tip_yes": "Goes ahead with the action",
    "live.confirm.no": "No",
    "live.confirm.tip_no": "Goes back without doing anything",
    "live.close.title": "Close {code}",
    "live.close.question": "Close case {code}? A closed case takes no more time or moves; "
    "it is reopened only if the client reports again.",
    "live.foreign.title": "The case belongs to {owner}",
    "live.foreign.question": "Case {code} is held by {owner}. {move} anyway? "
    "{owner} will see a notice in their console.",
    "live.timer.offer_title": "Timer",
    "live.timer.offer": "Work started on {code}. Start the timer too? ({key} stops it)",
    "live.timer.restored": "Your timer on {case} is still running, for {elapsed} now.",
    "live.changed": "Changed from another console, {when}: {actor} {what}",
    "live.changed_toast": "{code}: {actor} {what}",
    "live.stale": "The case changed while this dialog was open ({actor} {what}). What you typed is kept; "
    "check the case before accepting.",
    "live.owner_title": "Your case changed",
    "live.owner_toast": "{code}: {actor} {what}.",
    "live.discard.title": "Discard what was typed?",
    "live.discard.question": "What was typed on this screen will be lost. Leave without saving?",
    "live.col.state": "Status",
    "live.help.title": "JQ Console — help (Esc closes; ↑ ↓ PgUp PgDn to read)",
    "live.help.queue": "QUEUE (home screen)",
    "live.help.queue_text": "Every open case in the policy's order: severity (S3 first), service (subscription level "
    "4 to 1, then "
    "contractual), the nearest pending deadline (breached first) and the oldest. Assignment and "
    "Resolution tell the working time left (hours and minutes of schedule, 22h 05m, with seconds "
    "in the last hour, 59m 59s; calendar-day "
    "targets as 18d 13:18) "
    "and when it is due. Other consoles' changes appear within a second. On the right, on wide screens, "
    "who is available.",
    "live.help.case": "CASE",
    "live.help.case_text": "At the top, always in view: both deadlines counting down (or, once the case is finished, "
    "how it "
    "ended), the study if there is one and the last action taken from another console. Below: fields, "
    "each deadline explained day by day, the time logged and the history; the client beside it (or with "
    "F2 on narrow screens). Enter opens the menu of every action the case allows now; each also has its "
    "own key. Closing, and acting on another agent's case, ask first; the owner sees a notice in their "
    "console.",
    "live.help.registration": "NEW CASE",
    "live.help.registration_text": "Client (search as you type), reporter (with their role), channel, justification, "
    "severity (with the "
    "resulting deadlines), category, scope, title and description. The rules apply as you type; if "
    "something is missing nothing typed is lost, and Esc asks before discarding it.",
    "live.help.study": "CASE STUDY",
    "live.help.study_text": "The outcome of a feature request's study and, for custom development, the quote line by "
    "line. Esc "
    "asks before discarding what was not saved.",
    "live.help.billing": "BILLING",
    "live.help.billing_text": "The month's billable time per case of contractual clients; a correction is a new entry.",
    "live.help.dialogs": "DIALOGS",
    "live.help.dialogs_text": "A refused dialog stays open with what was typed and why; if the case changed while it "
    "was open, it says so before applying anything; Esc asks before discarding what was typed.",
    "live.help.everywhere": "EVERYWHERE",
    "live.help.symbols": "SYMBOLS",
    "live.help.symbol.0": "deadline met",
    "live.help.symbol.1": "deadline missed: assigned or resolved after it was due",
    "live.help.symbol.2": "clock paused while waiting on the client (any severity); shows what it had left",
    "live.help.symbol.3": "working time already overdue (the minus sign)",
    "live.help.symbol.4": "calendar-day target: days and hours:minutes left",
    "live.help.symbol.5": "nothing there (no agent, no date)",
    "live.help.symbol.6": "case marked with the space bar to reassign or close several (supervisors)",
    "live.help.symbol.7": "work timer: it keeps running even if the console closes",
    "live.help.symbol.8": "the Enter key",
    "live.help.colours": "COLOURS",
    "live.help.colour.ok.name": "green",
    "live.help.colour.ok": "on time",
    "live.help.colour.at_risk.name": "yellow",
    "live.help.colour.at_risk": "at risk: less than the last 25 % of the target left",
    "live.help.colour.breached.name": "red",
    "live.help.colour.breached": "breached",
    "live.help.colour.paused.name": "cyan",
    "live.help.colour.paused": "paused (waiting on the client)",
    "live.help.colour.met.name": "dim green",
    "live.help.colour.met": "met",
    "live.help.colour.s3.name": "S3",
    "live.help.colour.s3": "urgency: the highest severity",
    "live.help.colour.marked.name": "●",
    "live.help.colour.marked": "marked for an action on several cases",
    "live.help.colour.away.name": "grey",
    "live.help.colour.away": "agent away (also yellow busy, green available)",
    "live.key.client": "Client",
    "live.tip.client": "Shows or hides the case's client: contacts, payments and their other cases",
    "live.key.moves": "Actions",
    "live.tip.moves": "Every action this case allows now, each with its key",
    "live.moves.title": "Actions on {code}",
    "live.moves.none": "This case allows no actions now.",
    "live.client.none": "This case's client is no longer registered.",
    "live.client.service": "Service",
    "live.client.uc": "CU",
    "live.client.payments": "Payments",
    "live.client.up_to_date": "up to date",
    "live.client.behind": "behind",
    "live.client.usr": "USR",
    "live.client.no_usr": "no USR registered",
    "live.client.contacts": "Contacts",
    "live.client.open": "Other open cases",
    "live.client.finished": "Last finished",
    "live.client.no_cases": "none",
    "live.client.case_line": "{code} {severity} {status} · {title}",
    "live.due.assignment": "Assignment",
    "live.due.resolution": "Resolution",
    "live.due.paused": "paused",
    "live.outcome": "{status} {when}",
    "live.outcome_by": "{status} {when} by {actor}",
    "live.study": "Study: {outcome} ({by}, {when})",
    "live.study_quote": "Study: {outcome}, quote {total} ({by}, {when})",
    "ui.event.study": "decided the study",
    "ui.event.release": "recorded the release that ships it",
    "live.event.other": "changed the case ({kind})",
    "live.key.select": "Mark",
    "live.tip.select": "Marks or unmarks the case, to reassign or close several at once",
    "live.key.reassign": "Reassign",
    "live.tip.reassign": "Supervisors: hands the marked cases to another active agent",
    "live.key.close_resolved": "Close resolved",
    "live.tip.close_resolved": "Supervisors: closes the marked cases that are resolved",
    "live.marked_keys": "{count} marked: {reassign} reassign · {unmark} unmarks",
    "live.bulk.none": "Mark cases with {key} first.",
    "live.bulk.reassign_title": "Reassign {count} {count|case|cases}",
    "live.bulk.close_question": "Close {count} marked resolved {count|case|cases}?",
    "live.bulk.done_reassign": "{done} {done|case|cases} handed to {agent}.",
    "live.bulk.done_close": "{done} {done|case|cases} closed.",
    "live.bulk.refused": "{code}: {reason}",
}
