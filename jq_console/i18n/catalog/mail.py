"""E-mail: the `mail` commands, the [mail] settings and policy, the case's messages and the unclassified inbox."""

from __future__ import annotations

ES = {
    "mail.check.ok": "{server} {where}: funciona ({detail})",
    "mail.check.failed": "{server} {where}: no funciona: {detail}",
    "mail.check.none": "No hay servidores de correo configurados: ponga smtp_host e imap_host en la tabla [mail].",
    "mail.send.summary": "Enviados: {sent}; para reintentar: {retried}; fallidos: {failed}.",
    "mail.send.postponed": "Aplazados por el límite por dirección: {count}.",
    "mail.send.problem": "El servidor SMTP no respondió: {problem}. Se reintentará solo.",
    "mail.fetch.summary": (
        "Leídos: {read}; formularios: {forms}; respuestas: {replies}; automáticos: {auto}; "
        "sin clasificar: {unclassified}; ya leídos: {duplicates}."
    ),
    "mail.watch.started": "Vigilando el buzón (sondeo cada {poll} s si el servidor no avisa). Ctrl+C termina.",
    "mail.watch.failed": "La pasada de {what} falló: {reason}. Se intentará de nuevo.",
    "mail.status.outbox": "Salida: {pending} pendientes, {failed} fallidos, {sent} enviados hoy.",
    "mail.status.fetch": "Última lectura del buzón: {last}; sin clasificar: {waiting}.",
    "mail.status.never": "nunca",
    "mail.inbox.empty": "La entrada sin clasificar está vacía.",
    "mail.discarded": "Mensaje #{id} descartado.",
    "mail.write.queued": "Mensaje al cliente de {code} en la cola; sale con el próximo envío.",
    "mail.write.no_address": "El caso {code} no tiene un correo del cliente al que escribir.",
    "mail.not_waiting": "El mensaje #{id} no está en la entrada sin clasificar (ya se atendió o no existe).",
    "mail.no_mailbox": "El servidor IMAP no tiene el buzón «{mailbox}»; revise mail.imap_mailbox.",
    "mail.unreachable": "No se pudo conectar con el servidor {server}: {error}. Revise la tabla [mail] y la red.",
    "config.mail_missing": (
        "Falta «{key}» en la tabla [mail] de la configuración: `jq-console config show` dice qué archivos "
        "lee y de dónde viene cada ajuste; docs/mail.md, cómo configurar el correo."
    ),
    "config.mail_plain_remote": (
        "«{key}» = none solo se permite hacia este equipo (127.0.0.1 o localhost), no hacia {host}; use tls o starttls."
    ),
    "config.mail_no_password": (
        '«{key}» pide contraseña pero el archivo de mail.password_file no trae «{what}»; añada {what} = "...".'
    ),
    "policy.expected.bool": "se esperaba true o false, hay {value!r}",
    "policy.bad_notice": "aviso desconocido; los avisos son: {allowed}",
    "policy.bad_language": "idioma desconocido {value!r}; use es o en",
    "channel.email": "Correo",
    "ui.event.client_replied": "El cliente respondió",
    "ui.mail.title": "Correo del caso",
    "ui.mail.none": "Sin mensajes de correo.",
    "ui.mail.out": "→ {to}: {subject} [{state}]",
    "ui.mail.in": "← {sender}: {subject}",
    "ui.mail.foreign": " (no es contacto del cliente)",
    "ui.mail.auto": " (respuesta automática)",
    "mail.state.pending": "pendiente",
    "mail.state.sending": "enviando",
    "mail.state.sent": "entregado",
    "mail.state.failed": "fallido",
    "ui.inbox.title": "Entrada sin clasificar",
    "ui.inbox.empty": "No hay mensajes sin clasificar.",
    "ui.inbox.register": "Registrar caso",
    "ui.inbox.discard": "Descartar",
    "ui.inbox.tip.open": "Abre los correos que no son de ningún caso ni del formulario",
    "ui.inbox.tip.register": "Registra un caso con los datos del correo elegido (canal correo)",
    "ui.inbox.tip.discard": "Descarta el correo elegido, con un motivo que queda registrado",
    "ui.inbox.reason": "Motivo para descartar",
    "ui.inbox.discarded": "Mensaje descartado.",
    "ui.inbox.column.when": "Recibido",
    "ui.inbox.column.from": "De",
    "ui.inbox.column.subject": "Asunto",
    "ui.inbox.justification": "Llegó por correo a la mesa de ayuda ({sender}).",
}

EN = {
    "mail.check.ok": "{server} {where}: works ({detail})",
    "mail.check.failed": "{server} {where}: does not work: {detail}",
    "mail.check.none": "No mail servers are configured: set smtp_host and imap_host in the [mail] table.",
    "mail.send.summary": "Sent: {sent}; to retry: {retried}; failed: {failed}.",
    "mail.send.postponed": "Postponed by the per-address limit: {count}.",
    "mail.send.problem": "The SMTP server did not answer: {problem}. It will be retried by itself.",
    "mail.fetch.summary": (
        "Read: {read}; forms: {forms}; replies: {replies}; automatic: {auto}; "
        "unclassified: {unclassified}; already read: {duplicates}."
    ),
    "mail.watch.started": "Watching the mailbox (polling every {poll} s when the server does not tell). Ctrl+C ends.",
    "mail.watch.failed": "The {what} pass failed: {reason}. It will be tried again.",
    "mail.status.outbox": "Outbox: {pending} pending, {failed} failed, {sent} sent today.",
    "mail.status.fetch": "Mailbox last read: {last}; unclassified: {waiting}.",
    "mail.status.never": "never",
    "mail.inbox.empty": "The unclassified inbox is empty.",
    "mail.discarded": "Message #{id} discarded.",
    "mail.write.queued": "Message to the client of {code} queued; it goes with the next send.",
    "mail.write.no_address": "Case {code} has no client e-mail to write to.",
    "mail.not_waiting": "Message #{id} is not in the unclassified inbox (already handled, or no such message).",
    "mail.no_mailbox": "The IMAP server has no mailbox '{mailbox}'; check mail.imap_mailbox.",
    "mail.unreachable": "Could not connect to the {server} server: {error}. Check the [mail] table and the network.",
    "config.mail_missing": (
        "'{key}' is missing from the [mail] table of the settings: `jq-console config show` tells which files "
        "are read and where each setting comes from; docs/mail.md, how to set up mail."
    ),
    "config.mail_plain_remote": (
        "'{key}' = none is allowed only towards this machine (127.0.0.1 or localhost), not {host}; use tls or starttls."
    ),
    "config.mail_no_password": (
        "'{key}' needs a password but the mail.password_file file has no '{what}'; add {what} = \"...\"."
    ),
    "policy.expected.bool": "expected true or false, found {value!r}",
    "policy.bad_notice": "unknown notice; the notices are: {allowed}",
    "policy.bad_language": "unknown language {value!r}; use es or en",
    "channel.email": "E-mail",
    "ui.event.client_replied": "The client replied",
    "ui.mail.title": "The case's e-mail",
    "ui.mail.none": "No e-mail messages.",
    "ui.mail.out": "→ {to}: {subject} [{state}]",
    "ui.mail.in": "← {sender}: {subject}",
    "ui.mail.foreign": " (not a contact of the client)",
    "ui.mail.auto": " (automatic reply)",
    "mail.state.pending": "pending",
    "mail.state.sending": "sending",
    "mail.state.sent": "delivered",
    "mail.state.failed": "failed",
    "ui.inbox.title": "Unclassified inbox",
    "ui.inbox.empty": "No unclassified messages.",
    "ui.inbox.register": "Register a case",
    "ui.inbox.discard": "Discard",
    "ui.inbox.tip.open": "Open the e-mails that belong to no case and are not form submissions",
    "ui.inbox.tip.register": "Register a case from the chosen e-mail (channel e-mail)",
    "ui.inbox.tip.discard": "Discard the chosen e-mail, with a reason that is recorded",
    "ui.inbox.reason": "Reason to discard",
    "ui.inbox.discarded": "Message discarded.",
    "ui.inbox.column.when": "Received",
    "ui.inbox.column.from": "From",
    "ui.inbox.column.subject": "Subject",
    "ui.inbox.justification": "Came in by e-mail to the help desk ({sender}).",
}
